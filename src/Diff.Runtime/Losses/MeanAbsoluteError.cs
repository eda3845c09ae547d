namespace DiffGen;

/// <summary>
/// Mean absolute error — Keras' <c>keras.losses.MeanAbsoluteError</c>: per sample
/// <c>mean(|y_true − y_pred|, axis=-1)</c>. Its gradient where a prediction equals its label is 0 (TensorFlow's |x|'(0)).
/// </summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <summary>A mean-absolute-error loss, named <c>mean_absolute_error</c> unless <paramref name="name"/> says otherwise.</summary>
    /// <param name="name">The loss's name.</param>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (see <see cref="Loss.Reduction"/>).</param>
    public MeanAbsoluteError(string? name = null, string? reduction = LossReduction.SumOverBatchSize)
        : base(name ?? "mean_absolute_error", reduction)
    {
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Elementwise(yTrue, yPred);
        return Ops.ReduceMean(Ops.Abs(t - p), axis: -1);
    }
}
