using System.Buffers;

namespace DiffGen.Kernels;

/// <summary>
/// The packed, cache-blocked GEMM around one micro-kernel (BLIS's loop nest, with the packing done up front so the
/// cores can share it).
/// <para>The problem is cut into super-blocks only when packed copies of A or B would pass <see cref="PackLimit"/>
/// floats (rows × k-range × columns; at 1024³ there is one). For each super-block: (1) pack op(A) into MR-row panels
/// and op(B) into NR-column slivers for the whole k-range, (2) compute the output tiles (MC×NC, see
/// <see cref="GemmBlocking"/>), each walking its k-blocks in order and, per k-block, every NR sliver against every MR
/// panel of the tile. Both phases are lists of independent items that any thread claims; only a barrier separates
/// them.</para>
/// <para>Reproducibility: an element of C is only ever computed by the micro-kernel that owns its register tile, as
/// the FMA chain over one k-block from zero, added to C k-block after k-block in increasing k. The k-blocks depend
/// on k alone and the zero padding makes edge tiles do the same arithmetic as full ones, so the bits do not depend on
/// the tiling, the number of threads or which thread took which tile.</para>
/// </summary>
internal static unsafe class GemmBlocked<TKernel> where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Most floats in one packed buffer (16 MiB); larger problems are done in super-blocks.</summary>
    private const int PackLimit = 1 << 22;

    /// <summary>Longest k-range packed at once (a multiple of every kernel's KC).</summary>
    private const int MaxSuperK = 4096;


    /// <summary>Packed buffers start on a 64-byte boundary (one cache line, one Vector512), so no load splits a line.</summary>
    private const int AlignFloats = 16;

    /// <summary>Runs the whole product; arguments already checked, m, n, k &gt; 0.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmProblem problem, int maxDegree)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        GemmBlocking blocking = TKernel.Blocking;
        int m = problem.M, k = problem.K, n = problem.N;

        int superK = Math.Min(k, MaxSuperK);
        int superRows = Math.Min(m, Math.Max(blocking.MC, PackLimit / superK / blocking.MC * blocking.MC));
        int superCols = Math.Min(n, Math.Max(blocking.NC, PackLimit / superK / blocking.NC * blocking.NC));
        int aLength = RoundUp(superRows, mr) * superK;
        int bLength = RoundUp(superCols, nr) * superK;

        float[] aBuffer = ArrayPool<float>.Shared.Rent(aLength + AlignFloats);
        float[] bBuffer = ArrayPool<float>.Shared.Rent(bLength + AlignFloats);
        GemmJob<TKernel> job = GemmJob<TKernel>.ForCurrentThread();
        try
        {
            fixed (float* pa = a, pb = b, pc = c, pab = aBuffer, pbb = bBuffer)
            {
                job.Start(problem, pa, pb, pc, AlignUp(pab), AlignUp(pbb));
                for (int r0 = 0; r0 < m; r0 += superRows)
                {
                    int rows = Math.Min(superRows, m - r0);
                    for (int k0 = 0; k0 < k; k0 += superK)
                    {
                        int kLength = Math.Min(superK, k - k0);
                        for (int c0 = 0; c0 < n; c0 += superCols)
                        {
                            int cols = Math.Min(superCols, n - c0);
                            long multiplyAdds = (long)rows * cols * kLength;
                            int degree = multiplyAdds >= Gemm.ParallelMinMultiplyAdds ? maxDegree : 1;
                            degree = job.Prepare(r0, rows, k0, kLength, c0, cols, packA: c0 == 0, degree);
                            if (degree <= 1 || !KernelThreads.TryRun(job, degree - 1))
                            {
                                job.Execute();
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            job.Finish();
            ArrayPool<float>.Shared.Return(aBuffer);
            ArrayPool<float>.Shared.Return(bBuffer);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static float* AlignUp(float* p) => (float*)(((nint)p + (AlignFloats * sizeof(float) - 1)) & ~(nint)(AlignFloats * sizeof(float) - 1));
}

/// <summary>
/// One super-block of a blocked GEMM as a list of items for <see cref="KernelThreads"/>: first the packing items
/// (row tiles of A, column tiles of B), then, after a barrier, the output tiles. Threads claim items with one
/// interlocked counter. One instance per calling thread, reused: nothing is allocated per call.
/// </summary>
internal sealed unsafe class GemmJob<TKernel> : IKernelWork where TKernel : struct, IGemmMicroKernel
{
    [ThreadStatic]
    private static GemmJob<TKernel>? perThread;

    private GemmProblem problem;
    private float* a, b, c, ap, bp;

    // The super-block: rows [row0, row0 + rows) of C, columns [col0, col0 + cols), k-range [k0, k0 + kLength).
    private int row0, rows, mPad, col0, cols, nPad, k0, kLength;
    private bool packA, overwriteFirstBlock;

    // Its tiles: rowTiles × colTiles, each panelsPerTile MR-panels × sliversPerTile NR-slivers (the last ones fewer).
    private int panels, slivers, panelsPerTile, sliversPerTile, rowTiles, colTiles;

    // Items: [0, packItems) pack, [packItems, totalItems) compute. nextItem is claimed with Interlocked.Increment;
    // packedItems counts finished pack items (the barrier).
    private int packItems, totalItems, nextItem, packedItems;

    /// <summary>The calling thread's job (created on its first blocked GEMM).</summary>
    public static GemmJob<TKernel> ForCurrentThread() => perThread ??= new GemmJob<TKernel>();

    /// <summary>Binds the job to one call's operands (pinned by the caller until <see cref="Finish"/>).</summary>
    public void Start(in GemmProblem problem, float* a, float* b, float* c, float* ap, float* bp)
    {
        this.problem = problem;
        this.a = a;
        this.b = b;
        this.c = c;
        this.ap = ap;
        this.bp = bp;
    }

    /// <summary>Forgets the call's pointers, so none outlives the pinning.</summary>
    public void Finish()
    {
        a = b = c = ap = bp = null;
    }

    /// <summary>
    /// Sets up one super-block and cuts its output into tiles: MC×NC, evened out, and split further until there are
    /// at least four per thread (more, smaller tiles cost almost nothing since packing is shared, and let a core that
    /// is slowed by other work do less). Returns the degree of parallelism worth using (at most one per tile).
    /// </summary>
    public int Prepare(int row0, int rows, int k0, int kLength, int col0, int cols, bool packA, int degree)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        GemmBlocking blocking = TKernel.Blocking;
        this.row0 = row0;
        this.rows = rows;
        this.k0 = k0;
        this.kLength = kLength;
        this.col0 = col0;
        this.cols = cols;
        this.packA = packA;
        overwriteFirstBlock = !problem.Accumulate && k0 == 0;

        panels = (rows + mr - 1) / mr;
        slivers = (cols + nr - 1) / nr;
        mPad = panels * mr;
        nPad = slivers * nr;
        rowTiles = CeilDiv(panels, blocking.MC / mr);
        colTiles = CeilDiv(slivers, blocking.NC / nr);
        Even(ref rowTiles, out panelsPerTile, panels);
        Even(ref colTiles, out sliversPerTile, slivers);
        if (degree > 1)
        {
            while (rowTiles * colTiles < 4 * degree)
            {
                bool splitColumns = sliversPerTile > 1 && (sliversPerTile * nr >= panelsPerTile * mr || panelsPerTile == 1);
                // One unit fewer per tile along the chosen side (so the loop always makes progress), then even out.
                if (splitColumns)
                {
                    colTiles = CeilDiv(slivers, sliversPerTile - 1);
                    Even(ref colTiles, out sliversPerTile, slivers);
                }
                else if (panelsPerTile > 1)
                {
                    rowTiles = CeilDiv(panels, panelsPerTile - 1);
                    Even(ref rowTiles, out panelsPerTile, panels);
                }
                else
                {
                    break;
                }
            }
        }

        packItems = (packA ? rowTiles : 0) + colTiles;
        totalItems = packItems + rowTiles * colTiles;
        nextItem = 0;
        packedItems = 0;
        return Math.Min(degree, rowTiles * colTiles);
    }

    /// <inheritdoc/>
    public void Execute()
    {
        int item, ran = 0;
        while ((item = Interlocked.Increment(ref nextItem) - 1) < packItems)
        {
            Pack(item);
            Interlocked.Increment(ref packedItems);
            ran++;
        }

        // Barrier: every tile reads packed data that any thread may have written.
        if (Volatile.Read(ref packedItems) < packItems)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref packedItems) < packItems)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        for (; item < totalItems; item = Interlocked.Increment(ref nextItem) - 1)
        {
            ComputeTile(item - packItems);
            ran++;
        }

        KernelThreads.CountHelperItems(ran);
    }

    private void Pack(int item)
    {
        int aItems = packA ? rowTiles : 0;
        int kc = TKernel.Blocking.KC;
        if (item < aItems)
        {
            int begin = item * panelsPerTile;
            GemmPacking.PackA(problem, a, ap, row0, mPad, begin, Math.Min(begin + panelsPerTile, panels), k0, kLength, TKernel.MR, kc);
        }
        else
        {
            int begin = (item - aItems) * sliversPerTile;
            GemmPacking.PackB(problem, b, bp, col0, nPad, begin, Math.Min(begin + sliversPerTile, slivers), k0, kLength, TKernel.NR, kc);
        }
    }

    private void ComputeTile(int tile)
    {
        int mr = TKernel.MR, nr = TKernel.NR, kcMax = TKernel.Blocking.KC;
        int ldc = problem.N;
        int q0 = tile / colTiles * panelsPerTile, q1 = Math.Min(q0 + panelsPerTile, panels);
        int s0 = tile % colTiles * sliversPerTile, s1 = Math.Min(s0 + sliversPerTile, slivers);
        float* cBlock = c + (long)row0 * ldc + col0;
        for (int kb = 0; kb < kLength; kb += kcMax)
        {
            int kc = Math.Min(kcMax, kLength - kb);
            bool overwrite = overwriteFirstBlock && kb == 0;
            float* aBlock = ap + (long)mPad * kb;
            float* bBlock = bp + (long)nPad * kb;
            for (int s = s0; s < s1; s++)
            {
                int j = s * nr;
                int tileCols = Math.Min(nr, cols - j);
                float* sliver = bBlock + (long)j * kc;
                float* cColumn = cBlock + j;
                for (int q = q0; q < q1; q++)
                {
                    int i = q * mr;
                    TKernel.Run(kc, aBlock + (long)i * kc, sliver, cColumn + (long)i * ldc, ldc, Math.Min(mr, rows - i), tileCols, overwrite);
                }
            }
        }
    }

    private static int CeilDiv(int x, int y) => (x + y - 1) / y;

    /// <summary>Spreads <paramref name="units"/> over <paramref name="tiles"/> tiles as evenly as whole units allow.</summary>
    private static void Even(ref int tiles, out int unitsPerTile, int units)
    {
        unitsPerTile = CeilDiv(units, Math.Max(1, tiles));
        tiles = CeilDiv(units, unitsPerTile);
    }
}
