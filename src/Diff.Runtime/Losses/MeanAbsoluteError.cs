namespace DiffGen;

/// <summary>
/// Mean absolute error — Keras' <c>keras.losses.MeanAbsoluteError</c>: per sample
/// <c>mean(|y_true − y_pred|, axis=-1)</c>. Its gradient where a prediction equals its label is 0 (TensorFlow's |x|'(0)).
/// </summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <summary>A mean-absolute-error loss, named <c>mean_absolute_error</c> unless <paramref name="name"/> says otherwise.</summary>
    public MeanAbsoluteError(string? name = null)
        : base(name ?? "mean_absolute_error")
    {
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Elementwise(yTrue, yPred);
        return Ops.ReduceMean(Ops.Abs(t - p), axis: -1);
    }
}
