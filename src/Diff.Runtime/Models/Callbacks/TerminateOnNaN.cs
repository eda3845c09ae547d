namespace DiffGen;

/// <summary>
/// Ends training quietly when the loss becomes NaN or infinite (Keras' <c>TerminateOnNaN</c>). Without it
/// <see cref="O:DiffGen.Model.Fit"/> throws instead. Either way the bad step is not applied: the weights stay as of the last
/// good step.
/// </summary>
public sealed class TerminateOnNaN : Callback
{
    /// <summary>The batch at which training was terminated, if it was.</summary>
    public int? TerminatedAtBatch { get; internal set; }
}
