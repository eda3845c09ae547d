namespace DiffGen;

/// <summary>
/// Categorical cross-entropy with one-hot (or soft) labels — Keras' <c>keras.losses.CategoricalCrossentropy</c>:
/// per sample <c>−Σ z·log p</c> along the class axis. On probabilities each row is first rescaled to sum to 1 and
/// clipped to [1e-7, 1 − 1e-7]; on logits (<c>fromLogits: true</c>) log p is <see cref="Ops.LogSoftmax"/>, never
/// softmax-then-log, so any logit gives a finite loss. Label smoothing: <c>z·(1 − s) + s/K</c> for K classes.
/// </summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>A categorical cross-entropy, named <c>categorical_crossentropy</c> unless <paramref name="name"/> says otherwise.</summary>
    /// <param name="fromLogits">Whether predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">In [0, 1]; 0 leaves labels as they are.</param>
    /// <param name="axis">The class axis (the last by default).</param>
    /// <param name="name">The loss's name.</param>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (see <see cref="Loss.Reduction"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0, int axis = -1, string? name = null, string? reduction = LossReduction.SumOverBatchSize)
        : base(name ?? "categorical_crossentropy", reduction)
    {
        FromLogits = fromLogits;
        LabelSmoothing = Probabilities.CheckLabelSmoothing(Name, labelSmoothing);
        Axis = axis;
    }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The label-smoothing factor.</summary>
    public double LabelSmoothing { get; }

    /// <summary>The class axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["from_logits"] = FromLogits, ["label_smoothing"] = LabelSmoothing, ["axis"] = Axis };

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (trueShape, predShape) = LossShapes.SqueezeOrExpand(yTrue.Shape, yPred.Shape);
        if (trueShape != predShape || predShape.Rank == 0)
        {
            var looksSparse = yPred.Rank > 0 && (yTrue.Shape == yPred.Shape.WithDimension(yPred.Rank - 1, null)
                || (yTrue.Rank == yPred.Rank && yTrue.Shape[-1] == 1 && yPred.Shape[-1] > 1));
            throw LossShapes.Mismatch(Name, yTrue.Shape, yPred.Shape, looksSparse ? " (y_true looks like class indices: use sparse_categorical_crossentropy)" : null);
        }

        var z = LossShapes.Reshaped(yTrue, trueShape);
        var x = LossShapes.Reshaped(yPred, predShape);
        var axis = predShape.NormalizeAxis(Axis, Name);
        if (LabelSmoothing > 0)
        {
            z = (z * (float)(1 - LabelSmoothing)) + (float)(LabelSmoothing / predShape[axis]);
        }

        Tensor logP;
        if (FromLogits)
        {
            logP = Ops.LogSoftmax(x, axis);
        }
        else
        {
            var rescaled = x / Ops.ReduceSum(x, axis, keepDims: true);
            logP = Ops.Log(Probabilities.Clip(rescaled));
        }

        return -Ops.ReduceSum(z * logP, axis);
    }
}
