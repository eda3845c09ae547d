using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The loops of a lifted elementwise op: <c>output[i] = op.Value(input[i])</c> (forward) or
/// <c>output[i] = op.Pullback(input[i], upstream[i])</c> (backward). Large tensors are cut into fixed chunks that the
/// kernel threads (<see cref="KernelThreads"/>, the caller plus helpers, up to <see cref="Gemm.MaxDegreeOfParallelism"/>)
/// claim one at a time; every element is computed by the same code whichever thread runs it, so the result is
/// bit-for-bit the single-threaded one.
/// </summary>
internal sealed class ElementwiseWork<TOp> : IKernelWork
    where TOp : struct, IElementwiseOp
{
    /// <summary>Below this many elements one thread does it all (waking helpers costs more than it saves).</summary>
    internal const int ParallelThreshold = 1 << 15;

    private const int ChunkSize = 1 << 14;

    private readonly TOp _op;
    private readonly float[] _input;
    private readonly float[]? _upstream;
    private readonly float[] _output;
    private readonly int _chunks;
    private int _next;

    private ElementwiseWork(TOp op, float[] input, float[]? upstream, float[] output)
    {
        _op = op;
        _input = input;
        _upstream = upstream;
        _output = output;
        _chunks = (output.Length + ChunkSize - 1) / ChunkSize;
    }

    /// <summary>Fills <paramref name="output"/>: the values when <paramref name="upstream"/> is null, else the pullbacks.</summary>
    public static void Run(TOp op, float[] input, float[]? upstream, float[] output)
    {
        var degree = Math.Min(Gemm.MaxDegreeOfParallelism, (output.Length + ChunkSize - 1) / ChunkSize);
        if (output.Length < ParallelThreshold || degree <= 1)
        {
            Loop(op, input, upstream, output, 0, output.Length);
            return;
        }

        var work = new ElementwiseWork<TOp>(op, input, upstream, output);
        if (!KernelThreads.TryRun(work, degree - 1))
        {
            work.Execute();
        }
    }

    /// <inheritdoc/>
    public void Execute()
    {
        var items = 0;
        while (true)
        {
            var chunk = Interlocked.Increment(ref _next) - 1;
            if (chunk >= _chunks)
            {
                break;
            }

            var start = chunk * ChunkSize;
            Loop(_op, _input, _upstream, _output, start, Math.Min(ChunkSize, _output.Length - start));
            items++;
        }

        KernelThreads.CountHelperItems(items);
    }

    private static void Loop(TOp op, float[] input, float[]? upstream, float[] output, int start, int length)
    {
        var destination = output.AsSpan(start, length);
        var source = input.AsSpan(start, destination.Length);
        if (upstream is null)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = op.Value(source[i]);
            }
        }
        else
        {
            var seed = upstream.AsSpan(start, destination.Length);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = op.Pullback(source[i], seed[i]);
            }
        }
    }
}
