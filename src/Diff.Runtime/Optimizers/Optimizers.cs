namespace DiffGen;

/// <summary>Optimizers by Keras name, as <c>model.compile(optimizer: "adam")</c> takes them.</summary>
public static class Optimizers
{
    private static readonly SortedDictionary<string, Func<Optimizer>> s_known = new(StringComparer.Ordinal)
    {
        ["adagrad"] = () => new Adagrad(),
        ["adam"] = () => new Adam(),
        ["adamw"] = () => new AdamW(),
        ["nadam"] = () => new Nadam(),
        ["rmsprop"] = () => new RMSprop(),
        ["sgd"] = () => new SGD(),
    };

    /// <summary>The names <see cref="Get"/> knows, in lower case.</summary>
    public static IReadOnlyCollection<string> KnownNames => s_known.Keys;

    /// <summary>
    /// A new optimizer with Keras' defaults for <paramref name="name"/>: <c>sgd</c>, <c>adam</c>, <c>adamw</c>,
    /// <c>nadam</c>, <c>rmsprop</c>, <c>adagrad</c>, in any case (Keras accepts <c>'SGD'</c> and <c>'Adam'</c> too).
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones. An unknown name is never mapped to a default.</exception>
    public static Optimizer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_known.TryGetValue(name.ToLowerInvariant(), out var create)
            ? create()
            : throw new ArgumentException($"Unknown optimizer '{name}'. Known optimizers: {string.Join(", ", s_known.Keys.Select(k => $"'{k}'"))}.", nameof(name));
    }
}
