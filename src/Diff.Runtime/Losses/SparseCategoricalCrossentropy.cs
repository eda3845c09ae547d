namespace DiffGen;

/// <summary>
/// Categorical cross-entropy with integer labels — Keras' <c>keras.losses.SparseCategoricalCrossentropy</c>:
/// labels are class indices stored as floats, shape (n,) or (n, 1) against predictions (n, K); per sample
/// <c>−log p[label]</c>. Probabilities are rescaled to sum to 1 and clipped to [1e-7, 1 − 1e-7] first (so this is
/// exactly <see cref="CategoricalCrossentropy"/> of the one-hot labels); logits go through
/// <see cref="Ops.LogSoftmax"/>. A label that is not an integer in [0, K) is an error naming it.
/// </summary>
public sealed class SparseCategoricalCrossentropy : Loss
{
    /// <summary>A sparse categorical cross-entropy, named <c>sparse_categorical_crossentropy</c> unless <paramref name="name"/> says otherwise.</summary>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (see <see cref="Loss.Reduction"/>).</param>
    /// <param name="fromLogits">Whether predictions are logits rather than probabilities.</param>
    /// <param name="name">The loss's name.</param>
    public SparseCategoricalCrossentropy(bool fromLogits = false, string? name = null, string? reduction = LossReduction.SumOverBatchSize)
        : base(name ?? "sparse_categorical_crossentropy", reduction)
    {
        FromLogits = fromLogits;
    }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["from_logits"] = FromLogits };

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var classes = LossShapes.SparseClasses(Name, yTrue.Shape, yPred.Shape);

        // Picking log p[label] as a product with a constant one-hot keeps the op differentiable with existing ops.
        var oneHot = Probabilities.OneHot(Name, yTrue, yPred.Shape, classes);
        Tensor logP;
        if (FromLogits)
        {
            logP = Ops.LogSoftmax(yPred, -1);
        }
        else
        {
            var rescaled = yPred / Ops.ReduceSum(yPred, -1, keepDims: true);
            logP = Ops.Log(Probabilities.Clip(rescaled));
        }

        return -Ops.ReduceSum(oneHot * logP, -1);
    }
}
