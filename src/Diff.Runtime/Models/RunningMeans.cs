namespace DiffGen;

/// <summary>
/// The loss and metrics over an epoch so far: each batch weighted by its number of samples, so the epoch value is
/// the mean over samples, as Keras reports it. For a model of several outputs, each output's loss too
/// (<c>{name}_loss</c>, as Keras 3 logs them).
/// </summary>
internal sealed class RunningMeans
{
    private readonly IReadOnlyList<Metric> _metrics;
    private readonly IReadOnlyList<int> _metricOutputs;
    private readonly string[] _metricNames;
    private readonly IReadOnlyList<string> _outputNames;
    private readonly double[] _outputSums;
    private double _lossSum;
    private long _samples;

    public RunningMeans(IReadOnlyList<Metric> metrics, IReadOnlyList<int> metricOutputs, OutputLosses losses)
    {
        _metrics = metrics;
        _metricOutputs = metricOutputs;

        // Keras 3 prefixes a metric with its output's name when there are several outputs.
        _metricNames = [.. metrics.Select((m, i) => losses.Count > 1 ? $"{losses.Names[metricOutputs[i]]}_{m.Name}" : m.Name)];
        foreach (var metric in metrics)
        {
            metric.ResetState();
        }

        _outputNames = losses.Count > 1 ? losses.Names : [];
        _outputSums = new double[_outputNames.Count];
        OutputParts = losses.Count > 1 ? new double[losses.Count] : null;
    }

    /// <summary>Where the step writes each output's loss of the current batch; null for a model of one output.</summary>
    public double[]? OutputParts { get; }

    public void Add(double loss, Tensor[] y, Tensor[] predictions, int count)
    {
        _lossSum += loss * count;
        _samples += count;
        for (var i = 0; i < _outputSums.Length; i++)
        {
            _outputSums[i] += OutputParts![i] * count;
        }

        for (var i = 0; i < _metrics.Count; i++)
        {
            _metrics[i].UpdateState(y[_metricOutputs[i]], predictions[_metricOutputs[i]]);
        }
    }

    public Dictionary<string, double> Logs()
    {
        var logs = new Dictionary<string, double> { ["loss"] = _samples == 0 ? double.NaN : _lossSum / _samples };
        for (var i = 0; i < _outputSums.Length; i++)
        {
            logs[$"{_outputNames[i]}_loss"] = _samples == 0 ? double.NaN : _outputSums[i] / _samples;
        }

        for (var i = 0; i < _metrics.Count; i++)
        {
            logs[_metricNames[i]] = _metrics[i].Result();
        }

        return logs;
    }
}
