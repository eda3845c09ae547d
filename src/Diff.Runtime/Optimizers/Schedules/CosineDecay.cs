namespace DiffGen;

/// <summary>
/// Keras' <c>CosineDecay</c>: an optional linear warmup from <see cref="InitialLearningRate"/> to
/// <see cref="WarmupTarget"/> over <see cref="WarmupSteps"/>, then a half cosine from the peak down to
/// <c>alpha·peak</c> over <see cref="DecaySteps"/>, flat after that. Without a warmup target the peak is the initial
/// rate and the decay starts at once.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>A cosine decay (Keras' arguments and defaults).</summary>
    /// <param name="initialLearningRate">The rate at step 0.</param>
    /// <param name="decaySteps">Steps of the cosine part (&gt; 0).</param>
    /// <param name="alpha">The final rate as a fraction of the peak; default 0.</param>
    /// <param name="warmupTarget">The peak reached by the warmup; null for no warmup.</param>
    /// <param name="warmupSteps">Steps of the warmup (used with a target).</param>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0, double? warmupTarget = null, long warmupSteps = 0)
    {
        InitialLearningRate = Finite(nameof(CosineDecay), nameof(initialLearningRate), initialLearningRate);
        DecaySteps = decaySteps > 0 ? decaySteps : throw new ArgumentOutOfRangeException(nameof(decaySteps), decaySteps, "CosineDecay: decaySteps must be > 0.");
        Alpha = Finite(nameof(CosineDecay), nameof(alpha), alpha);
        WarmupTarget = warmupTarget is { } target ? Finite(nameof(CosineDecay), nameof(warmupTarget), target) : null;
        WarmupSteps = warmupSteps >= 0 ? warmupSteps : throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "CosineDecay: warmupSteps must be at least 0.");
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of the cosine part.</summary>
    public long DecaySteps { get; }

    /// <summary>The final rate as a fraction of the peak.</summary>
    public double Alpha { get; }

    /// <summary>The rate the warmup reaches, or null for none.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Steps of the warmup.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["alpha"] = Alpha,
        ["name"] = "CosineDecay",
        ["warmup_target"] = WarmupTarget,
        ["warmup_steps"] = WarmupSteps,
    };

    /// <inheritdoc/>
    public override double Call(long step)
    {
        var initial = (float)InitialLearningRate;
        float decaySteps = DecaySteps, current = step;
        if (WarmupTarget is not { } target)
        {
            return Decay(MathF.Min(current, decaySteps), decaySteps, initial);
        }

        float warmupSteps = WarmupSteps, peak = (float)target;
        current = MathF.Min(current, decaySteps + warmupSteps);
        return current < warmupSteps
            ? ((peak - initial) * (current / warmupSteps)) + initial
            : Decay(current - warmupSteps, decaySteps, peak);
    }

    /// <summary>from · ((1 − α)·½(1 + cos(π·step/decaySteps)) + α), in float32 as Keras.</summary>
    private float Decay(float step, float decaySteps, float from)
    {
        var cosine = 0.5f * (1f + MathF.Cos(MathF.PI * (step / decaySteps)));
        var alpha = (float)Alpha;
        return from * (((1f - alpha) * cosine) + alpha);
    }
}
