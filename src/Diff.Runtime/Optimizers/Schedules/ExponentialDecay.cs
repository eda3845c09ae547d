namespace DiffGen;

/// <summary>
/// Keras' <c>ExponentialDecay</c>: <c>initial · rate^(step / decaySteps)</c>, with the exponent floored when
/// <paramref name="staircase"/> (the rate then drops every decaySteps steps).
/// </summary>
public sealed class ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false) : LearningRateSchedule
{
    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; } = Finite(nameof(ExponentialDecay), nameof(initialLearningRate), initialLearningRate);

    /// <summary>Steps per factor of <see cref="DecayRate"/>.</summary>
    public long DecaySteps { get; } = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "ExponentialDecay: decaySteps must be > 0 (as in Keras).");

    /// <summary>The factor per <see cref="DecaySteps"/> steps.</summary>
    public double DecayRate { get; } = Finite(nameof(ExponentialDecay), nameof(decayRate), decayRate);

    /// <summary>Whether the rate changes in whole steps of <see cref="DecaySteps"/>.</summary>
    public bool Staircase { get; } = staircase;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
        ["name"] = "ExponentialDecay",
    };

    /// <inheritdoc/>
    public override double Call(long step)
    {
        // float32, in Keras' order: p = step / decay_steps, then initial · rate^p.
        var p = (float)step / DecaySteps;
        if (Staircase)
        {
            p = MathF.Floor(p);
        }

        return (float)InitialLearningRate * MathF.Pow((float)DecayRate, p);
    }
}
