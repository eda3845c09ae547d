namespace DiffGen;

/// <summary>Metrics by Keras name, as <c>model.compile(metrics: ["accuracy"])</c> takes them.</summary>
public static class Metrics
{
    private static readonly SortedDictionary<string, Func<string, Metric>> s_known = new(StringComparer.Ordinal)
    {
        ["acc"] = name => new ShapeResolvedAccuracy(name),
        ["accuracy"] = name => new ShapeResolvedAccuracy(name),
        ["binary_accuracy"] = name => new BinaryAccuracy(name),
        ["categorical_accuracy"] = name => new CategoricalAccuracy(name),
        ["mae"] = name => new MeanAbsoluteErrorMetric(name),
        ["mean_absolute_error"] = name => new MeanAbsoluteErrorMetric(name),
        ["mean_squared_error"] = name => new MeanSquaredErrorMetric(name),
        ["mse"] = name => new MeanSquaredErrorMetric(name),
        ["sparse_categorical_accuracy"] = name => new SparseCategoricalAccuracy(name),
    };

    /// <summary>The names <see cref="Get"/> knows, in lower case.</summary>
    public static IReadOnlyCollection<string> KnownNames => s_known.Keys;

    /// <summary>
    /// A new metric for <paramref name="name"/> (any case), reported under the name as given — Keras' History keys
    /// (<c>accuracy</c>, <c>mae</c>, <c>mse</c>). <c>"accuracy"</c>/<c>"acc"</c> become binary, categorical or sparse
    /// categorical accuracy as Keras 3 chooses: from the shapes of the first batch (see the remarks).
    /// </summary>
    /// <param name="name">The metric's Keras name.</param>
    /// <param name="loss">
    /// The compiled loss. Keras 3 does not consult it — its <c>"accuracy"</c> follows the shapes alone, so a
    /// multi-label model trained with <c>binary_crossentropy</c> gets categorical accuracy, as in Keras 3 — and it
    /// is accepted here so that a training loop can pass what it compiled with.
    /// </param>
    /// <remarks>
    /// Accuracy resolution, on the first <see cref="Metric.UpdateState"/>: predictions with a last axis of 1 → binary
    /// accuracy; labels of lower rank than the predictions, or labels ending in 1 against several classes → sparse
    /// categorical accuracy; otherwise categorical accuracy.
    /// </remarks>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Metric Get(string name, Loss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _ = loss;
        return s_known.TryGetValue(name.ToLowerInvariant(), out var create)
            ? create(name)
            : throw new ArgumentException($"Unknown metric '{name}'. Known metrics: {string.Join(", ", s_known.Keys.Select(k => $"'{k}'"))}.", nameof(name));
    }
}
