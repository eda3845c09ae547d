namespace DiffGen;

/// <summary>
/// Stops training when <see cref="Monitor"/> has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs (Keras 3's <c>EarlyStopping</c>, same rules), optionally restoring the weights of
/// the best epoch at the end.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private readonly bool _maximize;
    private int _wait;
    private double _best;
    private Tensor[][]? _bestWeights;

    /// <summary>Keras' arguments and defaults.</summary>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0, string mode = "auto", double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Monitor = monitor;
        MinDelta = Math.Abs(minDelta);
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
        _maximize = MonitorMode.Maximize(mode, monitor);
    }

    /// <summary>The logged value watched (default <c>val_loss</c>).</summary>
    public string Monitor { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>1 prints when stopping and restoring.</summary>
    public int Verbose { get; }

    /// <summary>A value the monitored quantity must beat for the patience counter to reset.</summary>
    public double? Baseline { get; }

    /// <summary>Whether to restore the best epoch's weights when training ends.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs to wait before monitoring starts.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The epoch (from 0) at which training was stopped, or 0 if it was not.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The epoch (from 0) with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _bestWeights = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue(Monitor, out var current))
        {
            Console.Out.WriteLine($"Early stopping conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
            return;
        }

        if (epoch < StartFromEpoch)
        {
            return;
        }

        if (RestoreBestWeights && _bestWeights is null)
        {
            // Until something improves, the current weights are the best.
            _bestWeights = Model!.GetAllWeights();
            BestEpoch = epoch;
        }

        _wait++;
        if (IsImprovement(current, _best))
        {
            _best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                _bestWeights = Model!.GetAllWeights();
            }

            // Only restart the wait when beating both the baseline and the previous best.
            if (Baseline is not { } baseline || IsImprovement(current, baseline))
            {
                _wait = 0;
            }

            return;
        }

        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        if (StoppedEpoch > 0 && Verbose > 0)
        {
            Console.Out.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        }

        if (RestoreBestWeights && _bestWeights is not null)
        {
            if (Verbose > 0)
            {
                Console.Out.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            }

            Model!.SetAllWeights(_bestWeights);
        }
    }

    private bool IsImprovement(double value, double reference) =>
        _maximize ? value - MinDelta > reference : value + MinDelta < reference;
}
