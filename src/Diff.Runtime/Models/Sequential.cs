namespace DiffGen;

/// <summary>
/// A plain stack of layers, each feeding the next (Keras' <c>Sequential</c>):
/// <code>
/// var model = new Sequential(new Dense(10, activation: "relu"), new Dense(10));
/// model.Compile(optimizer: "sgd", loss: "mse");
/// model.Fit(x, y, epochs: 1000);
/// </code>
/// It is built from the first batch it sees, from <see cref="Layer.Build(int[])"/>, or at once when the first layer
/// is an <see cref="Input"/>.
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];

    /// <summary>A model of <paramref name="layers"/>, in order.</summary>
    public Sequential(params Layer[] layers)
        : this(layers, null)
    {
    }

    /// <summary>A named model of <paramref name="layers"/>, in order.</summary>
    public Sequential(IEnumerable<Layer> layers, string? name = null)
        : base(name, "sequential")
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers, in order (an <see cref="Input"/> included).</summary>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc/>
    public override string TypeName => "Sequential";

    /// <summary>
    /// Reads a Sequential model written by <see cref="Model.Save"/> (<see cref="Model.Load"/> reads functional models
    /// too, as a <see cref="Model"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds a functional model, or is damaged (see <see cref="Model.Load"/>).</exception>
    public static new Sequential Load(
        string path,
        IReadOnlyDictionary<string, Func<Tensor, Tensor>>? customActivations = null,
        IReadOnlyDictionary<string, Func<System.Text.Json.Nodes.JsonObject, Layer>>? customLayers = null,
        IReadOnlyDictionary<string, Loss>? customLosses = null) =>
        Model.Load(path, customActivations, customLayers, customLosses) as Sequential
            ?? throw new InvalidDataException($"Load: {path} holds a functional model; load it with Model.Load.");

    /// <summary>Appends a layer; if the model is already built, the layer is built for the current output shape.</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is Input && _layers.Count > 0)
        {
            throw new ArgumentException($"Sequential '{Name}': an Input can only be the first layer.", nameof(layer));
        }

        if (_layers.Any(existing => existing.Name == layer.Name))
        {
            throw new ArgumentException($"Sequential '{Name}': a layer named '{layer.Name}' is already in the model; layer names must be unique.", nameof(layer));
        }

        if (Built || layer is Input)
        {
            var shape = Built ? ComputeOutputShape(InputShape!) : layer.InputShape!;
            _layers.Add(layer);
            if (Built)
            {
                layer.Build(shape);
            }
            else
            {
                Build(shape);
            }

            return;
        }

        _layers.Add(layer);
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) =>
        _layers.Aggregate(sampleShape, (shape, layer) => layer.ComputeOutputShape(shape));

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["layers"] = _layers.Select(layer => new Dictionary<string, object?> { ["class_name"] = layer.TypeName, ["config"] = layer.GetConfig() }).ToList(),
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        var shape = sampleShape;
        foreach (var layer in _layers)
        {
            layer.Build(shape);
            shape = layer.ComputeOutputShape(shape);
        }
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        var x = inputs;
        foreach (var layer in _layers)
        {
            x = layer.Call(x, training);
        }

        return x;
    }
}
