namespace DiffGen;

/// <summary>
/// How often thresholded predictions equal binary labels — Keras' <c>keras.metrics.BinaryAccuracy</c>: a
/// prediction counts as 1 when it is greater than the threshold, and each sample's accuracy is the fraction of its
/// last axis that equals the label exactly. Shapes are reconciled as the losses do.
/// </summary>
public sealed class BinaryAccuracy : Metric
{
    /// <summary>Reported as <paramref name="name"/> (Keras' default <c>binary_accuracy</c>), with predictions above <paramref name="threshold"/> read as 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not strictly between 0 and 1 (Keras rejects it too).</exception>
    public BinaryAccuracy(string name = "binary_accuracy", double threshold = 0.5)
        : base(name)
    {
        Threshold = threshold is > 0 and < 1
            ? threshold
            : throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"{name}: threshold must be in (0, 1).");
    }

    /// <summary>Predictions above it count as 1.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["threshold"] = Threshold };

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (sum, samples) = Count(Name, yTrue, yPred, (float)Threshold);
        Accumulate(sum, samples);
    }

    /// <summary>The sum of per-sample accuracies and the number of samples.</summary>
    internal static (double Sum, long Samples) Count(string name, Tensor yTrue, Tensor yPred, float threshold = 0.5f) =>
        SampleMeans.OverLastAxis(name, yTrue, yPred, (t, p) => t == (p > threshold ? 1.0 : 0.0) ? 1.0 : 0.0);
}
