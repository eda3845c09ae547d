namespace DiffGen;

/// <summary>
/// Declares the shape of one input sample as the first layer of a <see cref="Sequential"/> (Keras'
/// <c>keras.Input(shape=(784,))</c>), so the model is built — and <c>Summary()</c> works — before any data is seen.
/// In the functional API it is where the graph starts: it converts to its symbolic tensor (<see cref="Output"/>), so
/// <c>dense.Call(input)</c> and <c>new Model(input, output)</c> take it directly.
/// </summary>
public sealed class Input : Layer
{
    /// <summary>Samples of shape <paramref name="shape"/> (without the batch axis).</summary>
    public Input(params int[] shape)
        : this(shape, null)
    {
    }

    /// <summary>
    /// A named input of samples of shape <paramref name="shape"/>: in the functional API it stands for its symbolic
    /// tensor (<see cref="Output"/>), as Keras' <c>keras.Input(shape=(4,), name="a")</c>.
    /// </summary>
    public Input(int[] shape, string? name)
        : base(name, "input_layer")
    {
        ArgumentNullException.ThrowIfNull(shape);
        Build(new Shape(shape));
        Output = new Node(this, [], InputShape!).Output;
    }

    /// <summary>The symbolic tensor the functional API starts from (Keras' <c>input_layer.output</c>).</summary>
    public KerasTensor Output { get; }

    /// <summary>An input used where a symbolic tensor is expected: <c>dense.Call(input)</c>, <c>new Model(input, output)</c>.</summary>
    public static implicit operator KerasTensor(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Output;
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
