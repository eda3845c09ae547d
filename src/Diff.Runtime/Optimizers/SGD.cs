using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// Gradient descent, optionally with momentum — Keras 3's <c>keras.optimizers.SGD</c>:
/// <c>w −= lr·g</c>; with momentum <c>v = m·v − lr·g; w += v</c>; with Nesterov <c>v = m·v − lr·g; w += m·v − lr·g</c>.
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly Dictionary<Variable, float[]> _velocities = new(ReferenceEqualityComparer.Instance);
    private readonly float _momentum;

    /// <summary>Keras' defaults: learning rate 0.01, no momentum.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="momentum">The velocity's decay, in [0, 1] (Keras rejects anything else); 0 is plain gradient descent.</param>
    /// <param name="nesterov">Whether to apply Nesterov momentum.</param>
    /// <exception cref="ArgumentOutOfRangeException">The momentum is outside [0, 1] or the learning rate is not finite.</exception>
    public SGD(double learningRate = 0.01, double momentum = 0, bool nesterov = false)
        : base("SGD", learningRate)
    {
        Momentum = CheckRange(Name, nameof(momentum), momentum, 0, 1);
        Nesterov = nesterov;
        _momentum = (float)momentum;
    }

    /// <summary>SGD with a learning rate that follows <paramref name="learningRate"/>; the other arguments as above.</summary>
    public SGD(LearningRateSchedule learningRate, double momentum = 0, bool nesterov = false)
        : this(0.01, momentum, nesterov)
    {
        UseSchedule(learningRate);
    }

    /// <summary>The velocity's decay (0: plain gradient descent).</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is applied.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["momentum"] = Momentum, ["nesterov"] = Nesterov };

    /// <inheritdoc/>
    internal override IReadOnlyList<string> SlotNames => _momentum == 0f ? [] : ["momentum"];

    /// <inheritdoc/>
    internal override IReadOnlyList<float[]>? SlotsOf(Variable variable) =>
        _velocities.TryGetValue(variable, out var velocity) ? [velocity] : null;

    /// <inheritdoc/>
    private protected override void SetSlots(Variable variable, float[][] slots) => _velocities[variable] = slots[0];

    /// <inheritdoc/>
    /// <remarks>Every rule below reads value[i] before writing result[i] and uses its own scratch and velocity buffers.</remarks>
    private protected override bool UpdatesInPlace => true;

    /// <inheritdoc/>
    protected override void UpdateStep(Variable variable, ReadOnlySpan<float> value, ReadOnlySpan<float> gradient, Span<float> result, float learningRate)
    {
        if (_momentum == 0f)
        {
            // w − g·lr, written as g·(−lr) + w: the same float product and sum.
            TensorPrimitives.MultiplyAdd(gradient, -learningRate, value, result);
            return;
        }

        if (!_velocities.TryGetValue(variable, out var velocity))
        {
            _velocities[variable] = velocity = new float[value.Length];
        }

        // v = v·m − g·lr
        TensorPrimitives.Multiply(velocity, _momentum, velocity);
        TensorPrimitives.MultiplyAdd(gradient, -learningRate, velocity, velocity);
        if (Nesterov)
        {
            // w + (v·m − g·lr)
            var step = Scratch(value.Length);
            TensorPrimitives.Multiply(velocity, _momentum, step);
            TensorPrimitives.MultiplyAdd(gradient, -learningRate, step, step);
            TensorPrimitives.Add(value, step, result);
        }
        else
        {
            TensorPrimitives.Add(value, velocity, result);
        }
    }
}
