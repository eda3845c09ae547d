namespace DiffGen;

/// <summary>
/// A Keras layer: holds weights created on the first call from the input shape, and maps a batch of inputs (first
/// axis: samples) to outputs with differentiable ops, so any active <see cref="GradientTape"/> records it
/// (<c>tape.Gradient(loss, layer.TrainableVariables)</c>).
/// </summary>
public abstract partial class Layer
{
    private readonly List<Variable> _weights = [];
    private readonly List<Tensor> _losses = [];

    /// <summary>The last batch shape <see cref="CheckInput"/> accepted (a built layer's check depends on the shape alone).</summary>
    private Shape? _checkedBatchShape;

    /// <summary>A layer named <paramref name="name"/>, or automatically from <paramref name="defaultPrefix"/> (<c>dense</c>, <c>dense_1</c>, …).</summary>
    protected Layer(string? name, string defaultPrefix)
    {
        Name = name ?? LayerNames.Next(defaultPrefix);
    }

    /// <summary>The layer's name, unique within a model.</summary>
    public string Name { get; }

    /// <summary>Whether training updates this layer's weights (set false to freeze it).</summary>
    public bool Trainable { get; set; } = true;

    /// <summary>Whether the weights exist (after <c>Build</c> or the first <see cref="Call(Tensor, bool)"/>).</summary>
    public bool Built { get; private set; }

    /// <summary>The shape of one input sample (without the batch axis), known once built.</summary>
    public Shape? InputShape { get; private set; }

    /// <summary>All weights, in creation order (Keras order: kernel, then bias).</summary>
    public virtual IReadOnlyList<Variable> Weights => _weights;

    /// <summary>The weights training updates: none when the layer is frozen.</summary>
    public virtual IReadOnlyList<Variable> TrainableVariables
    {
        get
        {
            var variables = new List<Variable>();
            if (Trainable)
            {
                foreach (var weight in Weights)
                {
                    if (weight.Trainable)
                    {
                        variables.Add(weight);
                    }
                }
            }

            return variables;
        }
    }

    /// <summary>The weights training leaves alone.</summary>
    public virtual IReadOnlyList<Variable> NonTrainableVariables => Trainable ? [.. Weights.Where(w => !w.Trainable)] : Weights;

    /// <summary>Regularization penalties of the last call, added to the training loss by <see cref="O:DiffGen.Model.Fit"/>.</summary>
    public virtual IReadOnlyList<Tensor> Losses => _losses;

    /// <summary>The Keras class name shown by <c>Summary()</c> and saved with the model.</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>
    /// Where a <c>.keras</c> file keeps this layer's variables below its own group: Keras saves a layer's own
    /// variables in <c>vars</c> and those of a sub-object in a group named after the attribute (a recurrent layer's
    /// <c>cell/vars</c>).
    /// </summary>
    internal virtual string KerasVariablesPath => "vars";

    /// <summary>
    /// Applies the layer to a batch (Keras: <c>layer(x)</c>), building it on the first call from the input's shape.
    /// <paramref name="training"/> switches layers such as <see cref="Dropout"/> to their training behaviour.
    /// </summary>
    public Tensor Call(Tensor inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank < 1)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}): the input is a scalar; a layer takes a batch with the samples along the first axis.", nameof(inputs));
        }

        if (!Built)
        {
            Build(SampleShape(inputs.Shape));
        }
        else if (inputs.Shape != _checkedBatchShape)
        {
            CheckInput(SampleShape(inputs.Shape), inputs.Shape);
            _checkedBatchShape = inputs.Shape;
        }

        _losses.Clear();
        return Forward(inputs, training);
    }

    /// <summary>
    /// Creates the weights for samples of shape <paramref name="inputShape"/> (without the batch axis; a leading −1
    /// for Keras' None batch is accepted and dropped).
    /// </summary>
    public void Build(params int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        Build(new Shape(inputShape.Length > 0 && inputShape[0] == -1 ? inputShape[1..] : inputShape));
    }

    /// <summary>Creates the weights for samples of shape <paramref name="sampleShape"/>.</summary>
    public void Build(Shape sampleShape)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (Built)
        {
            CheckInput(sampleShape, sampleShape);
            return;
        }

        BuildCore(sampleShape);
        InputShape = sampleShape;
        Built = true;
    }

    /// <summary>The shape of one output sample for input samples of shape <paramref name="sampleShape"/>.</summary>
    public abstract Shape ComputeOutputShape(Shape sampleShape);

    /// <summary>The weights' values in <see cref="Weights"/> order (Keras: <c>get_weights()</c>).</summary>
    public Tensor[] GetWeights() => [.. Weights.Select(w => w.Peek().MarkShared())];

    /// <summary>
    /// Replaces the weights (Keras order: kernel, then bias). Checks the count and every shape first and names the
    /// mismatch; on error nothing changes.
    /// </summary>
    public void SetWeights(params Tensor[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var own = Weights;
        if (weights.Length != own.Count)
        {
            throw new ArgumentException($"SetWeights: '{Name}' has {own.Count} weights ({string.Join(", ", own.Select(w => $"{w.Name} {w.Shape}"))}) but {weights.Length} were given.", nameof(weights));
        }

        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i].Shape != own[i].Shape)
            {
                throw new ArgumentException($"SetWeights: '{Name}' weight {i} ('{own[i].Name}') has shape {own[i].Shape} but the value given has shape {weights[i].Shape}.", nameof(weights));
            }
        }

        for (var i = 0; i < weights.Length; i++)
        {
            own[i].Assign(weights[i]);
        }
    }

    /// <summary>The number of weight values.</summary>
    public int CountParams() => Weights.Sum(w => w.Shape.Size);

    /// <summary>The constructor arguments that recreate this layer (saved as JSON by <see cref="Model.Save"/>).</summary>
    public abstract IReadOnlyDictionary<string, object?> GetConfig();

    /// <summary>Creates the weights; called once with the shape of one input sample.</summary>
    protected virtual void BuildCore(Shape sampleShape)
    {
    }

    /// <summary>The layer's computation on a batch, with <see cref="Ops"/> so that tapes record it.</summary>
    protected abstract Tensor Forward(Tensor inputs, bool training);

    /// <summary>Checks a later input against the shape the layer was built for; the message names the layer and both shapes.</summary>
    protected virtual void CheckInput(Shape sampleShape, Shape batchShape)
    {
        if (InputShape is { } expected && expected != sampleShape)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) was built for inputs of shape (None, {string.Join(", ", expected.Dimensions.ToArray())}) but received shape {batchShape}.");
        }
    }

    /// <summary>Adds a weight created by <paramref name="initializer"/>.</summary>
    protected Variable AddWeight(string name, Shape shape, Initializer initializer, bool trainable = true)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        var variable = new Variable(initializer.Generate(shape), name, trainable);
        _weights.Add(variable);
        return variable;
    }

    /// <summary>Adds a regularization penalty for this call (recorded on the tape like any op).</summary>
    protected void AddLoss(Tensor penalty)
    {
        // Read after the call (model.Losses), possibly after the TensorScope of a Fit step: never released.
        TensorScope.Detach(penalty);
        _losses.Add(penalty);
    }

    private static Shape SampleShape(Shape batchShape) => new(batchShape.Dimensions[1..].ToArray());
}
