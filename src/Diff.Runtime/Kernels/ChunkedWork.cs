namespace DiffGen.Kernels;

/// <summary>
/// A loop over [0, length) cut into fixed chunks that the kernel threads (<see cref="KernelThreads"/>, the caller
/// plus helpers, up to <see cref="Gemm.MaxDegreeOfParallelism"/>) claim one at a time. Every index is computed by the
/// same code whichever thread runs it, so a subclass whose <see cref="Loop"/> writes each output once gets the
/// single-threaded result bit for bit.
/// </summary>
internal abstract class ChunkedWork : IKernelWork
{
    /// <summary>Below this many elements of work one thread does it all (waking helpers costs more than it saves).</summary>
    internal const int ParallelThreshold = 1 << 15;

    /// <summary>Elements per chunk: a multiple of every SIMD width; the last chunk also takes the ragged end.</summary>
    internal const int ChunkSize = 1 << 14;

    private readonly int _length;
    private readonly int _itemsPerChunk;
    private readonly long _work;
    private readonly int _chunks;
    private int _next;

    /// <summary>A loop over <paramref name="length"/> elements, <see cref="ChunkSize"/> per chunk.</summary>
    protected ChunkedWork(int length)
        : this(length, itemCost: 1)
    {
    }

    /// <summary>
    /// A loop over <paramref name="length"/> items that each cost about <paramref name="itemCost"/> elements of work
    /// (a row of that width, say): chunks of whole items, about <see cref="ChunkSize"/> elements each, and the kernel
    /// threads only when the whole loop is <see cref="ParallelThreshold"/> elements or more.
    /// </summary>
    protected ChunkedWork(int length, long itemCost)
    {
        var cost = Math.Max(1, itemCost);
        _length = length;
        _itemsPerChunk = (int)Math.Max(1, ChunkSize / cost);
        _work = length * cost;
        // A ragged end shorter than a chunk joins the chunk before it: every chunk then holds at least a chunk's worth
        // of work, long enough for the vector paths of the kernels run on it.
        _chunks = (int)Math.Max(1, (long)length / _itemsPerChunk);
    }

    /// <summary>
    /// Whether a loop of <paramref name="work"/> elements would be split across threads now: callers with a cheaper
    /// single-threaded form of the same computation use it when not.
    /// </summary>
    internal static bool WouldSplit(long work) => work >= ParallelThreshold && Gemm.MaxDegreeOfParallelism > 1;

    /// <summary>Runs <see cref="Loop"/> over [0, length): on this thread alone when small, else on the kernel threads.</summary>
    public void Run()
    {
        var degree = Math.Min(Gemm.MaxDegreeOfParallelism, _chunks);
        if (_work < ParallelThreshold || degree <= 1 || !KernelThreads.TryRun(this, degree - 1))
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

            var start = chunk * _itemsPerChunk;
            Loop(start, chunk == _chunks - 1 ? _length - start : _itemsPerChunk);
            items++;
        }

        KernelThreads.CountHelperItems(items);
    }

    /// <summary>Computes items [start, start + length).</summary>
    protected abstract void Loop(int start, int length);
}
