using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// <see cref="GemmDirect.Narrow"/> on AVX-512: a row of C with n ≤ 16 columns is one Vector512 accumulator (lanes
/// past n masked off on load and store) instead of two Vector256 halves, so each step of p is one load of B's row and
/// one FMA per row of C. Every element is the same FMA chain along p in increasing order as in the Vector256 form,
/// so the bits are the same.
/// </summary>
internal static unsafe class GemmNarrow512
{
    /// <summary>Whether this form runs: the machine has AVX-512 and the GEMM kernel in use is the AVX-512 one.</summary>
    public static bool Applies => Gemm.Kernel == GemmKernelKind.Avx512;

    /// <summary>Rows of C in blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> (four rows a block), as <see cref="GemmDirect.Narrow"/>.</summary>
    public static void Multiply(float* a, float* b, float* c, int m, int k, int n, bool transposeA, bool accumulate, int firstBlock, int endBlock)
    {
        long rowStride = transposeA ? 1 : k, colStride = transposeA ? m : 1;
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).AsSingle();
        Vector512<float> zero = Vector512<float>.Zero;
        int i = firstBlock * 4, end = Math.Min(m, endBlock * 4);
        for (; i + 4 <= end; i += 4)
        {
            float* a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride;
            float* c0 = c + (long)i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
            Vector512<float> s0 = accumulate ? Avx512F.MaskLoad(c0, mask, zero) : zero, s1 = accumulate ? Avx512F.MaskLoad(c1, mask, zero) : zero;
            Vector512<float> s2 = accumulate ? Avx512F.MaskLoad(c2, mask, zero) : zero, s3 = accumulate ? Avx512F.MaskLoad(c3, mask, zero) : zero;
            float* bp = b;
            for (long p = 0, ap = 0; p < k; p++, ap += colStride, bp += n)
            {
                Vector512<float> row = Avx512F.MaskLoad(bp, mask, zero);
                s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[ap]), row, s0);
                s1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[ap]), row, s1);
                s2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[ap]), row, s2);
                s3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[ap]), row, s3);
            }

            Avx512F.MaskStore(c0, mask, s0);
            Avx512F.MaskStore(c1, mask, s1);
            Avx512F.MaskStore(c2, mask, s2);
            Avx512F.MaskStore(c3, mask, s3);
        }

        for (; i < end; i++)
        {
            float* ai = a + i * rowStride;
            float* ci = c + (long)i * n;
            Vector512<float> s = accumulate ? Avx512F.MaskLoad(ci, mask, zero) : zero;
            float* bp = b;
            for (long p = 0, ap = 0; p < k; p++, ap += colStride, bp += n)
            {
                s = Avx512F.FusedMultiplyAdd(Vector512.Create(ai[ap]), Avx512F.MaskLoad(bp, mask, zero), s);
            }

            Avx512F.MaskStore(ci, mask, s);
        }
    }
}
