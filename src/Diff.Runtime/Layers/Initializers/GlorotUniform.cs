namespace DiffGen;

/// <summary>Uniform in ±√(6 / (fan_in + fan_out)) — Keras' default kernel initializer.</summary>
public sealed class GlorotUniform(int? seed = null) : Initializer(seed)
{
    /// <inheritdoc/>
    public override string Name => "glorot_uniform";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random)
    {
        var (fanIn, fanOut) = Fans(shape);
        var limit = Math.Sqrt(6 / (fanIn + fanOut));
        return Uniform(shape, random, -limit, limit);
    }
}
