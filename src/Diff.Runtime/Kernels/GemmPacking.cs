using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Kernels;

/// <summary>
/// Copies op(A) and op(B) into the layout the micro-kernels read with unit stride, one k-block at a time.
/// <para>A: a block of rows (all of one k-block) becomes panels of MR rows; panel q holds, for each p of the block,
/// the MR values op(A)[q·MR + r, p] side by side. The panels of k-block kb start at <c>ap + mPad·kb</c> (mPad is the
/// packed row count, a multiple of MR), panel q at <c>q·MR·kc</c> after that.</para>
/// <para>B: a block of columns becomes slivers of NR columns; sliver s holds, for each p, the NR values
/// op(B)[p, s·NR + j] side by side. The slivers of k-block kb start at <c>bp + nPad·kb</c>, sliver s at <c>s·NR·kc</c>.</para>
/// Rows past m and columns past n are zeros, so the micro-kernel always computes a whole tile. Transposition is
/// absorbed here: the kernels never see it.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs panels [<paramref name="panelBegin"/>, <paramref name="panelEnd"/>) of the rows starting at
    /// <paramref name="row0"/> of op(A), for the k-range [<paramref name="k0"/>, <paramref name="k0"/> + <paramref name="kLength"/>),
    /// into <paramref name="ap"/> (laid out for that k-range with <paramref name="mPad"/> packed rows).
    /// </summary>
    public static void PackA(in GemmProblem problem, float* a, float* ap, int row0, int mPad, int panelBegin, int panelEnd,
                             int k0, int kLength, int mr, int kcMax)
    {
        int m = problem.M, k = problem.K;
        for (int kb = 0; kb < kLength; kb += kcMax)
        {
            int kc = Math.Min(kcMax, kLength - kb);
            float* block = ap + (long)mPad * kb;
            for (int q = panelBegin; q < panelEnd; q++)
            {
                float* dst = block + (long)q * mr * kc;
                int i0 = row0 + q * mr;
                int rows = Math.Min(mr, m - i0);
                if (problem.TransposeA)
                {
                    // A is k×m: the MR values for one p are contiguous in row p of A.
                    float* src = a + (long)(k0 + kb) * m + i0;
                    for (int p = 0; p < kc; p++, src += m, dst += mr)
                    {
                        CopyPadded(src, dst, rows, mr);
                    }
                }
                else
                {
                    // A is m×k: the MR values for one p are a column of the panel's rows. Turn 8×8 blocks of rows
                    // into columns in registers; the last few p (and machines without AVX) go one by one.
                    float* src = a + (long)i0 * k + k0 + kb;
                    int p = 0;
                    if (Transpose8x8.IsSupported)
                    {
                        for (; p + 8 <= kc; p += 8)
                        {
                            for (int g = 0; g < mr; g += 8)
                            {
                                Transpose8x8.Run(src + (long)g * k + p, k, Math.Clamp(rows - g, 0, 8), dst + (long)p * mr + g, mr, Math.Min(8, mr - g));
                            }
                        }
                    }

                    for (dst += (long)p * mr; p < kc; p++, dst += mr)
                    {
                        int r = 0;
                        for (; r < rows; r++)
                        {
                            dst[r] = src[(long)r * k + p];
                        }

                        for (; r < mr; r++)
                        {
                            dst[r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs slivers [<paramref name="sliverBegin"/>, <paramref name="sliverEnd"/>) of the columns starting at
    /// <paramref name="col0"/> of op(B), for the k-range [<paramref name="k0"/>, <paramref name="k0"/> + <paramref name="kLength"/>),
    /// into <paramref name="bp"/> (laid out for that k-range with <paramref name="nPad"/> packed columns).
    /// </summary>
    public static void PackB(in GemmProblem problem, float* b, float* bp, int col0, int nPad, int sliverBegin, int sliverEnd,
                             int k0, int kLength, int nr, int kcMax)
    {
        int n = problem.N, k = problem.K;
        for (int kb = 0; kb < kLength; kb += kcMax)
        {
            int kc = Math.Min(kcMax, kLength - kb);
            float* block = bp + (long)nPad * kb;
            for (int s = sliverBegin; s < sliverEnd; s++)
            {
                float* dst = block + (long)s * nr * kc;
                int j0 = col0 + s * nr;
                int cols = Math.Min(nr, n - j0);
                if (!problem.TransposeB)
                {
                    // B is k×n: the NR values for one p are contiguous in row p of B.
                    float* src = b + (long)(k0 + kb) * n + j0;
                    for (int p = 0; p < kc; p++, src += n, dst += nr)
                    {
                        CopyPadded(src, dst, cols, nr);
                    }
                }
                else
                {
                    // B is n×k: the NR values for one p are a column of NR rows of B. 8×8 blocks in registers as
                    // for A (NR is a multiple of 8), the last few p one by one.
                    float* src = b + (long)j0 * k + k0 + kb;
                    int p = 0;
                    if (Transpose8x8.IsSupported && nr % 8 == 0)
                    {
                        for (; p + 8 <= kc; p += 8)
                        {
                            for (int g = 0; g < nr; g += 8)
                            {
                                Transpose8x8.Run(src + (long)g * k + p, k, Math.Clamp(cols - g, 0, 8), dst + (long)p * nr + g, nr, 8);
                            }
                        }
                    }

                    for (dst += (long)p * nr; p < kc; p++, dst += nr)
                    {
                        int j = 0;
                        for (; j < cols; j++)
                        {
                            dst[j] = src[(long)j * k + p];
                        }

                        for (; j < nr; j++)
                        {
                            dst[j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> floats and zero-fills the rest of <paramref name="width"/>, in whole vectors
    /// where it can: these copies are a few floats each (one panel row, one sliver row), too short for a memmove call
    /// to pay for itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* src, float* dst, int count, int width)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                Vector256.Store(Vector256.Load(src + i), dst + i);
            }

            if (i + 4 <= count)
            {
                Vector128.Store(Vector128.Load(src + i), dst + i);
                i += 4;
            }
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }

        for (; i < width; i++)
        {
            dst[i] = 0f;
        }
    }
}
