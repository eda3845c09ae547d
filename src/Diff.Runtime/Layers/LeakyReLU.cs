namespace DiffGen;

/// <summary>Keras' <c>LeakyReLU</c> layer: x for x &gt; 0, else slope·x, with the layer's default slope 0.3.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.3, string? name = null) : Layer(name, "leaky_re_lu")
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) => sampleShape;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?> { ["name"] = Name, ["negative_slope"] = NegativeSlope };

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        // Elementwise: any shape.
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Ops.LeakyRelu(inputs, (float)NegativeSlope);
}
