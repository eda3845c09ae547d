namespace DiffGen;

/// <summary>
/// How often the predicted class equals an integer label — Keras' <c>keras.metrics.SparseCategoricalAccuracy</c>:
/// labels are class indices stored as floats, shape (n,) or (n, 1) against predictions (n, K); a sample is correct
/// when the argmax of its prediction equals its label.
/// </summary>
public sealed class SparseCategoricalAccuracy : Metric
{
    /// <summary>Reported as <paramref name="name"/> (Keras' default <c>sparse_categorical_accuracy</c>).</summary>
    public SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy")
        : base(name)
    {
    }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (correct, samples) = Count(Name, yTrue, yPred);
        Accumulate(correct, samples);
    }

    /// <summary>The number of correct samples and the number of samples.</summary>
    internal static (double Correct, long Samples) Count(string name, Tensor yTrue, Tensor yPred)
    {
        var classes = LossShapes.SparseClasses(name, yTrue.Shape, yPred.Shape);
        ReadOnlySpan<float> labels = yTrue.AsSpan(), p = yPred.AsSpan();
        var correct = 0L;
        for (var s = 0; s < labels.Length; s++)
        {
            // The label is compared as a float, as Keras casts the argmax to y_true's dtype: 1.5 never matches.
            if (labels[s] == CategoricalAccuracy.ArgMax(p.Slice(s * classes, classes)))
            {
                correct++;
            }
        }

        return (correct, labels.Length);
    }
}
