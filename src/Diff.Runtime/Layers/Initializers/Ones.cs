namespace DiffGen;

/// <summary>All ones.</summary>
public sealed class Ones() : Initializer(null)
{
    /// <inheritdoc/>
    public override string Name => "ones";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random) => Tensor.Ones(shape);
}
