namespace DiffGen;

/// <summary>Normal values, by default N(0, 0.05²) as in Keras.</summary>
public sealed class RandomNormal(double mean = 0, double stddev = 0.05, int? seed = null) : Initializer(seed)
{
    /// <inheritdoc/>
    public override string Name => "random_normal";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random) => Normal(shape, random, mean, stddev, truncated: false);
}
