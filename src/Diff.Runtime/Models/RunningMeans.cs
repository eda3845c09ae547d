namespace DiffGen;

/// <summary>
/// The loss and metrics over an epoch so far: each batch weighted by its number of samples, so the epoch value is
/// the mean over samples, as Keras reports it.
/// </summary>
internal sealed class RunningMeans
{
    private readonly IReadOnlyList<Metric> _metrics;
    private double _lossSum;
    private long _samples;

    public RunningMeans(IReadOnlyList<Metric> metrics)
    {
        _metrics = metrics;
        foreach (var metric in metrics)
        {
            metric.ResetState();
        }
    }

    public void Add(double loss, Tensor y, Tensor predictions, int count)
    {
        _lossSum += loss * count;
        _samples += count;
        foreach (var metric in _metrics)
        {
            metric.UpdateState(y, predictions);
        }
    }

    public Dictionary<string, double> Logs()
    {
        var logs = new Dictionary<string, double> { ["loss"] = _samples == 0 ? double.NaN : _lossSum / _samples };
        foreach (var metric in _metrics)
        {
            logs[metric.Name] = metric.Result();
        }

        return logs;
    }
}
