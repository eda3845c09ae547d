using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// GEMM without packing, for the shapes where packing and padding to register tiles cost more than they save:
/// matrix-vector products (m = 1 or n = 1), and products so small that the whole problem sits in L1 (the lecture's
/// 100×1·1×10, with B's rows contiguous). Two loop forms, chosen by layout:
/// <list type="bullet">
/// <item><b>rows</b> (B stored k×n, its rows contiguous): a row of C is built as Σₚ op(A)[i, p]·(row p of B), in
/// Vector256 accumulators across p for short rows, or row by row with <see cref="TensorPrimitives"/> for long ones.</item>
/// <item><b>dots</b> (A stored m×k, B stored n×k: both contiguous along k), for matrix-vector products only: each
/// element is one dot product.</item>
/// </list>
/// Other layouts go to the blocked path, whose packing absorbs any transposition. Deterministic: the form and the
/// order of operations depend only on the shape and flags.
/// </summary>
internal static unsafe class GemmDirect
{
    /// <summary>
    /// Products with m·n·k up to this many multiply-adds (about 20³) go direct when B's rows are contiguous. Measured
    /// on the development machine (Zen 5) against the blocked path, which costs about 0.25 µs even at 10³: direct
    /// wins up to about 24³ (0.12 vs 0.26 µs at 10³, 0.39 vs 0.50 µs for 100×1·1×10) and loses from 32³ on.
    /// </summary>
    public const long TinyMultiplyAdds = 8192;

    /// <summary>Shortest dot product worth a <see cref="TensorPrimitives.Dot"/> call (shorter ones run in a scalar loop).</summary>
    private const int MinDotLength = 32;

    /// <summary>Rows at least this long are added with one TensorPrimitives call per term instead of in registers.</summary>
    private const int LongRow = 256;

    /// <summary>Floats of B (256 KiB) past which the rows form makes one pass over B instead of one per 16 columns.</summary>
    private const long BigB = 1 << 16;

