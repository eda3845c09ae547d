namespace DiffGen;

/// <summary>
/// The weighted running mean of plain values — Keras 3's <c>keras.metrics.Mean</c>. A training loop tracks its
/// epoch loss with one (<c>new Mean("loss")</c>): each batch's mean loss is added with the batch size as its weight,
/// so the result is the mean over samples, as Keras reports it. It is not a <see cref="Metric"/>, because it
/// averages values rather than comparing labels with predictions.
/// </summary>
public sealed class Mean
{
    private double _total;
    private double _count;

    /// <summary>A running mean reported as <paramref name="name"/> (Keras' default: <c>mean</c>).</summary>
    public Mean(string name = "mean")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name (the training loop's is <c>loss</c>).</summary>
    public string Name { get; }

    /// <summary>Adds <paramref name="value"/> with weight <paramref name="weight"/> (e.g. a batch's mean loss and its size).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The weight is negative or not finite.</exception>
    public void UpdateState(double value, double weight = 1)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"{Name}: a weight must be a finite number ≥ 0.");
        }

        _total += value * weight;
        _count += weight;
    }

    /// <summary>Adds every element of <paramref name="values"/> with weight 1.</summary>
    public void UpdateState(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values.AsSpan())
        {
            _total += value;
        }

        _count += values.Size;
    }

    /// <summary>The weighted mean of everything added since the last reset; 0 before anything is added.</summary>
    public double Result() => _count == 0 ? 0 : _total / _count;

    /// <summary>Forgets everything added.</summary>
    public void ResetState()
    {
        _total = 0;
        _count = 0;
    }
}
