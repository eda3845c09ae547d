namespace DiffGen;

/// <summary>
/// Keras' <c>GlobalAveragePooling2D</c>: the mean over height and width of each channel, (batch, h, w, c) →
/// (batch, c), or (batch, 1, 1, c) with <paramref name="keepdims"/>.
/// </summary>
public sealed class GlobalAveragePooling2D(bool keepdims = false, string? name = null) : Layer(name, "global_average_pooling2d")
{
    /// <summary>Whether the pooled axes stay, with size 1.</summary>
    public bool Keepdims { get; } = keepdims;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        if (sampleShape.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' (GlobalAveragePooling2D) expects inputs of shape (batch, height, width, channels) but received input of shape {LayerShapes.WithNoneBatch(sampleShape)}.");
        }

        return Keepdims ? new Shape(1, 1, sampleShape[2]) : new Shape(sampleShape[2]);
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["data_format"] = "channels_last",
        ["keepdims"] = Keepdims,
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape) => ComputeOutputShape(sampleShape);

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape) => ComputeOutputShape(sampleShape);

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int batch = inputs.Shape[0], channels = inputs.Shape[3];
        var mean = Ops.ReduceMean(Ops.Reshape(inputs, batch, inputs.Shape[1] * inputs.Shape[2], channels), axis: 1);
        return Keepdims ? Ops.Reshape(mean, batch, 1, 1, channels) : mean;
    }
}
