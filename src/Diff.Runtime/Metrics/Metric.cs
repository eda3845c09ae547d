namespace DiffGen;

/// <summary>
/// A running mean of a per-sample quantity over the batches seen since the last <see cref="ResetState"/> — Keras 3's
/// <c>keras.metrics.Metric</c> as <c>MeanMetricWrapper</c> implements it: every sample counts once, so batches weigh
/// by their size. Metrics read tensor values directly; no tape ever sees them.
/// </summary>
public abstract class Metric
{
    /// <summary>A metric by Keras name: <c>metrics: ["mae"]</c> (see <see cref="Metrics.Get"/>).</summary>
    public static implicit operator Metric(string name) => Metrics.Get(name);

    private double _total;
    private double _count;

    /// <summary>A metric reported as <paramref name="name"/>.</summary>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name Keras reports it under in <c>History</c> (<c>accuracy</c>, <c>mae</c>, <c>mse</c>, …).</summary>
    public string Name { get; }

    /// <summary>The class name, saved with a compiled model.</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>The settings that recreate this metric (Keras <c>get_config()</c>): <c>name</c>, and e.g. <c>threshold</c>.</summary>
    public virtual IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name };

    /// <summary>Adds one batch: the per-sample values of <paramref name="yPred"/> against <paramref name="yTrue"/>.</summary>
    /// <exception cref="ArgumentException">The shapes do not fit this metric (the message names it and both shapes).</exception>
    public abstract void UpdateState(Tensor yTrue, Tensor yPred);

    /// <summary>The mean over every sample added since the last reset; 0 before any (Keras divides with <c>divide_no_nan</c>).</summary>
    public double Result() => _count == 0 ? 0 : _total / _count;

    /// <summary>Forgets every sample added (Keras resets metrics at the start of each epoch).</summary>
    public void ResetState()
    {
        _total = 0;
        _count = 0;
    }

    /// <summary>Adds <paramref name="samples"/> samples whose values sum to <paramref name="sum"/>.</summary>
    protected void Accumulate(double sum, long samples)
    {
        _total += sum;
        _count += samples;
    }
}
