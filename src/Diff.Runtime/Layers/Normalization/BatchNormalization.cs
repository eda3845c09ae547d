namespace DiffGen;

/// <summary>
/// Keras' <c>BatchNormalization</c>: normalizes each channel of <see cref="Axis"/> (default the last) to mean 0 and
/// variance 1, then scales by gamma and shifts by beta. While training (<c>Fit</c>, or <c>Call(x, training: true)</c>
/// on a trainable layer) it uses the batch's mean and biased variance, and the gradient flows through them; it also
/// moves the non-trainable moving statistics toward them: <c>moving = moving·momentum + batch·(1 − momentum)</c>. At
/// inference (<c>Evaluate</c>, <c>Predict</c>, a frozen layer) it uses the moving statistics. Keras defaults: momentum
/// 0.99, ε 1e-3; weights in Keras order gamma, beta, moving_mean, moving_variance.
/// </summary>
public sealed class BatchNormalization : Layer
{
    private readonly Initializer _betaInitializer;
    private readonly Initializer _gammaInitializer;
    private readonly Initializer _movingMeanInitializer;
    private readonly Initializer _movingVarianceInitializer;
    private Variable? _gamma;
    private Variable? _beta;
    private Variable? _movingMean;
    private Variable? _movingVariance;

    /// <summary>A batch normalization of the channels along <paramref name="axis"/>.</summary>
    /// <param name="axis">The channel axis (default −1, the last; never the batch axis).</param>
    /// <param name="momentum">How much of the moving statistics each training batch keeps; default 0.99.</param>
    /// <param name="epsilon">Added to the variance; default 1e-3.</param>
    /// <param name="center">Whether to add beta.</param>
    /// <param name="scale">Whether to multiply by gamma.</param>
    /// <param name="betaInitializer">Default <c>zeros</c>.</param>
    /// <param name="gammaInitializer">Default <c>ones</c>.</param>
    /// <param name="movingMeanInitializer">Default <c>zeros</c>.</param>
    /// <param name="movingVarianceInitializer">Default <c>ones</c>.</param>
    /// <param name="name">Default <c>batch_normalization</c>, …</param>
    public BatchNormalization(
        int axis = -1,
        double momentum = 0.99,
        double epsilon = 1e-3,
        bool center = true,
        bool scale = true,
        Initializer? betaInitializer = null,
        Initializer? gammaInitializer = null,
        Initializer? movingMeanInitializer = null,
        Initializer? movingVarianceInitializer = null,
        string? name = null)
        : base(name, "batch_normalization")
    {
        Axis = axis;
        Momentum = momentum is >= 0 and <= 1 ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNormalization: momentum must be in [0, 1].");
        Epsilon = epsilon > 0 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNormalization: epsilon must be positive.");
        Center = center;
        Scale = scale;
        _betaInitializer = betaInitializer ?? new Zeros();
        _gammaInitializer = gammaInitializer ?? new Ones();
        _movingMeanInitializer = movingMeanInitializer ?? new Zeros();
        _movingVarianceInitializer = movingVarianceInitializer ?? new Ones();
    }

    /// <summary>The channel axis as given (negative counts from the end).</summary>
    public int Axis { get; }

    /// <summary>The weight of the old moving statistics in each update.</summary>
    public double Momentum { get; }

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

    /// <summary>The moving mean (non-trainable); null until built.</summary>
    public Variable? MovingMean => _movingMean;

    /// <summary>The moving variance (non-trainable); null until built.</summary>
    public Variable? MovingVariance => _movingVariance;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        NormalizationAxes.SampleAxis($"Layer '{Name}' (BatchNormalization)", Axis, sampleShape);
        return sampleShape;
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["axis"] = Axis,
        ["momentum"] = Momentum,
        ["epsilon"] = Epsilon,
        ["center"] = Center,
        ["scale"] = Scale,
        ["beta_initializer"] = _betaInitializer.Name,
        ["gamma_initializer"] = _gammaInitializer.Name,
        ["moving_mean_initializer"] = _movingMeanInitializer.Name,
        ["moving_variance_initializer"] = _movingVarianceInitializer.Name,
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        var axis = NormalizationAxes.SampleAxis($"Layer '{Name}' (BatchNormalization)", Axis, sampleShape);
        var channels = new Shape(sampleShape[axis - 1]);
        if (Scale)
        {
            _gamma = AddWeight("gamma", channels, _gammaInitializer);
        }

        if (Center)
        {
            _beta = AddWeight("beta", channels, _betaInitializer);
        }

        _movingMean = AddWeight("moving_mean", channels, _movingMeanInitializer, trainable: false);
        _movingVariance = AddWeight("moving_variance", channels, _movingVarianceInitializer, trainable: false);
    }

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        var expected = InputShape!;
        var axis = NormalizationAxes.SampleAxis($"Layer '{Name}' (BatchNormalization)", Axis, expected);
        if (sampleShape.Rank != expected.Rank || sampleShape[axis - 1] != expected[axis - 1])
        {
            throw new ArgumentException($"Layer '{Name}' (BatchNormalization) was built for inputs of shape {LayerShapes.WithNoneBatch(expected)} with {expected[axis - 1]} channels on axis {Axis}, but received input of shape {batchShape}.");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        var parts = NormalizationAxes.Of(inputs.Shape, Axis);
        var x = parts.View(inputs);
        Tensor normalized;

        // As in Keras 3, a frozen layer normalizes with its moving statistics even while the model trains.
        if (training && Trainable)
        {
            var mean = Ops.ReduceMean(Ops.ReduceMean(x, axis: 2, keepDims: true), axis: 0, keepDims: true);
            var centered = x - mean;
            var variance = Ops.ReduceMean(Ops.ReduceMean(Ops.Square(centered), axis: 2, keepDims: true), axis: 0, keepDims: true);
            UpdateMovingStatistics(mean, variance);
            normalized = centered / Ops.Sqrt(variance + Epsilon);
        }
        else
        {
            // Constants: the moving statistics are not differentiated (Peek: no tape watches them).
            var mean = parts.Broadcastable(_movingMean!.Peek());
            var variance = parts.Broadcastable(_movingVariance!.Peek());
            normalized = (x - mean) / Ops.Sqrt(variance + Epsilon);
        }

        if (_gamma is not null)
        {
            normalized *= parts.Broadcastable(_gamma);
        }

        if (_beta is not null)
        {
            normalized += parts.Broadcastable(_beta);
        }

        return Ops.Reshape(normalized, inputs.Shape.ToArray());
    }

    /// <summary>
    /// moving ← moving·momentum + batch·(1 − momentum), in fresh tensors (values read earlier stay as they were). A batch
    /// whose statistics are not finite (a NaN or ∞ input) moves nothing: Fit discards that step and promises the
    /// weights of the last good one, which the moving statistics are part of.
    /// </summary>
    private void UpdateMovingStatistics(Tensor mean, Tensor variance)
    {
        if (!AllFinite(mean.AsSpan()) || !AllFinite(variance.AsSpan()))
        {
            return;
        }

        var momentum = (float)Momentum;
        _movingMean!.Assign(Blend(_movingMean.Peek(), mean, momentum));
        _movingVariance!.Assign(Blend(_movingVariance.Peek(), variance, momentum));
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    private static Tensor Blend(Tensor moving, Tensor batch, float momentum)
    {
        var old = moving.AsSpan();
        var current = batch.AsSpan();
        var result = new float[old.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (old[i] * momentum) + (current[i] * (1 - momentum));
        }

        return Tensor.From(result, moving.Shape);
    }
}
