namespace DiffGen;

/// <summary>
/// The running mean absolute error — Keras' <c>keras.metrics.MeanAbsoluteError</c> (called
/// <c>MeanAbsoluteErrorMetric</c> here because <see cref="MeanAbsoluteError"/> is the loss): per sample
/// <c>mean(|y_true − y_pred|, axis=-1)</c>, with the loss's shape rules.
/// </summary>
public sealed class MeanAbsoluteErrorMetric : Metric
{
    /// <summary>Reported as <paramref name="name"/>: Keras' class default <c>mean_absolute_error</c>, or <c>mae</c> when looked up by that name.</summary>
    public MeanAbsoluteErrorMetric(string name = "mean_absolute_error")
        : base(name)
    {
    }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (sum, samples) = SampleMeans.OverLastAxis(Name, yTrue, yPred, static (t, p) => Math.Abs(t - p));
        Accumulate(sum, samples);
    }
}
