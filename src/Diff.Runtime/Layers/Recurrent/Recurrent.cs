namespace DiffGen;

/// <summary>
/// What Keras' recurrent layers share (<see cref="LSTM"/>, <see cref="GRU"/>): inputs (batch, timesteps, features),
/// a state per sample updated once per timestep from zero, and as output the last state's h (batch, units) or with
/// <see cref="ReturnSequences"/> every step's (batch, timesteps, units). The input projection x·kernel of all
/// timesteps is one GEMM; each step then multiplies the state by the recurrent kernel. Every step is built from
/// <see cref="Ops"/>, so backpropagation through time is the tape's ordinary backward pass.
/// </summary>
public abstract class Recurrent : Layer
{
    /// <summary>A recurrent layer of <paramref name="units"/> state units.</summary>
    private protected Recurrent(int units, ActivationFunction? activation, ActivationFunction? recurrentActivation, bool useBias, bool returnSequences, bool goBackwards, string? name, string defaultPrefix)
        : base(name, defaultPrefix)
    {
        Units = units >= 1 ? units : throw new ArgumentOutOfRangeException(nameof(units), units, $"{GetType().Name}: units must be at least 1.");
        Activation = activation ?? "tanh";
        RecurrentActivation = recurrentActivation ?? "sigmoid";
        UseBias = useBias;
        ReturnSequences = returnSequences;
        GoBackwards = goBackwards;
    }

    /// <summary>Keras 3's LSTM and GRU create their variables in their cell (<c>LSTMCell</c>, <c>GRUCell</c>), so a <c>.keras</c> file keeps them there.</summary>
    internal override string KerasVariablesPath => "cell/vars";

    /// <summary>The size of the state h (and the output's last axis).</summary>
    public int Units { get; }

    /// <summary>The activation of the candidate state and output (Keras default tanh).</summary>
    public ActivationFunction Activation { get; }

    /// <summary>The activation of the gates (Keras default sigmoid).</summary>
    public ActivationFunction RecurrentActivation { get; }

    /// <summary>Whether biases are added.</summary>
    public bool UseBias { get; }

    /// <summary>Whether the output is every timestep's h (batch, timesteps, units) rather than the last one's.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the sequence is read from its last timestep to its first (outputs then come in that order, as in Keras).</summary>
    public bool GoBackwards { get; }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        RequireSequence(sampleShape);
        return ReturnSequences ? new Shape(sampleShape[0], Units) : new Shape(Units);
    }

    /// <summary>
    /// The output and the final states (Keras' <c>return_state=True</c>): [output, h, c] for an LSTM, [output, h] for
    /// a GRU. Builds the layer on its first call, like <see cref="Layer.Call(Tensor, bool)"/>.
    /// </summary>
    public Tensor[] CallWithState(Tensor inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) expects inputs of shape (batch, timesteps, features) but received input of shape {inputs.Shape}.", nameof(inputs));
        }

        var sampleShape = new Shape(inputs.Shape.Dimensions[1..].ToArray());
        if (!Built)
        {
            Build(sampleShape);
        }
        else
        {
            CheckInput(sampleShape, inputs.Shape);
        }

        var (output, states) = Run(inputs);
        return [output, .. states];
    }

    /// <summary>The number of state tensors (h; h and c for an LSTM).</summary>
    private protected abstract int StateCount { get; }

    /// <summary>x·kernel (+ the input bias) for all timesteps at once: (batch·timesteps, features) → (batch·timesteps, gates·units).</summary>
    private protected abstract Tensor ProjectInputs(Tensor flatInputs);

    /// <summary>One timestep: the projected input (batch, gates·units) and the states before → the states after (h first).</summary>
    private protected abstract Tensor[] Step(Tensor projected, Tensor[] states);

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var features = InputShape![1];
        if (sampleShape.Rank != 2 || sampleShape[1] != features)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) expects inputs of shape (batch, timesteps, {features}) but received input of shape {batchShape}.");
        }
    }

    /// <summary>Checks a sample shape is (timesteps, features); the message names the layer.</summary>
    private protected void RequireSequence(Shape sampleShape)
    {
        if (sampleShape.Rank != 2 || sampleShape[0] < 1)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) expects inputs of shape (batch, timesteps, features) with at least one timestep but received input of shape {LayerShapes.WithNoneBatch(sampleShape)}.");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Run(inputs).Output;

    private (Tensor Output, Tensor[] States) Run(Tensor inputs)
    {
        int batch = inputs.Shape[0], steps = inputs.Shape[1], features = inputs.Shape[2];
        var projected = ProjectInputs(Ops.Reshape(inputs, batch * steps, features));
        var width = projected.Shape[1];
        projected = Ops.Reshape(projected, batch, steps, width);

        var states = new Tensor[StateCount];
        for (var s = 0; s < states.Length; s++)
        {
            states[s] = Tensor.Zeros(batch, Units);
        }

        var outputs = ReturnSequences ? new List<Tensor>(steps) : null;
        for (var i = 0; i < steps; i++)
        {
            var t = GoBackwards ? steps - 1 - i : i;
            var input = Ops.Reshape(Ops.Slice(projected, t, 1, axis: 1), batch, width);
            states = Step(input, states);
            outputs?.Add(Ops.Reshape(states[0], batch, 1, Units));
        }

        return (outputs is null ? states[0] : Ops.Concat(outputs, axis: 1), states);
    }

    /// <summary>Columns [index·units, (index + 1)·units) of a (batch, gates·units) tensor: one gate's pre-activation.</summary>
    private protected Tensor Gate(Tensor z, int index) => Ops.Slice(z, index * Units, Units, axis: 1);
}
