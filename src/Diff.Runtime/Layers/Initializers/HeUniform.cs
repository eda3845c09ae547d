namespace DiffGen;

/// <summary>Uniform in ±√(6 / fan_in).</summary>
public sealed class HeUniform(int? seed = null) : Initializer(seed)
{
    /// <inheritdoc/>
    public override string Name => "he_uniform";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random)
    {
        var limit = Math.Sqrt(6 / Fans(shape).FanIn);
        return Uniform(shape, random, -limit, limit);
    }
}
