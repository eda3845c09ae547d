namespace DiffGen;

/// <summary>
/// Hooks into <see cref="O:DiffGen.Model.Fit"/> (Keras' <c>keras.callbacks.Callback</c>). Epochs and batches are numbered from
/// 0; <c>logs</c> holds the values so far (<c>loss</c>, metrics, and at epoch end <c>val_…</c>). Set
/// <see cref="Model.StopTraining"/> to end training after the current epoch.
/// </summary>
public abstract class Callback
{
    /// <summary>The model being trained: set by <see cref="O:DiffGen.Model.Fit"/>, or by hand to drive a callback directly (Keras' <c>set_model</c>).</summary>
    public Model? Model { get; set; }

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin()
    {
    }

    /// <summary>After the last epoch (also when stopped early).</summary>
    public virtual void OnTrainEnd()
    {
    }

    /// <summary>At the start of an epoch.</summary>
    public virtual void OnEpochBegin(int epoch)
    {
    }

    /// <summary>At the end of an epoch, with the epoch's loss and metrics, validation included.</summary>
    public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Before a training batch.</summary>
    public virtual void OnBatchBegin(int batch)
    {
    }

    /// <summary>After a training batch, with the running means of the epoch so far.</summary>
    public virtual void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
    }
}
