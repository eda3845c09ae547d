namespace DiffGen;

/// <summary>Initializers by Keras name.</summary>
public static class Initializers
{
    private static readonly Dictionary<string, Func<Initializer>> s_known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["glorot_uniform"] = () => new GlorotUniform(),
        ["glorot_normal"] = () => new GlorotNormal(),
        ["he_normal"] = () => new HeNormal(),
        ["he_uniform"] = () => new HeUniform(),
        ["zeros"] = () => new Zeros(),
        ["ones"] = () => new Ones(),
        ["random_normal"] = () => new RandomNormal(),
        ["random_uniform"] = () => new RandomUniform(),
        ["orthogonal"] = () => new Orthogonal(),
    };

    /// <summary>The names <see cref="Get"/> knows.</summary>
    public static IReadOnlyCollection<string> Names => s_known.Keys;

    /// <summary>A new initializer by name; an unknown name is an error listing the known ones.</summary>
    public static Initializer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_known.TryGetValue(name, out var create)
            ? create()
            : throw new ArgumentException($"Unknown initializer '{name}'. Known initializers: {string.Join(", ", s_known.Keys)}.", nameof(name));
    }
}
