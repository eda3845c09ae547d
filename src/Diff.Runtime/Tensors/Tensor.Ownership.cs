namespace DiffGen;

// Who may still see a variable's value: what lets an optimizer write a new value into the old one's memory.
public sealed partial class Tensor
{
    private int _tapeHolds;
    private volatile bool _shared;

    /// <summary>Whether this tensor is (or was) the value of a <see cref="Variable"/>.</summary>
    internal bool IsVariableValue { get; set; }

    /// <summary>
    /// Whether a reference to this variable value may be held where the library cannot see it: it was handed out by a
    /// public read (<see cref="Variable.Value"/>, <c>GetWeights</c>), given to <see cref="Variable.Assign"/>, or viewed
    /// by a reshape. Once shared, a tensor stays shared: its contents never change again.
    /// </summary>
    internal bool IsShared => _shared;

    /// <summary>Whether a tape holds this tensor (a watched variable read, or an input of a recorded op).</summary>
    internal bool IsHeldByTape => Volatile.Read(ref _tapeHolds) > 0;

    /// <summary>
    /// Whether an optimizer may overwrite the elements: a variable's value that no one outside the library holds and
    /// no tape keeps for a gradient still to come. Then no one can observe the old values, and "a value read before a
    /// step keeps its contents" still holds — every read that could keep it marked it shared.
    /// </summary>
    internal bool IsPrivateVariableValue => IsVariableValue && !_shared && !IsHeldByTape && !IsReleased && !IsView;

    /// <summary>Marks the tensor as possibly held outside the library (see <see cref="IsShared"/>); returns it.</summary>
    internal Tensor MarkShared()
    {
        _shared = true;
        return this;
    }

    /// <summary>A tape starts holding this tensor.</summary>
    internal void HoldByTape() => Interlocked.Increment(ref _tapeHolds);

    /// <summary>A tape lets go of this tensor.</summary>
    internal void ReleaseByTape() => Interlocked.Decrement(ref _tapeHolds);
}
