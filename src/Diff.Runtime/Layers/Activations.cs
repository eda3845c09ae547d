namespace DiffGen;

/// <summary>Keras' activation functions by name (<c>keras.activations.get</c>).</summary>
public static class Activations
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> s_known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = static x => x,
        ["relu"] = Ops.Relu,
        ["sigmoid"] = Ops.Sigmoid,
        ["tanh"] = Ops.Tanh,
        ["softmax"] = static x => Ops.Softmax(x),
        ["log_softmax"] = static x => Ops.LogSoftmax(x),
        ["gelu"] = static x => Ops.Gelu(x),
        ["elu"] = static x => Ops.Elu(x),
        ["leaky_relu"] = static x => Ops.LeakyRelu(x),
        ["softplus"] = Ops.Softplus,
        ["swish"] = static x => x * Ops.Sigmoid(x),
        ["silu"] = static x => x * Ops.Sigmoid(x),
        ["exponential"] = Ops.Exp,
    };

    /// <summary>The names <see cref="Get"/> knows.</summary>
    public static IReadOnlyCollection<string> Names => s_known.Keys;

    /// <summary>
    /// The activation with this Keras name (<c>gelu</c> is the exact erf form; <c>leaky_relu</c> has slope 0.2, the
    /// function's default). Null or empty means <c>linear</c>. An unknown name is an error listing the known ones.
    /// </summary>
    public static Func<Tensor, Tensor> Get(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return s_known["linear"];
        }

        return s_known.TryGetValue(name, out var function)
            ? function
            : throw new ArgumentException($"Unknown activation '{name}'. Known activations: {string.Join(", ", s_known.Keys)}.", nameof(name));
    }
}
