namespace DiffGen;

/// <summary>
/// Records the ops run on watched tensors and trainable variables so that <see cref="Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/>
/// can walk them backwards — TensorFlow's <c>tf.GradientTape</c>:
/// <code>
/// var x = new Variable(3f);
/// using var tape = new GradientTape();
/// var y = x * x;
/// Tensor dy = tape.Gradient(y, x);   // 6
/// </code>
/// A tape records from construction until it is disposed (gradients may still be asked for afterwards). Each
/// thread has its own tapes. Tapes nest: ops an inner tape runs while computing a gradient are recorded by an outer
/// one, which gives second derivatives.
/// </summary>
public sealed class GradientTape : IDisposable
{
    /// <summary>What is recorded; handed to the next tape of the thread once this one can give nothing more (null then).</summary>
    private TapeRecord? _record = TapeRecord.Rent();
    private readonly long _startId;
    private int _pauseDepth;
    private bool _closed;
    private bool _used;

    /// <summary>Opens a tape on the current thread and starts recording.</summary>
    /// <param name="persistent">Whether <see cref="Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/> may be called more than once.</param>
    /// <param name="watchAccessedVariables">Whether every trainable <see cref="Variable"/> read while recording is watched automatically.</param>
    public GradientTape(bool persistent = false, bool watchAccessedVariables = true)
    {
        Persistent = persistent;
        WatchesAccessedVariables = watchAccessedVariables;
        // Every tensor made from now on has a larger id: that tells "made before this tape" from "made under it".
        _startId = Tensor.PeekNextId();
        TapeRecorder.Open(this);
    }

    /// <summary>Whether gradients may be asked for more than once.</summary>
    public bool Persistent { get; }

    /// <summary>Whether trainable variables read while recording are watched automatically.</summary>
    public bool WatchesAccessedVariables { get; }

    /// <summary>The trainable variables this tape watches, in the order they were first read or watched.</summary>
    public IReadOnlyList<Variable> WatchedVariables => [.. Record.VariableReads.Keys];

    /// <summary>The record (a new one if this tape gave its own away and is used again, e.g. watched after its gradient).</summary>
    private TapeRecord Record => _record ??= TapeRecord.Rent();

    /// <summary>Whether ops are being recorded now: open, not paused by <see cref="StopRecording"/>, not computing a gradient.</summary>
    internal bool IsRecording => !_closed && _pauseDepth == 0;

    /// <summary>Tracks <paramref name="tensor"/>: ops on it (and on their results) are recorded from now on.</summary>
    public void Watch(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Record.Tracked.Add(tensor);
    }

    /// <summary>Tracks <paramref name="variable"/> (also when it is not trainable or <see cref="WatchesAccessedVariables"/> is false).</summary>
    public void Watch(Variable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Watch(variable, variable.Peek());
    }

    internal void Watch(Variable variable, Tensor value)
    {
        Record.Tracked.Add(value);
        if (!Record.VariableReads.TryGetValue(variable, out var reads))
        {
            Record.VariableReads[variable] = reads = Record.NewReadList();
        }

        foreach (var read in reads)
        {
            if (ReferenceEquals(read, value))
            {
                return;
            }
        }

        reads.Add(value);
        Hold(value);
    }

    /// <summary>
    /// Pauses recording until the returned handle is disposed (<c>tape.stop_recording()</c>):
    /// <c>using (tape.StopRecording()) { … }</c>.
    /// </summary>
    public IDisposable StopRecording()
    {
        if (_closed)
        {
            throw new InvalidOperationException("StopRecording: this GradientTape is not recording (it has been disposed).");
        }

        _pauseDepth++;
        return new Resume(this);
    }

    /// <summary>Forgets everything recorded so far and keeps recording (<c>tape.reset()</c>).</summary>
    public void Reset()
    {
        Forget();
        _used = false;
    }

