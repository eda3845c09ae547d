namespace DiffGen;

/// <summary>
/// Keras' <c>LayerNormalization</c>: each sample is normalized over <see cref="Axis"/> (default the last axis; several
/// adjacent axes may be given, e.g. <c>[1, 2]</c> for height and width) to mean 0 and variance 1 —
/// (x − mean) / √(variance + ε), with the biased variance — then scaled by gamma and shifted by beta, one per element
/// of the normalized axes. Keras defaults: ε 1e-3, gamma ones, beta zeros; weights in Keras order gamma, beta.
/// </summary>
public sealed class LayerNormalization : Layer
{
    private readonly int[] _axis;
    private readonly Initializer _betaInitializer;
    private readonly Initializer _gammaInitializer;
    private Variable? _gamma;
    private Variable? _beta;

    /// <summary>A layer normalization over one axis.</summary>
    /// <param name="axis">The axis normalized (default −1, the last; never the batch axis).</param>
    /// <param name="epsilon">Added to the variance; default 1e-3.</param>
    /// <param name="center">Whether to add beta.</param>
    /// <param name="scale">Whether to multiply by gamma.</param>
    /// <param name="betaInitializer">Default <c>zeros</c>.</param>
    /// <param name="gammaInitializer">Default <c>ones</c>.</param>
    /// <param name="name">Default <c>layer_normalization</c>, …</param>
    public LayerNormalization(int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true, Initializer? betaInitializer = null, Initializer? gammaInitializer = null, string? name = null)
        : this([axis], epsilon, center, scale, betaInitializer, gammaInitializer, name)
    {
    }

    /// <summary>
    /// A layer normalization over several adjacent axes (Keras' list <c>axis</c>); gamma and beta then have those axes'
    /// shape. The other arguments as for one axis.
    /// </summary>
    public LayerNormalization(int[] axis, double epsilon = 1e-3, bool center = true, bool scale = true, Initializer? betaInitializer = null, Initializer? gammaInitializer = null, string? name = null)
        : base(name, "layer_normalization")
    {
        ArgumentNullException.ThrowIfNull(axis);
        _axis = axis.Length > 0 ? (int[])axis.Clone() : throw new ArgumentException("LayerNormalization: axis lists no axis.", nameof(axis));
        Epsilon = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "LayerNormalization: epsilon must be positive.");
        Center = center;
        Scale = scale;
        _betaInitializer = betaInitializer ?? new Zeros();
        _gammaInitializer = gammaInitializer ?? new Ones();
    }

    /// <summary>The normalized axes as given (negative counts from the end).</summary>
    public IReadOnlyList<int> Axis => _axis;

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
        Axes(sampleShape);
        return sampleShape;
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["axis"] = _axis.Length == 1 ? _axis[0] : (int[])_axis.Clone(),
        ["epsilon"] = Epsilon,
        ["center"] = Center,
        ["scale"] = Scale,
        ["beta_initializer"] = _betaInitializer.Name,
        ["gamma_initializer"] = _gammaInitializer.Name,
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        var (first, last) = Axes(sampleShape);
        var shape = new Shape(sampleShape.Dimensions[(first - 1)..last].ToArray());
        if (Scale)
        {
            _gamma = AddWeight("gamma", shape, _gammaInitializer);
        }

        if (Center)
        {
            _beta = AddWeight("beta", shape, _betaInitializer);
        }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var expected = InputShape!;
        var (first, last) = Axes(expected);
        if (sampleShape.Rank != expected.Rank || !sampleShape.Dimensions[(first - 1)..last].SequenceEqual(expected.Dimensions[(first - 1)..last]))
        {
            throw new ArgumentException($"Layer '{Name}' (LayerNormalization) was built for inputs of shape {LayerShapes.WithNoneBatch(expected)}, normalizing axis {string.Join(", ", _axis)}, but received input of shape {batchShape}.");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        var (first, last) = Axes(new Shape(inputs.Shape.Dimensions[1..].ToArray()));
        var parts = NormalizationAxes.Of(inputs.Shape, first, last);
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

    /// <summary>
    /// The normalized axes of a batch with samples of <paramref name="sampleShape"/>, as the first and last batch axis;
    /// they must be feature axes, distinct and adjacent (the message names the layer otherwise).
    /// </summary>
    internal (int First, int Last) Axes(Shape sampleShape)
    {
        var what = $"Layer '{Name}' (LayerNormalization)";
        var axes = _axis.Select(a => NormalizationAxes.SampleAxis(what, a, sampleShape)).Order().ToArray();
        for (var i = 1; i < axes.Length; i++)
        {
            if (axes[i] != axes[i - 1] + 1)
            {
                throw new ArgumentException($"{what}: axes [{string.Join(", ", _axis)}] of inputs of shape {LayerShapes.WithNoneBatch(sampleShape)} must be distinct and adjacent (normalizing separated axes is not supported).");
            }
        }

        return (axes[0], axes[^1]);
    }
}
