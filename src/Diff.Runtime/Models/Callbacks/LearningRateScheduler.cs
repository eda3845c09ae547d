namespace DiffGen;

/// <summary>
/// Sets the optimizer's learning rate at the start of each epoch to <c>schedule(epoch, currentRate)</c> (Keras'
/// <c>LearningRateScheduler</c>); the rate used is recorded in History as <c>learning_rate</c>.
/// </summary>
public sealed class LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch)
    {
        var optimizer = Model?.Optimizer ?? throw new InvalidOperationException("LearningRateScheduler: the model is not compiled.");
        var rate = schedule(epoch, optimizer.LearningRate);
        if (double.IsNaN(rate) || rate < 0)
        {
            throw new InvalidOperationException($"LearningRateScheduler: the schedule returned {rate} for epoch {epoch}; a learning rate must be a number ≥ 0.");
        }

        optimizer.LearningRate = rate;
        if (verbose > 0)
        {
            Console.Out.WriteLine($"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {rate}.");
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (logs is IDictionary<string, double> writable && Model?.Optimizer is { } optimizer)
        {
            writable["learning_rate"] = optimizer.LearningRate;
        }
    }
}
