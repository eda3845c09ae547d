namespace DiffGen;

/// <summary>
/// Keras' <c>Conv1D</c>: a 1-D convolution over channels-last sequences (batch, steps, channels) with a kernel of
/// shape (kernel size, input channels, filters), plus a bias per filter, then the activation. Padding
/// <c>"causal"</c> pads only before, so output t sees inputs up to t. Defaults as in Keras.
/// </summary>
public sealed class Conv1D : Layer
{
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _biasInitializer;
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>A convolution with <paramref name="filters"/> output channels.</summary>
    /// <param name="filters">Output channels (≥ 1).</param>
    /// <param name="kernelSize">The window length.</param>
    /// <param name="strides">The step between windows; default 1.</param>
    /// <param name="padding"><c>"valid"</c> (default), <c>"same"</c> or <c>"causal"</c>.</param>
    /// <param name="dilationRate">The spacing between kernel taps; default 1.</param>
    /// <param name="activation">A Keras name or function; null is linear.</param>
    /// <param name="useBias">Whether to add a bias per filter.</param>
    /// <param name="kernelInitializer">Default <c>glorot_uniform</c>.</param>
    /// <param name="biasInitializer">Default <c>zeros</c>.</param>
    /// <param name="kernelRegularizer">A penalty on the kernel added to the training loss.</param>
    /// <param name="biasRegularizer">A penalty on the bias added to the training loss.</param>
    /// <param name="name">Default <c>conv1d</c>, <c>conv1d_1</c>, …</param>
    public Conv1D(
        int filters,
        int kernelSize,
        int strides = 1,
        string padding = "valid",
        int dilationRate = 1,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null,
        string? name = null)
        : base(name, "conv1d")
    {
        Filters = filters >= 1 ? filters : throw new ArgumentOutOfRangeException(nameof(filters), filters, "Conv1D: filters must be at least 1.");
        KernelSize = ((Int2)kernelSize).RequirePositive("Conv1D", nameof(kernelSize)).Width;
        Strides = ((Int2)strides).RequirePositive("Conv1D", nameof(strides)).Width;
        DilationRate = ((Int2)dilationRate).RequirePositive("Conv1D", nameof(dilationRate)).Width;
        Padding = ConvolutionArguments.Padding("Conv1D", padding, allowCausal: true);
        ConvolutionArguments.CheckStridesWithDilation("Conv1D", Strides, DilationRate);
        Activation = activation ?? "linear";
        UseBias = useBias;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _biasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>The window length.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows.</summary>
    public int Strides { get; }

    /// <summary><c>"valid"</c>, <c>"same"</c> or <c>"causal"</c>.</summary>
    public string Padding { get; }

    /// <summary>The spacing between kernel taps.</summary>
    public int DilationRate { get; }

    /// <summary>The activation applied last.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel penalty, if any.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>The bias penalty, if any.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>The (size, in, filters) kernel; null until built.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The bias of length filters; null until built or without a bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        if (sampleShape.Rank != 2)
        {
            throw new ArgumentException($"Layer '{Name}' (Conv1D) expects inputs of shape (batch, steps, channels) but received input of shape {LayerShapes.WithNoneBatch(sampleShape)}.");
        }

        var g = Kernels.WindowGeometry.Create($"Layer '{Name}' (Conv1D)", new Shape(1, 1, sampleShape[0], sampleShape[1]), (1, KernelSize), (1, Strides), (1, DilationRate), Padding, LayerShapes.WithNoneBatch(sampleShape));
        return new Shape(g.OutWidth, Filters);
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["filters"] = Filters,
        ["kernel_size"] = new[] { KernelSize },
        ["strides"] = new[] { Strides },
        ["padding"] = Padding,
        ["data_format"] = "channels_last",
        ["dilation_rate"] = new[] { DilationRate },
        ["activation"] = Activation.Name,
        ["use_bias"] = UseBias,
        ["kernel_initializer"] = _kernelInitializer.Name,
        ["bias_initializer"] = _biasInitializer.Name,
        ["kernel_regularizer"] = KernelRegularizer is { } k ? new[] { k.L1Factor, k.L2Factor } : null,
        ["bias_regularizer"] = BiasRegularizer is { } b ? new[] { b.L1Factor, b.L2Factor } : null,
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        ComputeOutputShape(sampleShape); // rejects a wrong rank or an input shorter than the window, naming the layer
        _kernel = AddWeight("kernel", new Shape(KernelSize, sampleShape[1], Filters), _kernelInitializer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Filters), _biasInitializer);
        }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var channels = _kernel!.Shape[1];
        if (sampleShape.Rank != 2 || sampleShape[1] != channels)
        {
            throw new ArgumentException($"Layer '{Name}' (Conv1D) expects inputs of shape (batch, steps, {channels}) but received input of shape {batchShape}.");
        }

        ComputeOutputShape(sampleShape);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        Tensor kernel = _kernel!;
        var outputs = Ops.Conv1D(inputs, kernel, Strides, Padding, DilationRate);
        if (_bias is not null)
        {
            outputs += _bias;
        }

        if (KernelRegularizer is not null)
        {
            AddLoss(KernelRegularizer.Penalty(kernel));
        }

        if (BiasRegularizer is not null && _bias is not null)
        {
            AddLoss(BiasRegularizer.Penalty(_bias));
        }

        return Activation.Function(outputs);
    }
}
