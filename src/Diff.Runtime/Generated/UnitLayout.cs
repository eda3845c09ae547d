namespace DiffGen.Generated;

/// <summary>
/// Where a lifted unit op's operands lie: <see cref="Samples"/> input rows of <see cref="Width"/> values, a kernel of
/// <see cref="Units"/> rows of <see cref="WeightsPerUnit"/> weights, and an output of <see cref="Samples"/> ×
/// <see cref="Units"/> values, row-major.
/// </summary>
internal readonly record struct UnitLayout(int Samples, int Width, int Units, int WeightsPerUnit)
{
    /// <summary>About how many elements one call of the unit function reads: the larger of its two spans.</summary>
    public int CallCost => Math.Max(1, Math.Max(Width, WeightsPerUnit));

    /// <summary>Sample <paramref name="i"/>'s input row.</summary>
    public ReadOnlySpan<float> Input(float[] inputs, int i) => new(inputs, i * Width, Width);

    /// <summary>Unit <paramref name="u"/>'s row of the kernel.</summary>
    public ReadOnlySpan<float> Weights(float[] kernel, int u) => new(kernel, u * WeightsPerUnit, WeightsPerUnit);

    /// <summary>The index of output [i, u].</summary>
    public int Output(int i, int u) => (i * Units) + u;
}
