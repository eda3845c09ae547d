namespace DiffGen;

/// <summary>
/// The metric behind the strings <c>"accuracy"</c> and <c>"acc"</c>. Keras 3 (<c>compile_utils.get_metric</c>)
/// picks the kind from the shapes of the first batch, and so does this, on its first <see cref="UpdateState"/>:
/// binary accuracy when the predictions' last axis is 1; sparse categorical when the labels have a lower rank than
/// the predictions, or a last axis of 1 against several classes; categorical otherwise. The choice then holds.
/// </summary>
internal sealed class ShapeResolvedAccuracy(string name) : Metric(name)
{
    private Func<Tensor, Tensor, (double Correct, long Samples)>? _count;

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (_count is null)
        {
            Resolve(yTrue.Shape, yPred.Shape);
        }

        var (correct, samples) = _count!(yTrue, yPred);
        Accumulate(correct, samples);
    }

    private void Resolve(Shape yTrue, Shape yPred)
    {
        if (yTrue.Rank == 0 || yPred.Rank == 0)
        {
            throw LossShapes.Mismatch(Name, yTrue, yPred, "; accuracy needs a batch axis");
        }

        var isBinary = yPred[-1] == 1;
        var isSparse = yTrue.Rank < yPred.Rank || (yTrue[-1] == 1 && yPred[-1] > 1);
        _count = isBinary ? (t, p) => BinaryAccuracy.Count(Name, t, p)
            : isSparse ? (t, p) => SparseCategoricalAccuracy.Count(Name, t, p)
            : (t, p) => CategoricalAccuracy.Count(Name, t, p);
    }
}
