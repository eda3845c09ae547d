namespace DiffGen;

/// <summary>
/// What a <see cref="GradientTape"/> records — its ops, the tensors it tracks, the variable values it read and holds —
/// and the scratch sets of its backward pass. A training step opens a tape, takes one gradient and disposes of it:
/// the next step's tape on the same thread takes the emptied record over, so the collections are not allocated and
/// grown again every step.
/// </summary>
internal sealed class TapeRecord
{
    [ThreadStatic]
    private static TapeRecord? t_spare;

    private readonly Stack<List<Tensor>> _spareReadLists = new();

    public List<TapeEntry> Entries { get; } = [];

    public HashSet<Tensor> Tracked { get; } = new(TensorIdentity.Instance);

    public Dictionary<Variable, List<Tensor>> VariableReads { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The variable values held for a gradient still to come; an optimizer never overwrites them.</summary>
    public List<Tensor> Held { get; } = [];

    /// <summary>Backward's scratch: the tensors that depend on a source. Empty between uses.</summary>
    public HashSet<Tensor> ReachesSource { get; } = new(TensorIdentity.Instance);

    /// <summary>Backward's scratch: each tensor's gradient. Empty between uses.</summary>
    public Dictionary<Tensor, Tensor> Gradients { get; } = new(TensorIdentity.Instance);

    /// <summary>An empty record: this thread's spare one, or a new one.</summary>
    public static TapeRecord Rent()
    {
        var record = t_spare;
        if (record is null)
        {
            return new TapeRecord();
        }

        t_spare = null;
        return record;
    }

    /// <summary>Gives an emptied record (see <see cref="Clear"/>) to the next tape of this thread.</summary>
    public static void Return(TapeRecord record) => t_spare = record;

    /// <summary>An empty list for a variable's reads.</summary>
    public List<Tensor> NewReadList() => _spareReadLists.TryPop(out var list) ? list : [];

    /// <summary>Forgets everything recorded (the held values must have been released by the caller).</summary>
    public void Clear()
    {
        Entries.Clear();
        Tracked.Clear();
        foreach (var reads in VariableReads.Values)
        {
            reads.Clear();
            _spareReadLists.Push(reads);
        }

        VariableReads.Clear();
        Held.Clear();
    }
}
