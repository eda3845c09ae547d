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
        bool rowsForm = !transposeB && (vector || tiny);
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
