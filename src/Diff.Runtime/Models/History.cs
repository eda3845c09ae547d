namespace DiffGen;

/// <summary>
/// What <see cref="O:DiffGen.Model.Fit"/> returns (Keras' <c>History</c>): per epoch, the loss and each metric as the mean over
/// the epoch's samples, and the same for validation (<c>val_loss</c>, <c>val_mae</c>, …) when validating.
/// </summary>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly List<int> _epochs = [];

    /// <summary>The epochs run, numbered from 0 (Keras' <c>history.epoch</c>).</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>The names recorded: <c>loss</c>, metrics, <c>val_…</c>, <c>learning_rate</c> when scheduled.</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys;

    /// <summary>The values of one name, one per epoch: <c>history["loss"]</c>.</summary>
    /// <exception cref="KeyNotFoundException">The name was never recorded; the message lists the recorded ones.</exception>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out var values)
        ? values
        : throw new KeyNotFoundException($"History has no '{key}'. Recorded: {string.Join(", ", _values.Keys)}.");

    /// <summary>Whether a name was recorded.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    internal void Add(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var values))
            {
                _values[key] = values = [];
            }

            values.Add(value);
        }
    }
}
