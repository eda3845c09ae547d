namespace DiffGen;

/// <summary>
/// Declares the shape of one input sample as the first layer of a <see cref="Sequential"/> (Keras'
/// <c>keras.Input(shape=(784,))</c>), so the model is built — and <c>Summary()</c> works — before any data is seen.
/// </summary>
public sealed class Input : Layer
{
    /// <summary>Samples of shape <paramref name="shape"/> (without the batch axis).</summary>
    public Input(params int[] shape)
        : base(null, "input_layer")
    {
        ArgumentNullException.ThrowIfNull(shape);
        Build(new Shape(shape));
    }

    /// <inheritdoc/>
    public override string TypeName => "InputLayer";

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) => sampleShape;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?> { ["name"] = Name, ["shape"] = InputShape!.ToArray() };

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => inputs;
}
