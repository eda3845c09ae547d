namespace DiffGen;

/// <summary>
/// A densely connected layer, <c>activation(x·kernel + bias)</c> with a kernel of shape (input features, units) —
/// Keras' <c>Dense</c> with its defaults (glorot_uniform kernel, zero bias, linear activation). Inputs of rank above
/// 2 are multiplied along their last axis.
/// </summary>
public sealed class Dense : Layer
{
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _biasInitializer;
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>A dense layer of <paramref name="units"/> outputs.</summary>
    /// <param name="units">The number of outputs per sample (≥ 1).</param>
    /// <param name="activation">A Keras name (<c>"relu"</c>), a <c>Func&lt;Tensor, Tensor&gt;</c> or an <see cref="ActivationFunction"/>; null is linear.</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">An initializer or its Keras name; default <c>glorot_uniform</c>.</param>
    /// <param name="biasInitializer">An initializer or its Keras name; default <c>zeros</c>.</param>
    /// <param name="kernelRegularizer">A penalty on the kernel added to the training loss.</param>
    /// <param name="biasRegularizer">A penalty on the bias added to the training loss.</param>
    /// <param name="name">The layer name; default <c>dense</c>, <c>dense_1</c>, …</param>
    public Dense(
        int units,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null,
        Regularizer? biasRegularizer = null,
        string? name = null)
        : base(name, "dense")
    {
        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, "Dense: units must be at least 1.");
        }

        Units = units;
        Activation = activation ?? new ActivationFunction("linear", Activations.Get("linear"));
        UseBias = useBias;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _biasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>The number of outputs per sample.</summary>
    public int Units { get; }

    /// <summary>The activation applied to <c>x·kernel + bias</c>.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel penalty, if any.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>The bias penalty, if any.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>The (input features, units) kernel; null until built.</summary>
    public Variable? Kernel => _kernel;

    /// <summary>The bias of length units; null until built or without a bias.</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) =>
        sampleShape.Rank == 0 ? new Shape(Units) : sampleShape.WithDimension(sampleShape.Rank - 1, Units);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["units"] = Units,
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
        if (sampleShape.Rank == 0)
        {
            throw new ArgumentException($"Layer '{Name}' (Dense) needs inputs of shape (batch, features); got samples with no feature axis.");
        }

        _kernel = AddWeight("kernel", new Shape(sampleShape[-1], Units), _kernelInitializer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Units), _biasInitializer);
        }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var features = _kernel!.Shape[0];
        if (sampleShape.Rank == 0 || sampleShape[-1] != features)
        {
            throw new ArgumentException($"Layer '{Name}' (Dense) expects {features} input features (last axis), but received input of shape {batchShape}.");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        // Read, not Value: the weights only reach ops, so an optimizer may update them in place.
        var kernel = _kernel!.Read();
        var flat = inputs.Rank == 2 ? inputs : Ops.Reshape(inputs, -1, inputs.Shape[-1]);
        var bias = _bias?.Read();
        var outputs = bias is not null && LayerActivation.Fuses(Activation, out var relu)
            ? Ops.Dense(flat, kernel, bias, relu)
            : LayerActivation.Apply(Ops.MatMul(flat, kernel), bias, Activation);
        if (inputs.Rank != 2)
        {
            outputs = Ops.Reshape(outputs, [.. inputs.Shape.Dimensions[..^1], Units]);
        }

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
}
