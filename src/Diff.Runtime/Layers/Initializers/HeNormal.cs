namespace DiffGen;

/// <summary>Truncated normal with standard deviation √(2 / fan_in), for ReLU layers.</summary>
public sealed class HeNormal(int? seed = null) : Initializer(seed)
{
    /// <inheritdoc/>
    public override string Name => "he_normal";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random) =>
        Normal(shape, random, 0, Math.Sqrt(2 / Fans(shape).FanIn) / TruncationCorrection.StandardDeviation, truncated: true);
}
