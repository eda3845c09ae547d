namespace DiffGen;

/// <summary>
/// The running mean squared error — Keras' <c>keras.metrics.MeanSquaredError</c> (called
/// <c>MeanSquaredErrorMetric</c> here because <see cref="MeanSquaredError"/> is the loss): per sample
/// <c>mean((y_true − y_pred)², axis=-1)</c>, with the loss's shape rules.
/// </summary>
public sealed class MeanSquaredErrorMetric : Metric
{
    /// <summary>Reported as <paramref name="name"/>: Keras' class default <c>mean_squared_error</c>, or <c>mse</c> when looked up by that name.</summary>
    public MeanSquaredErrorMetric(string name = "mean_squared_error")
        : base(name)
    {
    }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (sum, samples) = SampleMeans.OverLastAxis(Name, yTrue, yPred, static (t, p) => (t - p) * (t - p));
        Accumulate(sum, samples);
    }
}
