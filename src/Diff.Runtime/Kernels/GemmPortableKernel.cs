using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Kernels;

/// <summary>
/// The fallback micro-kernel for machines without AVX2+FMA (or with them switched off): a 4×8 tile of C as eight
/// Vector128 accumulators, which every 64-bit .NET target runs in hardware (SSE, NEON) and the JIT emulates
/// elsewhere. <see cref="Vector128.MultiplyAddEstimate(Vector128{float}, Vector128{float}, Vector128{float})"/> is a
/// fused multiply-add where the hardware has one (ARM64) and a multiply then an add where it does not; either way the
/// choice is fixed per machine, so results stay reproducible on it.
/// </summary>
internal readonly unsafe struct GemmPortableKernel : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int MR => 4;

    /// <inheritdoc/>
    public static int NR => 8;

    /// <summary>Small register tile, so smaller blocks than the SIMD kernels; correctness first.</summary>
    public static GemmBlocking Blocking => new(MC: 64, KC: 256, NC: 128);

    /// <inheritdoc/>
    [SkipLocalsInit]
    public static void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4);
            Vector128<float> ai;
            ai = Vector128.Create(a[0]); c00 = Vector128.MultiplyAddEstimate(ai, b0, c00); c01 = Vector128.MultiplyAddEstimate(ai, b1, c01);
            ai = Vector128.Create(a[1]); c10 = Vector128.MultiplyAddEstimate(ai, b0, c10); c11 = Vector128.MultiplyAddEstimate(ai, b1, c11);
            ai = Vector128.Create(a[2]); c20 = Vector128.MultiplyAddEstimate(ai, b0, c20); c21 = Vector128.MultiplyAddEstimate(ai, b1, c21);
            ai = Vector128.Create(a[3]); c30 = Vector128.MultiplyAddEstimate(ai, b0, c30); c31 = Vector128.MultiplyAddEstimate(ai, b1, c31);
            a += 4;
            b += 8;
        }

        float* t = stackalloc float[4 * 8];
        Vector128.Store(c00, t); Vector128.Store(c01, t + 4);
        Vector128.Store(c10, t + 8); Vector128.Store(c11, t + 12);
        Vector128.Store(c20, t + 16); Vector128.Store(c21, t + 20);
        Vector128.Store(c30, t + 24); Vector128.Store(c31, t + 28);
        GemmEdgeTile.Merge(t, 8, c, ldc, rows, cols, overwrite);
    }
}
