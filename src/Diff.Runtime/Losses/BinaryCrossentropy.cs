namespace DiffGen;

/// <summary>
/// Binary cross-entropy — Keras' <c>keras.losses.BinaryCrossentropy</c>, averaged over the last axis per sample.
/// On probabilities, <c>−(z·log p + (1 − z)·log(1 − p))</c> with p clipped to [1e-7, 1 − 1e-7]; on logits
/// (<c>fromLogits: true</c>) the stable form <c>max(x, 0) − x·z + log(1 + e^−|x|)</c>, which stays finite and exact
/// for any logit. Label smoothing moves each label towards ½: <c>z·(1 − s) + s/2</c>.
/// </summary>
public sealed class BinaryCrossentropy : Loss
{
    /// <summary>A binary cross-entropy, named <c>binary_crossentropy</c> unless <paramref name="name"/> says otherwise.</summary>
    /// <param name="fromLogits">Whether predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]; 0 leaves labels as they are.</param>
    /// <param name="name">The loss's name.</param>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (see <see cref="Loss.Reduction"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0, string? name = null, string? reduction = LossReduction.SumOverBatchSize)
        : base(name ?? "binary_crossentropy", reduction)
    {
        FromLogits = fromLogits;
        LabelSmoothing = Probabilities.CheckLabelSmoothing(Name, labelSmoothing);
    }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label-smoothing factor.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["from_logits"] = FromLogits, ["label_smoothing"] = LabelSmoothing };

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (z, x) = Elementwise(yTrue, yPred);
        if (LabelSmoothing > 0)
        {
            z = (z * (float)(1 - LabelSmoothing)) + (float)(0.5 * LabelSmoothing);
        }

        if (FromLogits)
        {
            // Softplus(x) is max(x, 0) + log(1 + e^−|x|), and its pullback is sigmoid(x): the gradient sigmoid(x) − z
            // is exact everywhere, x = 0 included (max and |x| written separately would each take a side at 0).
            return Ops.ReduceMean(Ops.Softplus(x) - (x * z), axis: -1);
        }

        var p = Probabilities.Clip(x);
        var crossEntropy = (z * Ops.Log(p)) + ((1f - z) * Ops.Log(1f - p));
        return Ops.ReduceMean(-crossEntropy, axis: -1);
    }
}
