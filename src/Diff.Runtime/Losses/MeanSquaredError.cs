namespace DiffGen;

/// <summary>Mean squared error — Keras' <c>keras.losses.MeanSquaredError</c>: per sample <c>mean((y_true − y_pred)², axis=-1)</c>.</summary>
public sealed class MeanSquaredError : Loss
{
    /// <summary>A mean-squared-error loss, named <c>mean_squared_error</c> unless <paramref name="name"/> says otherwise.</summary>
    /// <param name="name">The loss's name.</param>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (see <see cref="Loss.Reduction"/>).</param>
    public MeanSquaredError(string? name = null, string? reduction = LossReduction.SumOverBatchSize)
        : base(name ?? "mean_squared_error", reduction)
    {
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Elementwise(yTrue, yPred);
        return t.Rank > 0 && t.Shape[-1] > 0
            ? Ops.MeanSquaredErrorRows(t, p)
            : Ops.ReduceMean(Ops.Square(t - p), axis: -1);
    }
}
