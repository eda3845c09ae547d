namespace DiffGen;

/// <summary>
/// An activation for <see cref="Dense"/>: a named function of a tensor. A Keras name converts to it
/// (<c>activation: "relu"</c>), and so does any <c>Func&lt;Tensor, Tensor&gt;</c> (named <c>custom</c>).
/// </summary>
public sealed class ActivationFunction
{
    /// <summary>An activation named <paramref name="name"/> computing <paramref name="function"/>.</summary>
    public ActivationFunction(string name, Func<Tensor, Tensor> function)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(function);
        Name = name;
        Function = function;
    }

    /// <summary>The Keras name (saved with the model).</summary>
    public string Name { get; }

    /// <summary>The function, built from <see cref="Ops"/> so that tapes record it.</summary>
    public Func<Tensor, Tensor> Function { get; }

    /// <summary>
    /// The activation with this Keras name; null or empty is <c>linear</c> (as in <see cref="Activations.Get"/>), and
    /// unknown names are an error listing the known ones.
    /// </summary>
    public static implicit operator ActivationFunction(string? name) => new(string.IsNullOrEmpty(name) ? "linear" : name, Activations.Get(name));

    /// <summary>A custom activation.</summary>
    public static implicit operator ActivationFunction(Func<Tensor, Tensor> function) => new("custom", function);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
