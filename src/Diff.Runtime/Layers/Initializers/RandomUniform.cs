namespace DiffGen;

/// <summary>Uniform values, by default in [−0.05, 0.05) as in Keras.</summary>
public sealed class RandomUniform(double minValue = -0.05, double maxValue = 0.05, int? seed = null) : Initializer(seed)
{
    /// <inheritdoc/>
    public override string Name => "random_uniform";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random) => Uniform(shape, random, minValue, maxValue);
}
