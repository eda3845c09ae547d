namespace DiffGen;

/// <summary>
/// Keras' <c>PiecewiseConstantDecay</c>: <c>values[0]</c> while step ≤ <c>boundaries[0]</c>, <c>values[i]</c> while
/// <c>boundaries[i−1]</c> &lt; step ≤ <c>boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>A step function with one more value than boundaries; the boundaries must increase strictly.</summary>
    public PiecewiseConstantDecay(long[] boundaries, double[] values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (boundaries.Length == 0 || boundaries.Length != values.Length - 1)
        {
            throw new ArgumentException($"PiecewiseConstantDecay: there must be one more value than boundaries, and at least one boundary; got {boundaries.Length} boundaries and {values.Length} values.", nameof(values));
        }

        for (var i = 1; i < boundaries.Length; i++)
        {
            if (boundaries[i] <= boundaries[i - 1])
            {
                throw new ArgumentException($"PiecewiseConstantDecay: boundaries must increase strictly; [{string.Join(", ", boundaries)}] does not at index {i}.", nameof(boundaries));
            }
        }

        foreach (var value in values)
        {
            Finite(nameof(PiecewiseConstantDecay), nameof(values), value);
        }

        // Copies: the caller's arrays stay theirs to change.
        _boundaries = (long[])boundaries.Clone();
        _values = (double[])values.Clone();
    }

    /// <summary>The steps after which the next value applies.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <summary>The learning rate of each interval.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["boundaries"] = _boundaries.ToArray(),
        ["values"] = _values.ToArray(),
        ["name"] = "PiecewiseConstant",
    };

    /// <inheritdoc/>
    public override double Call(long step)
    {
        var interval = 0;
        while (interval < _boundaries.Length && step > _boundaries[interval])
        {
            interval++;
        }

        return (float)_values[interval];
    }
}
