using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// Adam — Keras 3's <c>keras.optimizers.Adam</c>. At step t (1, 2, …): <c>α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)</c>,
/// <c>m += (g − m)(1 − β₁)</c>, <c>v += (g² − v)(1 − β₂)</c>, <c>w −= α·m/(√v + ε)</c>; with AMSGrad the running
/// maximum of v is used in the last step. ε is Keras' "epsilon hat", added outside the square root.
/// </summary>
public class Adam : Optimizer
{
    private readonly Dictionary<Variable, Moments> _moments = new(ReferenceEqualityComparer.Instance);

    /// <summary>Keras' defaults: learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">The decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">The decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to √v for numerical stability; at least 0.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant (the maximum of past second moments).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
        : this("adam", learningRate, beta1, beta2, epsilon, amsgrad)
    {
    }

    /// <summary>Adam with a learning rate that follows <paramref name="learningRate"/>; the other arguments as above.</summary>
    public Adam(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
        : this("adam", 0, beta1, beta2, epsilon, amsgrad)
    {
        UseSchedule(learningRate);
    }

    /// <summary>The Adam rule under another name (<see cref="AdamW"/>).</summary>
    private protected Adam(string name, double learningRate, double beta1, double beta2, double epsilon, bool amsgrad)
        : base(name, learningRate)
    {
        Beta1 = CheckRange(Name, nameof(beta1), beta1, 0, 1, maxExclusive: true);
        Beta2 = CheckRange(Name, nameof(beta2), beta2, 0, 1, maxExclusive: true);
        Epsilon = CheckRange(Name, nameof(epsilon), epsilon, 0, double.PositiveInfinity);
        Amsgrad = amsgrad;
    }

    /// <summary>The decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>The decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Added to √v for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>(base.GetConfig())
    {
        ["beta_1"] = Beta1,
        ["beta_2"] = Beta2,
        ["epsilon"] = Epsilon,
        ["amsgrad"] = Amsgrad,
    };

    /// <inheritdoc/>
    internal override IReadOnlyList<string> SlotNames => Amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"];

    /// <inheritdoc/>
    internal override IReadOnlyList<string[]> KerasSlotGroups => Amsgrad ? [["momentum", "velocity"], ["velocity_hat"]] : [["momentum", "velocity"]];

    /// <inheritdoc/>
    internal override IReadOnlyList<float[]>? SlotsOf(Variable variable) =>
        !_moments.TryGetValue(variable, out var m) ? null : m.MaxSecond is { } hat ? [m.First, m.Second, hat] : [m.First, m.Second];

    /// <inheritdoc/>
    private protected override void SetSlots(Variable variable, float[][] slots) =>
        _moments[variable] = new Moments(slots[0], slots[1], Amsgrad ? slots[2] : null);

    /// <inheritdoc/>
    protected override void UpdateStep(Variable variable, ReadOnlySpan<float> value, ReadOnlySpan<float> gradient, Span<float> result, float learningRate)
    {
        if (!_moments.TryGetValue(variable, out var moments))
        {
            _moments[variable] = moments = new Moments(new float[value.Length], new float[value.Length], Amsgrad ? new float[value.Length] : null);
        }

        // Keras casts β and the step to the variable's dtype before the power: float32 throughout.
        var step = (float)(Iterations + 1);
        var beta1Power = MathF.Pow((float)Beta1, step);
        var beta2Power = MathF.Pow((float)Beta2, step);
        var alpha = learningRate * MathF.Sqrt(1f - beta2Power) / (1f - beta1Power);

        var m = moments.First;
        var v = moments.Second;
        var scratch = Scratch(value.Length);

        // m += (g − m)·(1 − β₁)
        TensorPrimitives.Subtract(gradient, m, scratch);
        TensorPrimitives.MultiplyAdd(scratch, (float)(1 - Beta1), m, m);

        // v += (g² − v)·(1 − β₂)
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        TensorPrimitives.Subtract(scratch, v, scratch);
        TensorPrimitives.MultiplyAdd(scratch, (float)(1 - Beta2), v, v);

        if (moments.MaxSecond is { } vHat)
        {
            TensorPrimitives.Max(vHat, v, vHat);
            v = vHat;
        }

        // w − (m·α)/(√v + ε); the result span holds the denominator until the last line.
        TensorPrimitives.Sqrt(v, result);
        TensorPrimitives.Add(result, (float)Epsilon, result);
        TensorPrimitives.Multiply(m, alpha, scratch);
        TensorPrimitives.Divide(scratch, result, scratch);
        TensorPrimitives.Subtract(value, scratch, result);
    }

    /// <summary>One variable's moment estimates (Keras' <c>momentum</c>, <c>velocity</c> and <c>velocity_hat</c>).</summary>
    private sealed record Moments(float[] First, float[] Second, float[]? MaxSecond);
}
