using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// Adagrad — Keras 3's <c>keras.optimizers.Adagrad</c>: the accumulator starts at
/// <c>initialAccumulatorValue</c>, then <c>a += g²; w −= lr·g/√(a + ε)</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly Dictionary<Variable, float[]> _accumulators = new(ReferenceEqualityComparer.Instance);

    /// <summary>Keras' defaults: learning rate 0.001, initial accumulator 0.1, ε 1e-7.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="initialAccumulatorValue">The accumulators' starting value; at least 0 (Keras: "must be non-negative").</param>
    /// <param name="epsilon">Added under the square root for numerical stability; at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7)
        : base("adagrad", learningRate)
    {
        InitialAccumulatorValue = CheckRange(Name, nameof(initialAccumulatorValue), initialAccumulatorValue, 0, double.PositiveInfinity);
        Epsilon = CheckRange(Name, nameof(epsilon), epsilon, 0, double.PositiveInfinity);
    }

    /// <summary>Adagrad with a learning rate that follows <paramref name="learningRate"/>; the other arguments as above.</summary>
    public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue = 0.1, double epsilon = 1e-7)
        : this(0.001, initialAccumulatorValue, epsilon)
    {
        UseSchedule(learningRate);
    }

    /// <summary>The accumulators' starting value.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>Added under the square root.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["initial_accumulator_value"] = InitialAccumulatorValue, ["epsilon"] = Epsilon };

    /// <inheritdoc/>
    internal override IReadOnlyList<string> SlotNames => ["accumulator"];

    /// <inheritdoc/>
    internal override float InitialSlotValue => (float)InitialAccumulatorValue;

    /// <inheritdoc/>
    internal override IReadOnlyList<float[]>? SlotsOf(Variable variable) =>
        _accumulators.TryGetValue(variable, out var accumulator) ? [accumulator] : null;

    /// <inheritdoc/>
    private protected override void SetSlots(Variable variable, float[][] slots) => _accumulators[variable] = slots[0];

    /// <inheritdoc/>
    protected override void UpdateStep(Variable variable, ReadOnlySpan<float> value, ReadOnlySpan<float> gradient, Span<float> result, float learningRate)
    {
        if (!_accumulators.TryGetValue(variable, out var accumulator))
        {
            _accumulators[variable] = accumulator = new float[value.Length];
            accumulator.AsSpan().Fill((float)InitialAccumulatorValue);
        }

        var scratch = Scratch(value.Length);

        // a += g²
        TensorPrimitives.Multiply(gradient, gradient, scratch);
        TensorPrimitives.Add(accumulator, scratch, accumulator);

        // w − (lr·g)/√(a + ε)
        TensorPrimitives.Add(accumulator, (float)Epsilon, result);
        TensorPrimitives.Sqrt(result, result);
        TensorPrimitives.Multiply(gradient, learningRate, scratch);
        TensorPrimitives.Divide(scratch, result, scratch);
        TensorPrimitives.Subtract(value, scratch, result);
    }
}