    /// <summary>Stops recording. The recorded ops stay until a gradient has been taken (or for ever if persistent).</summary>
    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            TapeRecorder.Close(this);
        }

        PassRecordOn();
    }

    /// <summary>A closed, used, non-persistent tape can neither record nor give a gradient: its emptied record goes to the thread's next tape.</summary>
    private void PassRecordOn()
    {
        if (_closed && _used && !Persistent && _record is { } record)
        {
            _record = null;
            TapeRecord.Return(record);
        }
    }

    /// <summary>
    /// The gradient of <paramref name="target"/> with respect to <paramref name="source"/>, shaped like the source. A
    /// non-scalar target is summed first (TensorFlow's rule), unless <paramref name="outputGradients"/> gives the
    /// weights. Returns null when the target does not depend on the source (zeros with <see cref="UnconnectedGradients.Zero"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The tape is not persistent and has already given a gradient, or the target was computed before the tape started.</exception>
    public Tensor Gradient(Tensor target, Tensor source, Tensor? outputGradients = null, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Compute(target, [Source.Of(source)], outputGradients, unconnectedGradients)[0]!;
    }

    /// <summary>The gradient with respect to a variable: the sum over every value of it read under this tape.</summary>
    /// <inheritdoc cref="Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/>
    public Tensor Gradient(Tensor target, Variable source, Tensor? outputGradients = null, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Compute(target, [SourceOf(source)], outputGradients, unconnectedGradients)[0]!;
    }

    /// <summary>One gradient per source, in order (null for a source the target does not depend on).</summary>
    /// <inheritdoc cref="Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/>
    public Tensor?[] Gradient(Tensor target, IReadOnlyList<Tensor> sources, Tensor? outputGradients = null, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return Compute(target, [.. sources.Select(Source.Of)], outputGradients, unconnectedGradients);
    }

    /// <summary>One gradient per variable, in order (null for a variable the target does not depend on) — e.g. <c>tape.Gradient(loss, layer.TrainableVariables)</c>.</summary>
    /// <inheritdoc cref="Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/>
    public Tensor?[] Gradient(Tensor target, IReadOnlyList<Variable> sources, Tensor? outputGradients = null, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var list = new Source[sources.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = SourceOf(sources[i]);
        }

        return Compute(target, list, outputGradients, unconnectedGradients);
    }

    /// <summary>
    /// The Jacobian of <paramref name="target"/> with respect to <paramref name="source"/>: shape
    /// <c>target.Shape + source.Shape</c>, element [i…, j…] = ∂target[i…]/∂source[j…]. Null when unconnected (zeros
    /// with <see cref="UnconnectedGradients.Zero"/>). Counts as one use of a non-persistent tape.
    /// </summary>
    public Tensor? Jacobian(Tensor target, Tensor source, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None) =>
        Jacobian(target, Source.Of(source), unconnectedGradients);

    /// <summary>The Jacobian with respect to a variable.</summary>
    /// <inheritdoc cref="Jacobian(Tensor, Tensor, UnconnectedGradients)"/>
    public Tensor? Jacobian(Tensor target, Variable source, UnconnectedGradients unconnectedGradients = UnconnectedGradients.None) =>
        Jacobian(target, SourceOf(source), unconnectedGradients);

    internal bool TracksAny(ReadOnlySpan<Tensor> inputs)
    {
        foreach (var input in inputs)
        {
            if (Record.Tracked.Contains(input))
            {
                return true;
            }
        }

        return false;
    }

    internal void Add(TapeEntry entry)
    {
        Record.Entries.Add(entry);
        Record.Tracked.Add(entry.Output);
        foreach (var input in entry.Inputs)
        {
            if (input.IsVariableValue)
            {
                Hold(input);
            }
        }
    }

    private void Hold(Tensor value)
    {
        value.HoldByTape();
        Record.Held.Add(value);
    }

    private Source SourceOf(Variable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return Record.VariableReads.TryGetValue(variable, out var reads)
            ? new Source(reads.ToArray(), variable.Shape)
            : new Source([], variable.Shape);
    }

    private Tensor? Jacobian(Tensor target, Source source, UnconnectedGradients unconnected)
    {
        ArgumentNullException.ThrowIfNull(target);
        BeginUse("Jacobian", target);
        var rows = new Tensor[target.Size];
        var connected = false;
        for (var i = 0; i < target.Size; i++)
        {
            var seedData = TensorBufferPool.RentZeroed(target.Size);
            seedData[i] = 1f;
            var row = Backward(target, [source], new Tensor(seedData, target.Shape))[0];
            connected |= row is not null;
            rows[i] = (row ?? Tensor.Zeros(source.Shape)).Reshape([1, .. source.Shape.Dimensions]);
        }

        EndUse();
        if (!connected && unconnected == UnconnectedGradients.None)
        {
            return null;
        }

        var stacked = rows.Length == 0 ? Tensor.Zeros([0, .. source.Shape.Dimensions]) : Ops.Concat(rows, axis: 0);
        return stacked.Reshape([.. target.Shape.Dimensions, .. source.Shape.Dimensions]);
    }

    private Tensor?[] Compute(Tensor target, Source[] sources, Tensor? outputGradients, UnconnectedGradients unconnected)
    {
        ArgumentNullException.ThrowIfNull(target);
        BeginUse("Gradient", target);
        if (outputGradients is not null && outputGradients.Shape != target.Shape)
        {
            throw new ArgumentException($"Gradient: outputGradients has shape {outputGradients.Shape} but the target has shape {target.Shape}; they must match.", nameof(outputGradients));
        }

        var gradients = Backward(target, sources, outputGradients ?? Tensor.Ones(target.Shape));
        EndUse();
        if (unconnected == UnconnectedGradients.Zero)
        {
            for (var i = 0; i < gradients.Length; i++)
            {
                gradients[i] ??= Tensor.Zeros(sources[i].Shape);
            }
        }

        return gradients;
    }

    private void BeginUse(string what, Tensor target)
    {
        if (_used && !Persistent)
        {
            throw new InvalidOperationException(
                $"{what}: a non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). Create it with new GradientTape(persistent: true) to ask more than once.");
        }

        if (!Record.Tracked.Contains(target) && target.Id < _startId)
        {
            throw new InvalidOperationException(
                $"{what}: the target (shape {target.Shape}) was not computed while this GradientTape was recording; compute it inside the tape's using block, from watched tensors or variables.");
        }

        _used = true;
    }

    private void EndUse()
    {
        if (!Persistent)
        {
            // A used non-persistent tape can give nothing more: let the recorded tensors go.
            Forget();
            PassRecordOn();
        }
    }

    /// <summary>Drops the record: every op, tracked tensor and variable read.</summary>
    private void Forget()
    {
        foreach (var value in Record.Held)
        {
            value.ReleaseByTape();
        }

        Record.Clear();
    }

    /// <summary>
    /// Reverse accumulation: walks the recorded ops from the last to the first, calling each pullback whose output
    /// has a gradient and whose inputs lead back to a source. Pauses this tape meanwhile; outer tapes keep recording.
    /// </summary>
    private Tensor?[] Backward(Tensor target, Source[] sources, Tensor seed)
    {
        var record = Record;
        try
        {
            return Backward(target, sources, seed, record.ReachesSource, record.Gradients);
        }
        finally
        {
            // Scratch, reused by the next backward pass: it must not keep the step's tensors alive meanwhile.
            record.ReachesSource.Clear();
            record.Gradients.Clear();
        }
    }

    private Tensor?[] Backward(Tensor target, Source[] sources, Tensor seed, HashSet<Tensor> reachesSource, Dictionary<Tensor, Tensor> gradients)
    {
        foreach (var source in sources)
        {
            // A tensor the tape never watched is a constant to it, as in TensorFlow: its gradient is unconnected.
            foreach (var tensor in source.Tensors)
            {
                if (Record.Tracked.Contains(tensor))
                {
                    reachesSource.Add(tensor);
                }
            }
        }

        // Forward pass over the record: which tensors depend on a source. Only those need gradients.
        var relevant = new bool[Record.Entries.Count];
        for (var i = 0; i < Record.Entries.Count; i++)
        {
            foreach (var input in Record.Entries[i].Inputs)
            {
                if (reachesSource.Contains(input))
                {
                    relevant[i] = true;
                    reachesSource.Add(Record.Entries[i].Output);
                    break;
                }
            }
        }

        if (reachesSource.Contains(target))
        {
            gradients[target] = seed;
            _pauseDepth++;
            try
            {
                Span<bool> needed = stackalloc bool[8];
                for (var i = Record.Entries.Count - 1; i >= 0; i--)
                {
                    var entry = Record.Entries[i];
                    if (!relevant[i] || !gradients.TryGetValue(entry.Output, out var upstream))
                    {
                        continue;
                    }

                    var inputs = entry.Inputs;
                    var flags = inputs.Length <= needed.Length ? needed[..inputs.Length] : new bool[inputs.Length];
                    for (var j = 0; j < inputs.Length; j++)
                    {
                        flags[j] = reachesSource.Contains(inputs[j]);
                    }

                    var inputGradients = entry.Pullback(upstream, flags);
                    for (var j = 0; j < inputs.Length; j++)
                    {
                        if (flags[j] && inputGradients[j] is { } gradient)
                        {
                            if (gradient.Shape != inputs[j].Shape)
                            {
                                throw new InvalidOperationException($"Gradient: the pullback of {entry.Op} gave a gradient of shape {gradient.Shape} for an input of shape {inputs[j].Shape} (a bug in DiffGen).");
                            }

                            gradients[inputs[j]] = gradients.TryGetValue(inputs[j], out var sum) ? sum + gradient : gradient;
                        }
                    }
                }
            }
            finally
            {
                _pauseDepth--;
            }
        }

        var result = new Tensor?[sources.Length];
        for (var s = 0; s < sources.Length; s++)
        {
            foreach (var tensor in sources[s].Tensors)
            {
                if (gradients.TryGetValue(tensor, out var gradient))
                {
                    result[s] = result[s] is { } sum ? sum + gradient : gradient;
                }
            }
        }

        return result;
    }

    /// <summary>What a gradient is taken with respect to: one tensor, or every value read from a variable.</summary>
    private sealed record Source(Tensor[] Tensors, Shape Shape)
    {
        public static Source Of(Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            return new Source([tensor], tensor.Shape);
        }
    }

    private sealed class Resume(GradientTape tape) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                tape._pauseDepth--;
            }
        }
    }
}
