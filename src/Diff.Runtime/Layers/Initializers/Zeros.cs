namespace DiffGen;

/// <summary>All zeros — Keras' default bias initializer.</summary>
public sealed class Zeros() : Initializer(null)
{
    /// <inheritdoc/>
    public override string Name => "zeros";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random) => Tensor.Zeros(shape);
}