    /// <summary>
    /// Computes the product directly and returns true when that beats packing for this shape and layout; returns
    /// false, having written nothing, otherwise. Arguments already checked, m, n, k &gt; 0.
    /// </summary>
    public static bool TryMultiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
                                   bool transposeA, bool transposeB, bool accumulate)
    {
        // A 1×k matrix and a k×1 matrix are the same k floats, so with m = 1 (n = 1) either storage of A (of B)
        // reads the same: pick the one with contiguous runs where the loops below want them.
        if (m == 1)
        {
            transposeA = false;
        }

        if (n == 1)
        {
            transposeB = true;
            if (transposeA && m > 1)
            {
                // Aᵀ·x with A stored k×m: its rows are contiguous along m, not k. Compute the transpose instead,
                // Cᵀ (1×m) = xᵀ·A, which is the same memory as C (m×1) and a rows-form product.
                return TryMultiply(b, a, c, 1, k, m, transposeA: false, transposeB: false, accumulate);
            }
        }

        bool vector = m == 1 || n == 1;
        bool tiny = (long)m * n * k <= TinyMultiplyAdds;
        if (transposeB && !vector && n <= NarrowColumns && (long)n * k <= SmallTransposedB)
        {
            // A small Bᵀ (a layer's backward dY·Wᵀ with few units): transposing it on the stack costs less than packing,
            // and the product then takes the rows or narrow form.
            Span<float> transposed = stackalloc float[n * k];
            for (int p = 0; p < k; p++)
            {
                for (int j = 0; j < n; j++)
                {
                    transposed[(p * n) + j] = b[(j * k) + p];
                }
            }

            return TryMultiply(a, transposed, c, m, k, n, transposeA, transposeB: false, accumulate);
        }

        bool rowsForm = !transposeB && (vector || tiny);

        // With AVX-512 a row of up to 16 columns is one masked Vector512: the narrow form beats the rows form's 8-wide
        // chunks for tiny and matrix-vector products too (the lecture's 100×1·1×10), with the same FMA chain per
        // element, so the same bits. (Not where the rows form makes one pass over a big B, whose sums differ.)
        bool narrowForRows = rowsForm && n <= NarrowColumns && (long)k * n <= BigB && GemmNarrow512.Applies;
        if ((!rowsForm || narrowForRows) && !transposeB && n <= NarrowColumns && Fma.IsSupported && ((long)k * n <= NarrowBFloats || m <= 64))
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                var blocks = (m + 3) / 4;
                if ((long)m * k * n >= Gemm.ParallelMinMultiplyAdds && Gemm.MaxDegreeOfParallelism > 1)
                {
                    new NarrowWork(pa, pb, pc, m, k, n, transposeA, accumulate, blocks).Run();
                }
                else
                {
                    Narrow(pa, pb, pc, m, k, n, transposeA, accumulate, 0, blocks);
                }
            }

            return true;
        }

        // One dot product per element only pays for a matrix-vector product, where there is nothing to reuse: in a
        // tiny product the per-dot overhead makes it 2–6× slower than the blocked path (measured, 10³ to 32³).
        bool dotsForm = transposeB && !transposeA && vector;
        if (!(rowsForm || dotsForm))
        {
            return false;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            if (rowsForm)
            {
                Rows(pa, pb, pc, m, k, n, transposeA, accumulate);
            }
            else
            {
                Dots(pa, pb, pc, m, k, n, accumulate);
            }
        }

        return true;
    }

    /// <summary>C row i (+)= Σₚ op(A)[i, p] · B row p, B stored k×n.</summary>
    private static void Rows(float* a, float* b, float* c, int m, int k, int n, bool transposeA, bool accumulate)
    {
        long aRowStride = transposeA ? 1 : k, aColStride = transposeA ? m : 1;
        for (int i = 0; i < m; i++)
        {
            float* ai = a + i * aRowStride;
            float* ci = c + (long)i * n;
            // Long rows, or a B too big for L2 (a matrix-vector product with a long k): one pass over B, a row at a
            // time; the register form below would walk B once per 16 columns.
            if (n >= LongRow || (long)k * n > BigB)
            {
                var row = new Span<float>(ci, n);
                if (!accumulate)
                {
                    row.Clear();
                }

                for (int p = 0; p < k; p++)
                {
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(b + (long)p * n, n), ai[p * aColStride], row, row);
                }

                continue;
            }

            int j = 0;
            if (Fma.IsSupported)
            {
                // Two 8-wide column chunks at once: two independent FMA chains along p.
                for (; j + 16 <= n; j += 16)
                {
                    Vector256<float> s0 = accumulate ? Vector256.Load(ci + j) : default;
                    Vector256<float> s1 = accumulate ? Vector256.Load(ci + j + 8) : default;
                    float* bp = b + j;
                    for (int p = 0; p < k; p++, bp += n)
                    {
                        Vector256<float> x = Vector256.Create(ai[p * aColStride]);
                        s0 = Fma.MultiplyAdd(x, Vector256.Load(bp), s0);
                        s1 = Fma.MultiplyAdd(x, Vector256.Load(bp + 8), s1);
                    }

                    Vector256.Store(s0, ci + j);
                    Vector256.Store(s1, ci + j + 8);
                }

                for (; j + 8 <= n; j += 8)
                {
                    Vector256<float> s = accumulate ? Vector256.Load(ci + j) : default;
                    float* bp = b + j;
                    for (int p = 0; p < k; p++, bp += n)
                    {
                        s = Fma.MultiplyAdd(Vector256.Create(ai[p * aColStride]), Vector256.Load(bp), s);
                    }

                    Vector256.Store(s, ci + j);
                }

                if (j < n)
                {
                    // The last 1–7 columns as one masked chunk: lanes past n load as 0 and are never stored, and
                    // each valid lane does the same FMA chain as in a full chunk.
                    Vector256<float> mask = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(n - j)).AsSingle();
                    Vector256<float> s = accumulate ? Avx.MaskLoad(ci + j, mask) : default;
                    float* bp = b + j;
                    for (int p = 0; p < k; p++, bp += n)
                    {
                        s = Fma.MultiplyAdd(Vector256.Create(ai[p * aColStride]), Avx.MaskLoad(bp, mask), s);
                    }

                    Avx.MaskStore(ci + j, mask, s);
                    j = n;
                }
            }

            for (; j < n; j++)
            {
                float s = accumulate ? ci[j] : 0f;
                float* bp = b + j;
                for (int p = 0; p < k; p++, bp += n)
                {
                    s = MultiplyAdd(ai[p * aColStride], *bp, s);
                }

                ci[j] = s;
            }
        }
    }

    /// <summary>Products with at most this many columns (B stored k×n) go to <see cref="Narrow"/>: the blocked path would pad them to a 32-column register tile.</summary>
    private const int NarrowColumns = 16;

    /// <summary>Floats of a transposed B (4 KiB) small enough to transpose on the stack for the narrow or rows form.</summary>
    private const int SmallTransposedB = 1024;

    /// <summary>Floats of A and B (32 KiB) one slice of k holds in <see cref="Narrow"/> with A transposed: within L1.</summary>
    private const int NarrowSliceFloats = 8192;

    /// <summary>Floats of B (512 KiB) up to which <see cref="Narrow"/> may walk B once per block of four rows of C (more only when m is small).</summary>
    private const long NarrowBFloats = 1 << 17;

    /// <summary>
    /// C (+)= op(A)·B for B stored k×n with n ≤ 16 (a convolution's im2col product with few filters, and its kernel
    /// gradient, where op(A) = Aᵀ): four rows of C at a time in Vector256 accumulators (one or two per row, the last
    /// columns masked), each step of p loading B's row once for the four rows. Every element is one FMA chain along p in
    /// increasing order, as in <see cref="Rows"/>.
    /// </summary>
    internal static void Narrow(float* a, float* b, float* c, int m, int k, int n, bool transposeA, bool accumulate, int firstBlock, int endBlock)
    {
        // With A stored k×m (a kernel gradient, Aᵀ the im2col matrix) a block of four rows of C reads four floats of
        // every row of A and all of B: walking the whole of k block after block reads A and B from memory once per
        // block (LeNet's first kernel gradient: 7 passes over 3.7 MB, 0.8 ms). In slices of k whose rows of A and B
        // stay in L1, the blocks after the first read them from L1. Each element's FMA chain still runs over p in
        // increasing order, its partial sum kept in C between slices (a float stored and loaded exactly), so the bits
        // are those of one pass.
        int slice = Math.Max(16, NarrowSliceFloats / (m + n));
        if (transposeA && k > slice && endBlock - firstBlock > 1)
        {
            for (int p0 = 0; p0 < k; p0 += slice)
            {
                Narrow(a + ((long)p0 * m), b + ((long)p0 * n), c, m, Math.Min(slice, k - p0), n, transposeA, accumulate || p0 > 0, firstBlock, endBlock);
            }

            return;
        }

        if (GemmNarrow512.Applies)
        {
            GemmNarrow512.Multiply(a, b, c, m, k, n, transposeA, accumulate, firstBlock, endBlock);
            return;
        }

        long rowStride = transposeA ? 1 : k, colStride = transposeA ? m : 1;
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Vector256<float> mask0 = Vector256.LessThan(lanes, Vector256.Create(n)).AsSingle();
        Vector256<float> mask1 = Vector256.LessThan(lanes, Vector256.Create(n - 8)).AsSingle();
        bool two = n > 8;
        int i = firstBlock * 4, end = Math.Min(m, endBlock * 4);
        for (; i + 4 <= end; i += 4)
        {
            float* a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride;
            float* c0 = c + (long)i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
            Vector256<float> s00 = accumulate ? Avx.MaskLoad(c0, mask0) : default, s10 = accumulate ? Avx.MaskLoad(c1, mask0) : default;
            Vector256<float> s20 = accumulate ? Avx.MaskLoad(c2, mask0) : default, s30 = accumulate ? Avx.MaskLoad(c3, mask0) : default;
            if (!two)
            {
                float* bp = b;
                for (long p = 0, ap = 0; p < k; p++, ap += colStride, bp += n)
                {
                    Vector256<float> row = Avx.MaskLoad(bp, mask0);
                    s00 = Fma.MultiplyAdd(Vector256.Create(a0[ap]), row, s00);
                    s10 = Fma.MultiplyAdd(Vector256.Create(a1[ap]), row, s10);
                    s20 = Fma.MultiplyAdd(Vector256.Create(a2[ap]), row, s20);
                    s30 = Fma.MultiplyAdd(Vector256.Create(a3[ap]), row, s30);
                }
            }
            else
            {
                Vector256<float> s01 = accumulate ? Avx.MaskLoad(c0 + 8, mask1) : default, s11 = accumulate ? Avx.MaskLoad(c1 + 8, mask1) : default;
                Vector256<float> s21 = accumulate ? Avx.MaskLoad(c2 + 8, mask1) : default, s31 = accumulate ? Avx.MaskLoad(c3 + 8, mask1) : default;
                float* bp = b;
                for (long p = 0, ap = 0; p < k; p++, ap += colStride, bp += n)
                {
                    Vector256<float> left = Vector256.Load(bp), right = Avx.MaskLoad(bp + 8, mask1);
                    Vector256<float> x0 = Vector256.Create(a0[ap]), x1 = Vector256.Create(a1[ap]);
                    Vector256<float> x2 = Vector256.Create(a2[ap]), x3 = Vector256.Create(a3[ap]);
                    s00 = Fma.MultiplyAdd(x0, left, s00);
                    s01 = Fma.MultiplyAdd(x0, right, s01);
                    s10 = Fma.MultiplyAdd(x1, left, s10);
                    s11 = Fma.MultiplyAdd(x1, right, s11);
                    s20 = Fma.MultiplyAdd(x2, left, s20);
                    s21 = Fma.MultiplyAdd(x2, right, s21);
                    s30 = Fma.MultiplyAdd(x3, left, s30);
                    s31 = Fma.MultiplyAdd(x3, right, s31);
                }

                Avx.MaskStore(c0 + 8, mask1, s01);
                Avx.MaskStore(c1 + 8, mask1, s11);
                Avx.MaskStore(c2 + 8, mask1, s21);
                Avx.MaskStore(c3 + 8, mask1, s31);
            }

            Avx.MaskStore(c0, mask0, s00);
            Avx.MaskStore(c1, mask0, s10);
            Avx.MaskStore(c2, mask0, s20);
            Avx.MaskStore(c3, mask0, s30);
        }

        for (; i < end; i++)
        {
            float* ai = a + i * rowStride;
            float* ci = c + (long)i * n;
            Vector256<float> s0 = accumulate ? Avx.MaskLoad(ci, mask0) : default;
            Vector256<float> s1 = accumulate && two ? Avx.MaskLoad(ci + 8, mask1) : default;
            float* bp = b;
            for (long p = 0, ap = 0; p < k; p++, ap += colStride, bp += n)
            {
                Vector256<float> x = Vector256.Create(ai[ap]);
                s0 = Fma.MultiplyAdd(x, Avx.MaskLoad(bp, mask0), s0);
                if (two)
                {
                    s1 = Fma.MultiplyAdd(x, Avx.MaskLoad(bp + 8, mask1), s1);
                }
            }

            Avx.MaskStore(ci, mask0, s0);
            if (two)
            {
                Avx.MaskStore(ci + 8, mask1, s1);
            }
        }
    }

    /// <summary>C[i, j] (+)= A row i · B row j, A stored m×k and B stored n×k.</summary>
    private static void Dots(float* a, float* b, float* c, int m, int k, int n, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            var ai = new ReadOnlySpan<float>(a + (long)i * k, k);
            float* ci = c + (long)i * n;
            for (int j = 0; j < n; j++)
            {
                float* bj = b + (long)j * k;
                float dot;
                if (k >= MinDotLength)
                {
                    dot = TensorPrimitives.Dot(ai, new ReadOnlySpan<float>(bj, k));
                }
                else
                {
                    dot = 0f;
                    for (int p = 0; p < k; p++)
                    {
                        dot = MultiplyAdd(ai[p], bj[p], dot);
                    }
                }

                ci[j] = accumulate ? ci[j] + dot : dot;
            }
        }
    }

    /// <summary>x·y + z, fused where the hardware has FMA (as the vector lanes beside it are), else multiply then add.</summary>
    private static float MultiplyAdd(float x, float y, float z) => Fma.IsSupported ? MathF.FusedMultiplyAdd(x, y, z) : x * y + z;
}

/// <summary>
/// <see cref="GemmDirect"/>'s narrow path on the kernel threads: items are blocks of four rows of C, each computed
/// whole by one thread with the serial code, so the bits do not depend on the number of threads. The pointers are
/// pinned by the caller, which returns only when every thread has left.
/// </summary>
internal sealed unsafe class NarrowWork(float* a, float* b, float* c, int m, int k, int n, bool transposeA, bool accumulate, int blocks)
    : ChunkedWork(blocks, itemCost: 4L * k * n)
{
    /// <inheritdoc/>
    protected override void Loop(int start, int length) => GemmDirect.Narrow(a, b, c, m, k, n, transposeA, accumulate, start, start + length);
}
