using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// Nadam — Keras 3's <c>keras.optimizers.Nadam</c>: Adam with Nesterov momentum and Dozat's momentum schedule
/// <c>μₜ = β₁(1 − ½·0.96ᵗ)</c>. At step t (1, 2, …), with Πₜ = μ₁⋯μₜ: <c>m += (g − m)(1 − β₁)</c>,
/// <c>v += (g² − v)(1 − β₂)</c>, <c>m̂ = μₜ₊₁·m/(1 − Πₜ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πₜ)</c>, <c>v̂ = v/(1 − β₂ᵗ)</c>,
/// <c>w −= lr·m̂/(√v̂ + ε)</c>. Πₜ is shared by all variables and advances once per step, as in Keras.
/// </summary>
public sealed class Nadam : Optimizer
{
    private readonly Dictionary<Variable, (float[] First, float[] Second)> _moments = new(ReferenceEqualityComparer.Instance);
    private float _momentumProduct = 1f;

    /// <summary>Keras' defaults: learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">The decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">The decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to √v̂ for numerical stability; at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : base("nadam", learningRate)
    {
        Beta1 = CheckRange(Name, nameof(beta1), beta1, 0, 1, maxExclusive: true);
        Beta2 = CheckRange(Name, nameof(beta2), beta2, 0, 1, maxExclusive: true);
        Epsilon = CheckRange(Name, nameof(epsilon), epsilon, 0, double.PositiveInfinity);
    }

    /// <summary>Nadam with a learning rate that follows <paramref name="learningRate"/>; the other arguments as above.</summary>
    public Nadam(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : this(0.001, beta1, beta2, epsilon)
    {
        UseSchedule(learningRate);
    }

    /// <summary>The decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>The decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Added to √v̂ for numerical stability.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>(base.GetConfig())
    {
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
        ["epsilon"] = Epsilon,
    };

    /// <inheritdoc/>
    internal override IReadOnlyList<string> SlotNames => ["momentum", "velocity"];

    /// <summary>Keras 3 creates each variable's momentum and velocity together (<c>add_optimizer_variables(var_list, ["momentum", "velocity"])</c>), then <c>_u_product</c>.</summary>
    internal override IReadOnlyList<string[]> KerasSlotGroups => [["momentum", "velocity"]];

    /// <summary>Πₜ, Keras' <c>_u_product</c>.</summary>
    internal override float[] SharedState
    {
        get => [_momentumProduct];
        set => _momentumProduct = value.Length == 1 ? value[0] : throw new InvalidDataException($"{Name}: expected 1 shared value (the momentum product), got {value.Length}.");
    }

    /// <inheritdoc/>
    internal override IReadOnlyList<float[]>? SlotsOf(Variable variable) =>
        _moments.TryGetValue(variable, out var m) ? [m.First, m.Second] : null;

    /// <inheritdoc/>
    private protected override void SetSlots(Variable variable, float[][] slots) => _moments[variable] = (slots[0], slots[1]);

    /// <inheritdoc/>
    protected override void BeginStep() =>
        _momentumProduct = _momentumProduct * (float)Beta1 * (1f - (0.5f * MathF.Pow(0.96f, Iterations + 1))); // Keras' order of the float32 products

    /// <inheritdoc/>
    protected override void UpdateStep(Variable variable, ReadOnlySpan<float> value, ReadOnlySpan<float> gradient, Span<float> result, float learningRate)
    {
        if (!_moments.TryGetValue(variable, out var moments))
        {
            _moments[variable] = moments = (new float[value.Length], new float[value.Length]);
        }

        // float32 throughout, as Keras casts everything to the variable's dtype.
        var step = Iterations + 1;
        float beta1 = (float)Beta1, beta2 = (float)Beta2;
        float mu = Mu(step), muNext = Mu(step + 1);
        var product = _momentumProduct;
        var productNext = product * muNext;
        var beta2Power = MathF.Pow(beta2, step);
        var (m, v) = moments;
        var scratch = Scratch(value.Length);

        // m += (g − m)·(1 − β₁); v += (g² − v)·(1 − β₂)
        TensorPrimitives.Subtract(gradient, m, scratch);
        TensorPrimitives.MultiplyAdd(scratch, 1 - beta1, m, m);
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        TensorPrimitives.Subtract(scratch, v, scratch);
        TensorPrimitives.MultiplyAdd(scratch, 1 - beta2, v, v);

        // m̂ = m·μₜ₊₁/(1 − Πₜμₜ₊₁) + g·(1 − μₜ)/(1 − Πₜ), into scratch.
        TensorPrimitives.Multiply(m, muNext, scratch);
        TensorPrimitives.Divide(scratch, 1 - productNext, scratch);
        TensorPrimitives.Multiply(gradient, 1 - mu, result);
        TensorPrimitives.Divide(result, 1 - product, result);
        TensorPrimitives.Add(scratch, result, scratch);

        // w − m̂·lr/(√(v/(1 − β₂ᵗ)) + ε); result holds the denominator until the last line.
        TensorPrimitives.Divide(v, 1 - beta2Power, result);
        TensorPrimitives.Sqrt(result, result);
        TensorPrimitives.Add(result, (float)Epsilon, result);
        TensorPrimitives.Multiply(scratch, learningRate, scratch);
        TensorPrimitives.Divide(scratch, result, scratch);
        TensorPrimitives.Subtract(value, scratch, result);
    }

    /// <summary>Dozat's momentum schedule μₜ = β₁(1 − ½·0.96ᵗ), in float32.</summary>
    private float Mu(long step) => (float)Beta1 * (1f - (0.5f * MathF.Pow(0.96f, step)));
}
