namespace DiffGen;

/// <summary>Losses by Keras name, as <c>model.compile(loss: "mse")</c> takes them.</summary>
public static class Losses
{
    private static readonly SortedDictionary<string, Func<string, Loss>> s_known = new(StringComparer.Ordinal)
    {
        ["binary_crossentropy"] = name => new BinaryCrossentropy(name: name),
        ["categorical_crossentropy"] = name => new CategoricalCrossentropy(name: name),
        ["huber"] = name => new Huber(name: name),
        ["huber_loss"] = name => new Huber(name: name), // the name a Huber() carries, so a saved model loads back
        ["mae"] = name => new MeanAbsoluteError(name),
        ["mean_absolute_error"] = name => new MeanAbsoluteError(name),
        ["mean_squared_error"] = name => new MeanSquaredError(name),
        ["mse"] = name => new MeanSquaredError(name),
        ["sparse_categorical_crossentropy"] = name => new SparseCategoricalCrossentropy(name: name),
    };

    /// <summary>The names <see cref="Get"/> knows, in lower case.</summary>
    public static IReadOnlyCollection<string> KnownNames => s_known.Keys;

    /// <summary>
    /// A new loss with Keras' defaults for <paramref name="name"/> (any case): <c>mse</c>/<c>mean_squared_error</c>,
    /// <c>mae</c>/<c>mean_absolute_error</c>, <c>binary_crossentropy</c>, <c>categorical_crossentropy</c>,
    /// <c>sparse_categorical_crossentropy</c>, <c>huber</c>/<c>huber_loss</c>. The loss is named by the string given, as Keras'
    /// <c>compile</c> names it, so errors say <c>mse: …</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones. An unknown name is never mapped to a default.</exception>
    public static Loss Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_known.TryGetValue(name.ToLowerInvariant(), out var create)
            ? create(name)
            : throw new ArgumentException($"Unknown loss '{name}'. Known losses: {string.Join(", ", s_known.Keys.Select(k => $"'{k}'"))}.", nameof(name));
    }
}
