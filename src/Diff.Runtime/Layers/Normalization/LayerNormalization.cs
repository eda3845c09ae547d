namespace DiffGen;

/// <summary>
/// Keras' <c>LayerNormalization</c>: each sample is normalized over <see cref="Axis"/> (default the last) to mean 0 and
/// variance 1 — (x − mean) / √(variance + ε), with the biased variance — then scaled by gamma and shifted by beta,
/// one per element of that axis. Keras defaults: ε 1e-3, gamma ones, beta zeros; weights in Keras order gamma, beta.
/// </summary>
public sealed class LayerNormalization : Layer
{
    private readonly Initializer _betaInitializer;
    private readonly Initializer _gammaInitializer;
    private Variable? _gamma;
    private Variable? _beta;

    /// <summary>A layer normalization over <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis normalized (default −1, the last; never the batch axis).</param>
    /// <param name="epsilon">Added to the variance; default 1e-3.</param>
    /// <param name="center">Whether to add beta.</param>
    /// <param name="scale">Whether to multiply by gamma.</param>
    /// <param name="betaInitializer">Default <c>zeros</c>.</param>
    /// <param name="gammaInitializer">Default <c>ones</c>.</param>
    /// <param name="name">Default <c>layer_normalization</c>, …</param>
    public LayerNormalization(int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true, Initializer? betaInitializer = null, Initializer? gammaInitializer = null, string? name = null)
        : base(name, "layer_normalization")
    {
        Axis = axis;
        Epsilon = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "LayerNormalization: epsilon must be positive.");
        Center = center;
        Scale = scale;
        _betaInitializer = betaInitializer ?? new Zeros();
        _gammaInitializer = gammaInitializer ?? new Ones();
    }

    /// <summary>The normalized axis as given (negative counts from the end).</summary>
    public int Axis { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Whether beta is added.</summary>
    public bool Center { get; }

    /// <summary>Whether gamma multiplies.</summary>
    public bool Scale { get; }

    /// <summary>The scale; null until built or without <see cref="Scale"/>.</summary>
    public Variable? Gamma => _gamma;

    /// <summary>The shift; null until built or without <see cref="Center"/>.</summary>
    public Variable? Beta => _beta;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        NormalizationAxes.SampleAxis($"Layer '{Name}' (LayerNormalization)", Axis, sampleShape);
        return sampleShape;
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["axis"] = Axis,
        ["epsilon"] = Epsilon,
        ["center"] = Center,
        ["scale"] = Scale,
        ["beta_initializer"] = _betaInitializer.Name,
        ["gamma_initializer"] = _gammaInitializer.Name,
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        var axis = NormalizationAxes.SampleAxis($"Layer '{Name}' (LayerNormalization)", Axis, sampleShape);
        var size = sampleShape[axis - 1];
        if (Scale)
        {
            _gamma = AddWeight("gamma", new Shape(size), _gammaInitializer);
        }

        if (Center)
        {
            _beta = AddWeight("beta", new Shape(size), _betaInitializer);
        }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var expected = InputShape!;
        var axis = NormalizationAxes.SampleAxis($"Layer '{Name}' (LayerNormalization)", Axis, expected);
        if (sampleShape.Rank != expected.Rank || sampleShape[axis - 1] != expected[axis - 1])
        {
            throw new ArgumentException($"Layer '{Name}' (LayerNormalization) was built for inputs of shape {LayerShapes.WithNoneBatch(expected)}, normalizing axis {Axis} of size {expected[axis - 1]}, but received input of shape {batchShape}.");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        var parts = NormalizationAxes.Of(inputs.Shape, Axis);
        var x = parts.View(inputs);
        var mean = Ops.ReduceMean(x, axis: 1, keepDims: true);
        var centered = x - mean;
        var variance = Ops.ReduceMean(Ops.Square(centered), axis: 1, keepDims: true);
        var outputs = centered / Ops.Sqrt(variance + Epsilon);
        if (_gamma is not null)
        {
            outputs *= parts.Broadcastable(_gamma);
        }

        if (_beta is not null)
        {
            outputs += parts.Broadcastable(_beta);
        }

        return Ops.Reshape(outputs, inputs.Shape.ToArray());
    }
}
