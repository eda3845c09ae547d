namespace DiffGen;

/// <summary>
/// The functional API (Keras' <c>keras.Model(inputs, outputs)</c>): a model is the graph of layer calls from
/// <see cref="Input"/>s to outputs, with several inputs and outputs, shared layers and merge layers.
/// <code>
/// var a = new Input([4], "a");
/// var b = new Input([3], "b");
/// var shared = new Dense(8, activation: "relu");
/// var h = new Concatenate().Call(shared.Call(a), new Dense(8).Call(b));
/// var model = new Model([a, b], [new Dense(1, name: "score").Call(h), new Dense(2, name: "kind").Call(h)]);
/// </code>
/// </summary>
public partial class Model
{
    private readonly FunctionalGraph? _graph;

    /// <summary>
    /// A model from symbolic <paramref name="inputs"/> (each an <see cref="Input"/>) to <paramref name="outputs"/> (the
    /// results of layer calls on them). Every layer is already built by those calls.
    /// </summary>
    /// <exception cref="ArgumentException">An output is not reachable from the inputs (the message names the input it needs), an input is not an <see cref="Input"/>, or two layers share a name.</exception>
    public Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null)
        : this(inputs, outputs, name, singleInput: false, singleOutput: false)
    {
    }

    /// <summary>A model of one input and one output.</summary>
    /// <inheritdoc cref="Model(IReadOnlyList{KerasTensor}, IReadOnlyList{KerasTensor}, string?)"/>
    public Model(KerasTensor inputs, KerasTensor outputs, string? name = null)
        : this([inputs], [outputs], name, singleInput: true, singleOutput: true)
    {
    }

    /// <summary>A functional model that remembers whether each side was one tensor or a list (as Keras' config records it).</summary>
    internal Model(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name, bool singleInput, bool singleOutput)
        : base(name, "functional")
    {
        _graph = new FunctionalGraph(Name, inputs, outputs, singleInput, singleOutput);

        // A Layer's InputShape is one sample shape: the first input's; the graph checks the others on every call.
        Build(_graph.Inputs[0].Shape);
    }

    /// <summary>The symbolic inputs (Keras' <c>model.inputs</c>); empty for a <see cref="Sequential"/>.</summary>
    public IReadOnlyList<KerasTensor> Inputs => _graph?.Inputs ?? [];

    /// <summary>The symbolic outputs (Keras' <c>model.outputs</c>); empty for a <see cref="Sequential"/>.</summary>
    public IReadOnlyList<KerasTensor> Outputs => _graph?.Outputs ?? [];

    /// <summary>
    /// The outputs' names, as Keras 3 names them: the name of the layer that produced each. A loss or loss weight given
    /// by dictionary is matched to these; with several outputs, <c>Fit</c> logs each output's loss as <c>{name}_loss</c>.
    /// </summary>
    public IReadOnlyList<string> OutputNames => _graph is null ? [Layers.LastOrDefault()?.Name ?? Name] : [.. _graph.Outputs.Select(o => o.Layer.Name)];

    /// <inheritdoc/>
    public override string TypeName => "Functional";

    /// <summary>The graph behind a functional model; what a model without one must override instead.</summary>
    internal FunctionalGraph? FunctionalGraph => _graph;

    /// <summary>
    /// The model applied to one batch per input (Keras: <c>model([xa, xb])</c>): one tensor per output, recorded by
    /// any active tape.
    /// </summary>
    /// <exception cref="ArgumentException">The count or the shape of an input does not match; the message names both shapes.</exception>
    public Tensor[] Call(IReadOnlyList<Tensor> inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return CallAll(inputs, training);
    }

    /// <summary>
    /// The outputs for batches of every input: the graph's for a functional model, the single <see cref="Layer.Call(Tensor, bool)"/>
    /// for any other. The one forward pass Fit, Evaluate and Predict use.
    /// </summary>
    internal Tensor[] CallAll(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (_graph is not null)
        {
            return _graph.Run(Name, inputs, training);
        }

        if (inputs.Count != 1)
        {
            throw new ArgumentException($"Model '{Name}' ({TypeName}) has one input but was given {inputs.Count} tensors.");
        }

        return [Call(inputs[0], training)];
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        var graph = Graph("ComputeOutputShape");
        return graph.Inputs.Count == 1 && graph.Outputs.Count == 1 && sampleShape == graph.Inputs[0].Shape
            ? graph.Outputs[0].Shape
            : throw new ArgumentException($"Model '{Name}' takes {string.Join(", ", graph.Inputs.Select(i => LayerShapes.WithNoneBatch(i.Shape)))}, not {LayerShapes.WithNoneBatch(sampleShape)}.");
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => FunctionalConfig.ToConfig(this, Graph("GetConfig"));

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        var graph = Graph("Call");
        if (graph.Inputs.Count != 1 || graph.Outputs.Count != 1)
        {
            throw new ArgumentException(
                $"Model '{Name}' has {graph.Inputs.Count} input(s) and {graph.Outputs.Count} output(s); call it with Call([x1, x2, …]) or Predict([x1, x2, …]), which return one tensor per output.");
        }

        return graph.Run(Name, [inputs], training)[0];
    }

    /// <summary>The graph, or an error: a subclass that is not functional must override what it calls.</summary>
    private FunctionalGraph Graph(string what) =>
        _graph ?? throw new NotSupportedException($"{GetType().Name} '{Name}' must override {what}: it is neither a Sequential nor a functional model (new Model(inputs, outputs)).");
}
