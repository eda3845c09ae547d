using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// The 8×8 in-register transpose of floats with AVX (unpack, shuffle, cross-lane permute: 24 instructions for 64
/// elements), used where a kernel must turn rows into columns: packing op(A) when A is row-major and op(B) when B is
/// stored transposed, and <see cref="Transposition.Transpose2D"/>. Scalar code does the same with 64 loads and 64
/// stores at one element each, several times slower.
/// </summary>
internal static unsafe class Transpose8x8
{
    /// <summary>Whether the machine has the instructions (callers fall back to scalar loops when not).</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// Reads 8 rows of 8 floats (row r at <c>src + r·srcStride</c>) and writes their transpose: row j of the output,
    /// at <c>dst + j·dstStride</c>, is element j of every input row. Writes <paramref name="outWidth"/> floats of each
    /// output row (8, or fewer when the destination is narrower: the remaining lanes are dropped); input rows at or
    /// past <paramref name="rows"/> (0 to 8) read as zeros and are never touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* src, long srcStride, int rows, float* dst, long dstStride, int outWidth)
    {
        Vector256<float> r0 = rows > 0 ? Avx.LoadVector256(src) : default;
        Vector256<float> r1 = rows > 1 ? Avx.LoadVector256(src + srcStride) : default;
        Vector256<float> r2 = rows > 2 ? Avx.LoadVector256(src + 2 * srcStride) : default;
        Vector256<float> r3 = rows > 3 ? Avx.LoadVector256(src + 3 * srcStride) : default;
        Vector256<float> r4 = rows > 4 ? Avx.LoadVector256(src + 4 * srcStride) : default;
        Vector256<float> r5 = rows > 5 ? Avx.LoadVector256(src + 5 * srcStride) : default;
        Vector256<float> r6 = rows > 6 ? Avx.LoadVector256(src + 6 * srcStride) : default;
        Vector256<float> r7 = rows > 7 ? Avx.LoadVector256(src + 7 * srcStride) : default;

        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Store(Avx.Permute2x128(u0, u4, 0x20), dst, outWidth);
        Store(Avx.Permute2x128(u1, u5, 0x20), dst + dstStride, outWidth);
        Store(Avx.Permute2x128(u2, u6, 0x20), dst + 2 * dstStride, outWidth);
        Store(Avx.Permute2x128(u3, u7, 0x20), dst + 3 * dstStride, outWidth);
        Store(Avx.Permute2x128(u0, u4, 0x31), dst + 4 * dstStride, outWidth);
        Store(Avx.Permute2x128(u1, u5, 0x31), dst + 5 * dstStride, outWidth);
        Store(Avx.Permute2x128(u2, u6, 0x31), dst + 6 * dstStride, outWidth);
        Store(Avx.Permute2x128(u3, u7, 0x31), dst + 7 * dstStride, outWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, float* dst, int width)
    {
        // Whole-vector pieces only (8, or 4 + 2 for the 6-row remainder of a 14-row panel and the 6-row AVX2 panel):
        // extracting lanes one by one costs several times the transpose itself.
        switch (width)
        {
            case 8:
                Avx.Store(dst, v);
                break;
            case 6:
                Sse.Store(dst, v.GetLower());
                Sse.StoreLow(dst + 4, v.GetUpper());
                break;
            case 4:
                Sse.Store(dst, v.GetLower());
                break;
            default:
                for (int i = 0; i < width; i++)
                {
                    dst[i] = v.GetElement(i);
                }

                break;
        }
    }
}
