namespace DiffGen;

/// <summary>
/// Keras' <c>Conv2D</c>: a 2-D convolution over channels-last images (batch, height, width, channels) with a kernel
/// of shape (kernel height, kernel width, input channels, filters), plus a bias per filter, then the activation.
/// Defaults as in Keras: strides 1, <c>"valid"</c> padding, no dilation, glorot_uniform kernel, zero bias, linear.
/// </summary>
public sealed class Conv2D : Layer
{
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _biasInitializer;
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>A convolution with <paramref name="filters"/> output channels.</summary>
    /// <param name="filters">Output channels (≥ 1).</param>
    /// <param name="kernelSize">The window, e.g. <c>3</c> or <c>(3, 5)</c>.</param>
    /// <param name="strides">The step between windows; default 1.</param>
    /// <param name="padding"><c>"valid"</c> (default) or <c>"same"</c>.</param>
    /// <param name="dilationRate">The spacing between kernel taps; default 1 (Keras allows it above 1 only with unit strides).</param>
    /// <param name="activation">A Keras name or function; null is linear.</param>
    /// <param name="useBias">Whether to add a bias per filter.</param>
    /// <param name="kernelInitializer">Default <c>glorot_uniform</c> (fans count the receptive field, as in Keras).</param>
    /// <param name="biasInitializer">Default <c>zeros</c>.</param>
    /// <param name="kernelRegularizer">A penalty on the kernel added to the training loss.</param>
    /// <param name="biasRegularizer">A penalty on the bias added to the training loss.</param>
    /// <param name="name">Default <c>conv2d</c>, <c>conv2d_1</c>, …</param>
    public Conv2D(
        int filters,
        Int2 kernelSize,
        Int2? strides = null,
        string padding = "valid",
        Int2? dilationRate = null,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null,
        string? name = null)
        : base(name, "conv2d")
    {
        Filters = filters >= 1 ? filters : throw new ArgumentOutOfRangeException(nameof(filters), filters, "Conv2D: filters must be at least 1.");
        KernelSize = kernelSize.RequirePositive("Conv2D", nameof(kernelSize));
        Strides = (strides ?? 1).RequirePositive("Conv2D", nameof(strides));
        DilationRate = (dilationRate ?? 1).RequirePositive("Conv2D", nameof(dilationRate));
        Padding = ConvolutionArguments.Padding("Conv2D", padding, allowCausal: false);
        ConvolutionArguments.CheckStridesWithDilation("Conv2D", Strides, DilationRate);
        Activation = activation ?? "linear";
        UseBias = useBias;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _biasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>The window (height, width).</summary>
    public Int2 KernelSize { get; }

    /// <summary>The step between windows.</summary>
    public Int2 Strides { get; }

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding { get; }

    /// <summary>The spacing between kernel taps.</summary>
    public Int2 DilationRate { get; }

    /// <summary>The activation applied last.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel penalty, if any.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>The bias penalty, if any.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>The (kh, kw, in, filters) kernel; null until built.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The bias of length filters; null until built or without a bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        RequireRank(sampleShape);
        var g = Kernels.WindowGeometry.Create($"Layer '{Name}' (Conv2D)", new Shape([1, .. sampleShape.Dimensions]), KernelSize.AsTuple(), Strides.AsTuple(), DilationRate.AsTuple(), Padding, LayerShapes.WithNoneBatch(sampleShape));
        return new Shape(g.OutHeight, g.OutWidth, Filters);
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["filters"] = Filters,
        ["kernel_size"] = KernelSize.ToArray(),
        ["strides"] = Strides.ToArray(),
        ["padding"] = Padding,
        ["data_format"] = "channels_last",
        ["dilation_rate"] = DilationRate.ToArray(),
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
        ComputeOutputShape(sampleShape); // rejects a wrong rank or an input smaller than the window, naming the layer
        _kernel = AddWeight("kernel", new Shape(KernelSize.Height, KernelSize.Width, sampleShape[2], Filters), _kernelInitializer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Filters), _biasInitializer);
        }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var channels = _kernel!.Shape[2];
        if (sampleShape.Rank != 3 || sampleShape[2] != channels)
        {
            throw new ArgumentException($"Layer '{Name}' (Conv2D) expects inputs of shape (batch, height, width, {channels}) but received input of shape {batchShape}.");
        }

        ComputeOutputShape(sampleShape); // another height and width is fine, as in Keras, if the window fits
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        // Read, not Value: the weights only reach ops, so an optimizer may update them in place.
        var kernel = _kernel!.Read();
        var bias = _bias?.Read();
        var outputs = LayerActivation.Apply(Ops.Conv2D(inputs, kernel, Strides.AsTuple(), Padding, DilationRate.AsTuple()), bias, Activation);

        if (KernelRegularizer is not null)
        {
            AddLoss(KernelRegularizer.Penalty(kernel));
        }

        if (BiasRegularizer is not null && bias is not null)
        {
            AddLoss(BiasRegularizer.Penalty(bias));
        }

        return outputs;
    }

    private void RequireRank(Shape sampleShape)
    {
        if (sampleShape.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' (Conv2D) expects inputs of shape (batch, height, width, channels) but received input of shape {LayerShapes.WithNoneBatch(sampleShape)}.");
        }
    }
}
