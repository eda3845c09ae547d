namespace DiffGen;

/// <summary>
/// Keras' <c>LSTM</c>: per timestep, with z = x·kernel + h·recurrent_kernel + bias split into the gates i, f, c, o
/// (Keras' order): <c>c = σ(z_f)·c + σ(z_i)·tanh(z_c)</c>, <c>h = σ(z_o)·tanh(c)</c> (σ the recurrent activation,
/// tanh the activation). Weights in Keras order and shapes: kernel (features, 4·units), recurrent_kernel
/// (units, 4·units), bias (4·units); defaults glorot_uniform, orthogonal, zeros with the forget gate's bias at 1
/// (<c>unit_forget_bias</c>).
/// </summary>
public sealed class LSTM : Recurrent
{
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _recurrentInitializer;
    private readonly Initializer _biasInitializer;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>An LSTM of <paramref name="units"/> units (Keras' arguments and defaults).</summary>
    /// <param name="units">The state size.</param>
    /// <param name="activation">Candidate and output activation; default tanh.</param>
    /// <param name="recurrentActivation">Gate activation; default sigmoid.</param>
    /// <param name="useBias">Whether to add the bias.</param>
    /// <param name="kernelInitializer">Default <c>glorot_uniform</c>.</param>
    /// <param name="recurrentInitializer">Default <c>orthogonal</c>.</param>
    /// <param name="biasInitializer">Default <c>zeros</c>.</param>
    /// <param name="unitForgetBias">Whether the forget gate's bias starts at 1 (on top of the initializer's zeros), as Keras recommends.</param>
    /// <param name="returnSequences">Output every timestep's h instead of the last.</param>
    /// <param name="goBackwards">Read the sequence in reverse.</param>
    /// <param name="name">Default <c>lstm</c>, <c>lstm_1</c>, …</param>
    public LSTM(
        int units,
        ActivationFunction? activation = null,
        ActivationFunction? recurrentActivation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null,
        bool unitForgetBias = true,
        bool returnSequences = false,
        bool goBackwards = false,
        string? name = null)
        : base(units, activation, recurrentActivation, useBias, returnSequences, goBackwards, name, "lstm")
    {
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _recurrentInitializer = recurrentInitializer ?? new Orthogonal();
        _biasInitializer = biasInitializer ?? new Zeros();
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>Whether the forget gate's bias starts at 1.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>The (features, 4·units) input kernel; null until built.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The (units, 4·units) recurrent kernel; null until built.</summary>
    public Variable? RecurrentKernel => _recurrentKernel;

    /// <summary>The 4·units bias; null until built or without a bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["units"] = Units,
        ["activation"] = Activation.Name,
        ["recurrent_activation"] = RecurrentActivation.Name,
        ["use_bias"] = UseBias,
        ["kernel_initializer"] = _kernelInitializer.Name,
        ["recurrent_initializer"] = _recurrentInitializer.Name,
        ["bias_initializer"] = _biasInitializer.Name,
        ["unit_forget_bias"] = UnitForgetBias,
        ["return_sequences"] = ReturnSequences,
        ["go_backwards"] = GoBackwards,
    };

    /// <inheritdoc/>
    private protected override int StateCount => 2;

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        RequireSequence(sampleShape);
        _kernel = AddWeight("kernel", new Shape(sampleShape[1], 4 * Units), _kernelInitializer);
        _recurrentKernel = AddWeight("recurrent_kernel", new Shape(Units, 4 * Units), _recurrentInitializer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(4 * Units), UnitForgetBias ? new ForgetGateOnes(_biasInitializer, Units) : _biasInitializer);
        }
    }

    /// <inheritdoc/>
    private protected override Tensor ProjectInputs(Tensor flatInputs)
    {
        var projected = Ops.MatMul(flatInputs, _kernel!);
        return _bias is null ? projected : projected + _bias;
    }

    /// <inheritdoc/>
    private protected override Tensor[] Step(Tensor projected, Tensor[] states)
    {
        var (h, c) = (states[0], states[1]);
        var z = projected + Ops.MatMul(h, _recurrentKernel!);
        var input = RecurrentActivation.Function(Gate(z, 0));
        var forget = RecurrentActivation.Function(Gate(z, 1));
        var candidate = Activation.Function(Gate(z, 2));
        var output = RecurrentActivation.Function(Gate(z, 3));
        c = (forget * c) + (input * candidate);
        h = output * Activation.Function(c);
        return [h, c];
    }

    /// <summary>
    /// Keras' unit_forget_bias: the initializer's values for the input gate, ones for the forget gate, the
    /// initializer's for the other two (saved under the initializer's own name; the layer re-adds the ones).
    /// </summary>
    private sealed class ForgetGateOnes(Initializer inner, int units) : Initializer(null)
    {
        public override string Name => inner.Name;

        protected override Tensor Generate(Shape shape, Random random)
        {
            var values = new float[4 * units];
            inner.Generate(new Shape(units)).AsSpan().CopyTo(values);
            values.AsSpan(units, units).Fill(1f);
            inner.Generate(new Shape(2 * units)).AsSpan().CopyTo(values.AsSpan(2 * units));
            return Tensor.From(values, shape.ToArray());
        }
    }
}
