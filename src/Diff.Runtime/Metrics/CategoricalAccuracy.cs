namespace DiffGen;

/// <summary>
/// How often the predicted class matches a one-hot label — Keras' <c>keras.metrics.CategoricalAccuracy</c>: a sample
/// is correct when the argmax of its prediction equals the argmax of its label along the last axis (the first
/// maximum wins a tie, as <c>argmax</c> does). Works on probabilities and logits alike.
/// </summary>
public sealed class CategoricalAccuracy : Metric
{
    /// <summary>Reported as <paramref name="name"/> (Keras' default <c>categorical_accuracy</c>).</summary>
    public CategoricalAccuracy(string name = "categorical_accuracy")
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
        if (yTrue.Shape != yPred.Shape || yPred.Rank == 0)
        {
            throw LossShapes.Mismatch(name, yTrue.Shape, yPred.Shape, "; categorical accuracy compares one-hot labels with predictions of the same shape");
        }

        var classes = yPred.Shape[-1];
        var samples = classes == 0 ? 0 : yPred.Size / classes;
        ReadOnlySpan<float> t = yTrue.AsSpan(), p = yPred.AsSpan();
        var correct = 0L;
        for (var s = 0; s < samples; s++)
        {
            if (ArgMax(t.Slice(s * classes, classes)) == ArgMax(p.Slice(s * classes, classes)))
            {
                correct++;
            }
        }

        return (correct, samples);
    }

    /// <summary>The index of the first largest value (NumPy's and TensorFlow's <c>argmax</c>).</summary>
    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}
