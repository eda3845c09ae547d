namespace DiffGen;

/// <summary>
/// The tapes recording on the current thread, and the one place ops report to. Each thread has its own list, so a
/// tape records only the ops run on the thread that created it.
/// </summary>
internal static class TapeRecorder
{
    /// <summary>This thread's open tapes and pause depth, in one object: one thread-static read per op.</summary>
    [ThreadStatic]
    private static ThreadState? t_state;

    /// <summary>Whether any tape is open on this thread (ops skip all bookkeeping when not).</summary>
    public static bool IsActive => t_state is { Tapes.Count: > 0 };

    /// <summary>Stops every tape of this thread from recording until the handle is disposed (inference inside a tape).</summary>
    public static IDisposable Pause()
    {
        var state = t_state ??= new ThreadState();
        state.PauseDepth++;
        return new PauseHandle(state);
    }

    public static void Open(GradientTape tape) => (t_state ??= new ThreadState()).Tapes.Add(tape);

    public static void Close(GradientTape tape) => t_state?.Tapes.Remove(tape);

    /// <summary>
    /// Records <paramref name="output"/> = op(<paramref name="inputs"/>) on every recording tape that tracks one of
    /// the inputs, and returns <paramref name="output"/>.
    /// </summary>
    public static Tensor Record(string op, Tensor output, ReadOnlySpan<Tensor> inputs, Pullback pullback)
    {
        var state = t_state;
        if (state is null || state.Tapes.Count == 0 || state.PauseDepth > 0)
        {
            return output;
        }

        var tapes = state.Tapes;
        Tensor[]? inputArray = null;
        foreach (var tape in tapes)
        {
            if (tape.IsRecording && tape.TracksAny(inputs))
            {
                inputArray ??= inputs.ToArray();
                tape.Add(new TapeEntry(op, inputArray, output, pullback));
            }
        }

        return output;
    }

    /// <summary>A trainable variable was read: tapes that watch accessed variables start tracking the value read.</summary>
    public static void VariableRead(Variable variable, Tensor value)
    {
        var state = t_state;
        if (state is null || !variable.Trainable || state.PauseDepth > 0)
        {
            return;
        }

        foreach (var tape in state.Tapes)
        {
            if (tape.IsRecording && tape.WatchesAccessedVariables)
            {
                tape.Watch(variable, value);
            }
        }
    }

    private sealed class ThreadState
    {
        public List<GradientTape> Tapes { get; } = [];

        public int PauseDepth { get; set; }
    }

    private sealed class PauseHandle(ThreadState state) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                state.PauseDepth--;
            }
        }
    }
}
