namespace DiffGen;

/// <summary>Truncated normal with standard deviation √(2 / (fan_in + fan_out)) (corrected for the truncation, as Keras does).</summary>
public sealed class GlorotNormal(int? seed = null) : Initializer(seed)
{
    /// <inheritdoc/>
    public override string Name => "glorot_normal";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random)
    {
        var (fanIn, fanOut) = Fans(shape);
        return Normal(shape, random, 0, Math.Sqrt(2 / (fanIn + fanOut)) / TruncationCorrection.StandardDeviation, truncated: true);
    }
}
