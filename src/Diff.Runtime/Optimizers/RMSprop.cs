using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// RMSprop — Keras 3's <c>keras.optimizers.RMSprop</c>: <c>s = ρ·s + (1 − ρ)·g²</c>, then
/// <c>Δ = lr·g/√(s + ε)</c> (ε inside the square root, as Keras 3 places it); centered, the denominator is
/// <c>√(s − ḡ² + ε)</c> with <c>ḡ = ρ·ḡ + (1 − ρ)·g</c>; with momentum <c>u = μ·u + Δ; w −= u</c>, else <c>w −= Δ</c>.
/// </summary>
public sealed class RMSprop : Optimizer
{
    private readonly Dictionary<Variable, Accumulators> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>Keras' defaults: learning rate 0.001, ρ 0.9, no momentum, ε 1e-7, not centered.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="rho">The decay of the running mean of squared gradients, in [0, 1].</param>
    /// <param name="momentum">The decay of the momentum accumulator, at least 0 (0: no momentum).</param>
    /// <param name="epsilon">Added under the square root for numerical stability; at least 0.</param>
    /// <param name="centered">Whether to divide by the estimated variance instead of the second moment.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false)
        : base("rmsprop", learningRate)
    {
        Rho = CheckRange(Name, nameof(rho), rho, 0, 1);
        Momentum = CheckRange(Name, nameof(momentum), momentum, 0, double.PositiveInfinity);
        Epsilon = CheckRange(Name, nameof(epsilon), epsilon, 0, double.PositiveInfinity);
        Centered = centered;
    }

    /// <summary>RMSprop with a learning rate that follows <paramref name="learningRate"/>; the other arguments as above.</summary>
    public RMSprop(LearningRateSchedule learningRate, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false)
        : this(0.001, rho, momentum, epsilon, centered)
    {
        UseSchedule(learningRate);
    }

    /// <summary>The decay of the running mean of squared gradients.</summary>
    public double Rho { get; }

    /// <summary>The decay of the momentum accumulator (0: none).</summary>
    public double Momentum { get; }

    /// <summary>Added under the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the denominator is the estimated variance rather than the second moment.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>(base.GetConfig())
    {
        ["rho"] = Rho,
        ["momentum"] = Momentum,
        ["epsilon"] = Epsilon,
        ["centered"] = Centered,
    };

    /// <inheritdoc/>
    internal override IReadOnlyList<string> SlotNames => [.. new[] { "velocity", Momentum > 0 ? "momentum" : null, Centered ? "average_gradient" : null }.OfType<string>()];

    /// <inheritdoc/>
    internal override IReadOnlyList<float[]>? SlotsOf(Variable variable) =>
        _state.TryGetValue(variable, out var s) ? [.. new[] { s.Velocity, s.Momentum, s.AverageGradient }.OfType<float[]>()] : null;

    /// <inheritdoc/>
    private protected override void SetSlots(Variable variable, float[][] slots)
    {
        var next = 1;
        _state[variable] = new Accumulators(slots[0], Momentum > 0 ? slots[next++] : null, Centered ? slots[next] : null);
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Variable variable, ReadOnlySpan<float> value, ReadOnlySpan<float> gradient, Span<float> result, float learningRate)
    {
        if (!_state.TryGetValue(variable, out var state))
        {
            _state[variable] = state = new Accumulators(new float[value.Length], Momentum > 0 ? new float[value.Length] : null, Centered ? new float[value.Length] : null);
        }

        var rho = (float)Rho;
        var oneMinusRho = (float)(1 - Rho);
        var scratch = Scratch(value.Length);

        // s = ρ·s + (1 − ρ)·g²
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        TensorPrimitives.Multiply(scratch, oneMinusRho, scratch);
        TensorPrimitives.Multiply(state.Velocity, rho, state.Velocity);
        TensorPrimitives.Add(state.Velocity, scratch, state.Velocity);

        // The denominator √(s + ε), or √(s − ḡ² + ε) centered, goes to result.
        if (state.AverageGradient is { } average)
        {
            TensorPrimitives.Multiply(gradient, oneMinusRho, scratch);
            TensorPrimitives.Multiply(average, rho, average);
            TensorPrimitives.Add(average, scratch, average);
            TensorPrimitives.Multiply(average, average, scratch);
            TensorPrimitives.Subtract(state.Velocity, scratch, result);
            TensorPrimitives.Add(result, (float)Epsilon, result);
        }
        else
        {
            TensorPrimitives.Add(state.Velocity, (float)Epsilon, result);
        }

        TensorPrimitives.Sqrt(result, result);

        // Δ = (lr·g)/denominator
        TensorPrimitives.Multiply(gradient, learningRate, scratch);
        TensorPrimitives.Divide(scratch, result, scratch);
        if (state.Momentum is { } momentum)
        {
            TensorPrimitives.Multiply(momentum, (float)Momentum, momentum);
            TensorPrimitives.Add(momentum, scratch, momentum);
            TensorPrimitives.Subtract(value, momentum, result);
        }
        else
        {
            TensorPrimitives.Subtract(value, scratch, result);
        }
    }

    /// <summary>One variable's running averages (Keras' <c>velocity</c>, <c>momentum</c>, <c>average_gradient</c>).</summary>
    private sealed record Accumulators(float[] Velocity, float[]? Momentum, float[]? AverageGradient);
}
