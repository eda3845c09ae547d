using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// Single-precision matrix multiplication (GEMM) for the runtime's tensor ops: a cache-blocked, packed, SIMD
/// (AVX-512 or AVX2+FMA) kernel in the style of BLIS, with a portable fallback, parallel over the cores for large
/// problems and bit-for-bit reproducible whatever the degree of parallelism.
/// </summary>
/// <remarks>
/// How it works, one file per concept beside this one:
/// <list type="bullet">
/// <item><see cref="GemmDirect"/>: matrix-vector products and tiny products (the lecture's 100×1·1×10) go straight
/// to row or dot-product loops, where packing would cost more than it saves.</item>
/// <item><see cref="GemmPacking"/>: everything else first copies op(A) into row panels of MR and op(B) into column
/// slivers of NR, per block of KC along k, zero-padded, so the micro-kernel reads both with unit stride and never
/// sees a transpose or an edge.</item>
/// <item><see cref="GemmBlocked{TKernel}"/>: the output is cut into tiles (MC rows × NC columns); each tile walks
/// the k-blocks in order and, inside one, calls the micro-kernel for every MR×NR register tile.</item>
/// <item><see cref="GemmAvx512Kernel"/> (14×32), <see cref="GemmAvx2Kernel"/> (6×16), <see cref="GemmPortableKernel"/>
/// (4×8): the register tiles.</item>
/// <item><see cref="KernelThreads"/>: for products of at least <see cref="ParallelMinMultiplyAdds"/> the cores share
/// the packing and then the tiles; only the OUTPUT is split, so every element's sum over k runs in the same order on
/// one thread whatever the split.</item>
/// </list>
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// <c>C (m×n) = op(A)·op(B)</c>, or <c>C += op(A)·op(B)</c> when <paramref name="accumulate"/>. All matrices are
    /// row-major and contiguous.
    /// </summary>
    /// <param name="a">op(A) is m×k: A is stored m×k, or k×m when <paramref name="transposeA"/> (then op(A) = Aᵀ).</param>
    /// <param name="b">op(B) is k×n: B is stored k×n, or n×k when <paramref name="transposeB"/> (then op(B) = Bᵀ).</param>
    /// <param name="c">The m×n result. Overwritten, or added to when <paramref name="accumulate"/>.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B): the length of every dot product. k = 0 gives zeros (or leaves
    /// C as it is when accumulating).</param>
    /// <param name="n">Columns of op(B) and of C. m = 0 or n = 0 does nothing.</param>
    /// <param name="transposeA">A is stored k×m and op(A) = Aᵀ.</param>
    /// <param name="transposeB">B is stored n×k and op(B) = Bᵀ.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span's length is not the product of its dimensions; nothing has been
    /// written.</exception>
    /// <remarks>
    /// The result is the same, bit for bit, on every call with the same inputs on the same machine, whatever the
    /// number of threads that computed it: training that uses it is reproducible.
    /// </remarks>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
                                bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        CheckLength(a.Length, nameof(a), transposeA ? "k×m" : "m×k", transposeA ? k : m, transposeA ? m : k, transposeA ? "transposeA" : null);
        CheckLength(b.Length, nameof(b), transposeB ? "n×k" : "k×n", transposeB ? n : k, transposeB ? k : n, transposeB ? "transposeB" : null);
        CheckLength(c.Length, nameof(c), "m×n", m, n, null);

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c.Clear();
            }

            return;
        }

        if (GemmDirect.TryMultiply(a, b, c, m, k, n, transposeA, transposeB, accumulate))
        {
            return;
        }

        var problem = new GemmProblem(m, k, n, transposeA, transposeB, accumulate);
        switch (Kernel)
        {
            case GemmKernelKind.Avx512:
                GemmBlocked<GemmAvx512Kernel>.Multiply(a, b, c, problem, MaxDegreeOfParallelism);
                break;
            case GemmKernelKind.Avx2Fma:
                GemmBlocked<GemmAvx2Kernel>.Multiply(a, b, c, problem, MaxDegreeOfParallelism);
                break;
            default:
                GemmBlocked<GemmPortableKernel>.Multiply(a, b, c, problem, MaxDegreeOfParallelism);
                break;
        }
    }

    /// <summary>
    /// The most threads one call may use (the calling thread is one of them). Tests set it to 1 to compare a
    /// single-threaded run with a parallel one; results must not change.
    /// </summary>
    internal static int MaxDegreeOfParallelism
    {
        get => maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxDegreeOfParallelism = value;
        }
    }

    private static int maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>
    /// Products (or super-blocks) with fewer multiply-adds than this run on one thread. Measured on the development
    /// VM (2 Zen 5 cores), timing one and two threads in alternation: at 128×784×128 (13M) and 256³ (17M) two threads
    /// were about 8 % <i>slower</i> than one (waking the helper costs tens of microseconds on a VM, a product of that
    /// size takes about 150 µs on one core), at 1024³ (1.07G) 1.6–1.9× faster. Tests lower it to send small
    /// products through the parallel path.
    /// </summary>
    internal static long ParallelMinMultiplyAdds { get; set; } = 32_000_000;

    /// <summary>The micro-kernel the blocked path uses: the best the machine supports unless a test forces another.</summary>
    internal static GemmKernelKind Kernel
    {
        get => kernel;
        set
        {
            if (!IsSupported(value))
            {
                throw new PlatformNotSupportedException($"The {value} GEMM kernel needs instructions this machine lacks.");
            }

            kernel = value;
        }
    }

    private static GemmKernelKind kernel = BestSupported;

    /// <summary>The fastest kernel this machine runs.</summary>
    internal static GemmKernelKind BestSupported =>
        IsSupported(GemmKernelKind.Avx512) ? GemmKernelKind.Avx512
        : IsSupported(GemmKernelKind.Avx2Fma) ? GemmKernelKind.Avx2Fma
        : GemmKernelKind.Portable;

    /// <summary>Whether this machine can run <paramref name="kind"/>.</summary>
    internal static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        GemmKernelKind.Avx2Fma => Fma.IsSupported && Avx2.IsSupported,
        _ => true,
    };

    private static void CheckLength(int length, string name, string dims, int rows, int cols, string? because)
    {
        long expected = (long)rows * cols;
        if (length != expected)
        {
            string why = because is null ? "" : $" ({name} is stored {dims} since {because})";
            throw new ArgumentException($"Gemm.Multiply: {name} has {length} elements but {dims} = {rows}×{cols} = {expected}{why}.", name);
        }
    }
}
