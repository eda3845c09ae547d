namespace DiffGen.Kernels;

/// <summary>
/// A loop over [0, length) cut into fixed chunks that the kernel threads (<see cref="KernelThreads"/>, the caller
/// plus helpers, up to <see cref="Gemm.MaxDegreeOfParallelism"/>) claim one at a time. Every index is computed by the
/// same code whichever thread runs it, so a subclass whose <see cref="Loop"/> writes each output once gets the
/// single-threaded result bit for bit.
/// </summary>
internal abstract class ChunkedWork : IKernelWork
{
    /// <summary>Below this many items one thread does it all (waking helpers costs more than it saves).</summary>
    internal const int ParallelThreshold = 1 << 15;

    /// <summary>Items per chunk: a multiple of every SIMD width, so only the last chunk has a ragged end.</summary>
    internal const int ChunkSize = 1 << 14;

    private readonly int _length;
    private readonly int _chunks;
    private int _next;

    protected ChunkedWork(int length)
    {
        _length = length;
        _chunks = (length + ChunkSize - 1) / ChunkSize;
    }

    /// <summary>Runs <see cref="Loop"/> over [0, length): on this thread alone when small, else on the kernel threads.</summary>
    public void Run()
    {
        var degree = Math.Min(Gemm.MaxDegreeOfParallelism, _chunks);
        if (_length < ParallelThreshold || degree <= 1 || !KernelThreads.TryRun(this, degree - 1))
        {
            Loop(0, _length);
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
            Loop(start, Math.Min(ChunkSize, _length - start));
            items++;
        }

        KernelThreads.CountHelperItems(items);
    }

    /// <summary>Computes items [start, start + length).</summary>
    protected abstract void Loop(int start, int length);
}
