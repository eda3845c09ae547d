namespace DiffGen;

/// <summary>
/// Keras' <c>GRU</c>, gates in Keras' order z (update), r (reset), h (candidate). With <see cref="ResetAfter"/>
/// (Keras 3's default) the reset gate multiplies the recurrent projection after the matrix product and there are
/// two biases, input and recurrent: <c>z = σ(x·W_z + b_z + h·U_z + b'_z)</c>, likewise r,
/// <c>ĥ = tanh(x·W_h + b_h + r·(h·U_h + b'_h))</c>, <c>h = z·h + (1 − z)·ĥ</c>. Without it the reset gate multiplies
/// h before the product: <c>ĥ = tanh(x·W_h + b_h + (r·h)·U_h)</c>. Weights: kernel (features, 3·units),
/// recurrent_kernel (units, 3·units), bias (2, 3·units) with reset_after, else (3·units).
/// </summary>
public sealed class GRU : Recurrent
{
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _recurrentInitializer;
    private readonly Initializer _biasInitializer;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>A GRU of <paramref name="units"/> units (Keras' arguments and defaults).</summary>
    /// <param name="units">The state size.</param>
    /// <param name="activation">Candidate activation; default tanh.</param>
    /// <param name="recurrentActivation">Gate activation; default sigmoid.</param>
    /// <param name="useBias">Whether to add biases.</param>
    /// <param name="kernelInitializer">Default <c>glorot_uniform</c>.</param>
    /// <param name="recurrentInitializer">Default <c>orthogonal</c>.</param>
    /// <param name="biasInitializer">Default <c>zeros</c>.</param>
    /// <param name="resetAfter">Apply the reset gate after the recurrent product (Keras 3 default, cuDNN-compatible).</param>
    /// <param name="returnSequences">Output every timestep's h instead of the last.</param>
    /// <param name="goBackwards">Read the sequence in reverse.</param>
    /// <param name="name">Default <c>gru</c>, <c>gru_1</c>, …</param>
    public GRU(
        int units,
        ActivationFunction? activation = null,
        ActivationFunction? recurrentActivation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? recurrentInitializer = null,
        Initializer? biasInitializer = null,
        bool resetAfter = true,
        bool returnSequences = false,
        bool goBackwards = false,
        string? name = null)
        : base(units, activation, recurrentActivation, useBias, returnSequences, goBackwards, name, "gru")
    {
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _recurrentInitializer = recurrentInitializer ?? new Orthogonal();
        _biasInitializer = biasInitializer ?? new Zeros();
        ResetAfter = resetAfter;
    }

    /// <summary>Whether the reset gate applies after the recurrent product.</summary>
    public bool ResetAfter { get; }

    /// <summary>The (features, 3·units) input kernel; null until built.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The (units, 3·units) recurrent kernel; null until built.</summary>
    public Variable? RecurrentKernel => _recurrentKernel;

    /// <summary>The bias, (2, 3·units) with <see cref="ResetAfter"/> (input row, recurrent row), else (3·units); null without one.</summary>
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
        ["reset_after"] = ResetAfter,
        ["return_sequences"] = ReturnSequences,
        ["go_backwards"] = GoBackwards,
    };

    /// <inheritdoc/>
    private protected override int StateCount => 1;

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        RequireSequence(sampleShape);
        _kernel = AddWeight("kernel", new Shape(sampleShape[1], 3 * Units), _kernelInitializer);
        _recurrentKernel = AddWeight("recurrent_kernel", new Shape(Units, 3 * Units), _recurrentInitializer);
        if (UseBias)
        {
            _bias = AddWeight("bias", ResetAfter ? new Shape(2, 3 * Units) : new Shape(3 * Units), _biasInitializer);
        }
    }

    /// <inheritdoc/>
    private protected override Tensor ProjectInputs(Tensor flatInputs)
    {
        var projected = Ops.MatMul(flatInputs, _kernel!);
        return _bias is null ? projected : projected + (ResetAfter ? Ops.Slice(_bias, 0, 1) : _bias);
    }

    /// <inheritdoc/>
    private protected override Tensor[] Step(Tensor projected, Tensor[] states)
    {
        var h = states[0];
        Tensor recurrentKernel = _recurrentKernel!;
        Tensor z, r, candidate;
        if (ResetAfter)
        {
            var recurrent = Ops.MatMul(h, recurrentKernel);
            if (_bias is not null)
            {
                recurrent += Ops.Slice(_bias, 1, 1);
            }

            z = RecurrentActivation.Function(Gate(projected, 0) + Gate(recurrent, 0));
            r = RecurrentActivation.Function(Gate(projected, 1) + Gate(recurrent, 1));
            candidate = Activation.Function(Gate(projected, 2) + (r * Gate(recurrent, 2)));
        }
        else
        {
            var gates = Ops.MatMul(h, Ops.Slice(recurrentKernel, 0, 2 * Units, axis: 1));
            z = RecurrentActivation.Function(Gate(projected, 0) + Gate(gates, 0));
            r = RecurrentActivation.Function(Gate(projected, 1) + Gate(gates, 1));
            candidate = Activation.Function(Gate(projected, 2) + Ops.MatMul(r * h, Ops.Slice(recurrentKernel, 2 * Units, Units, axis: 1)));
        }

        return [(z * h) + ((1f - z) * candidate)];
    }
}
