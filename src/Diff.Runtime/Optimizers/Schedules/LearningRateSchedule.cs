namespace DiffGen;

/// <summary>
/// A learning rate that depends on the optimizer's step count — Keras'
/// <c>keras.optimizers.schedules.LearningRateSchedule</c>. Pass one wherever a learning rate goes
/// (<c>new Adam(new ExponentialDecay(0.01, decaySteps: 1000, decayRate: 0.9))</c>); the optimizer evaluates it at
/// <see cref="Optimizer.Iterations"/> (0 for the first step) each step.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for step <paramref name="step"/> (0, 1, …), as Keras computes it in float32.</summary>
    public abstract double Call(long step);

    /// <summary>The Keras class name (<c>ExponentialDecay</c>, …), saved with an optimizer that follows this schedule.</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>
    /// The arguments that recreate this schedule, by Keras' names (Keras <c>get_config()</c>); saved under the
    /// optimizer's <c>learning_rate</c> as Keras does. A schedule written outside DiffGen returns an empty config by
    /// default: it is saved by class name, and loading it then fails with a message naming the class.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>();

    /// <summary>Throws unless <paramref name="value"/> is finite (and positive when asked); the message names the schedule.</summary>
    private protected static double Finite(string schedule, string parameter, double value, bool positive = false) =>
        double.IsFinite(value) && (!positive || value > 0)
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"{schedule}: {parameter} must be a finite{(positive ? " positive" : string.Empty)} number.");
}
