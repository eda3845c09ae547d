namespace DiffGen;

/// <summary>Keras' <c>Flatten</c>: each sample becomes a vector, (batch, d1, d2, …) → (batch, d1·d2·…).</summary>
public sealed class Flatten(string? name = null) : Layer(name, "flatten")
{
    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) => new(sampleShape.Size);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name };

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Ops.Reshape(inputs, inputs.Shape[0], -1);
}
