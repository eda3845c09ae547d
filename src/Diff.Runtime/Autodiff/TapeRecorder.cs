namespace DiffGen;

/// <summary>
/// The tapes recording on the current thread, and the one place ops report to. Each thread has its own list, so a
/// tape records only the ops run on the thread that created it.
/// </summary>
internal static class TapeRecorder
{
    [ThreadStatic]
    private static List<GradientTape>? t_tapes;

    [ThreadStatic]
    private static int t_pauseDepth;

    /// <summary>Whether any tape is open on this thread (ops skip all bookkeeping when not).</summary>
    public static bool IsActive => t_tapes is { Count: > 0 };

    /// <summary>Stops every tape of this thread from recording until the handle is disposed (inference inside a tape).</summary>
    public static IDisposable Pause()
    {
        t_pauseDepth++;
        return new PauseHandle();
    }

    public static void Open(GradientTape tape) => (t_tapes ??= []).Add(tape);

    public static void Close(GradientTape tape) => t_tapes?.Remove(tape);

    /// <summary>
    /// Records <paramref name="output"/> = op(<paramref name="inputs"/>) on every recording tape that tracks one of
    /// the inputs, and returns <paramref name="output"/>.
    /// </summary>
    public static Tensor Record(string op, Tensor output, ReadOnlySpan<Tensor> inputs, Pullback pullback)
    {
        var tapes = t_tapes;
        if (tapes is null || tapes.Count == 0 || t_pauseDepth > 0)
        {
            return output;
        }

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
        var tapes = t_tapes;
        if (tapes is null || !variable.Trainable || t_pauseDepth > 0)
        {
            return;
        }

        foreach (var tape in tapes)
        {
            if (tape.IsRecording && tape.WatchesAccessedVariables)
            {
                tape.Watch(variable, value);
            }
        }
    }

    private sealed class PauseHandle : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                t_pauseDepth--;
            }
        }
    }
}
