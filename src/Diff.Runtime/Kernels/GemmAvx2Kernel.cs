using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// The AVX2+FMA micro-kernel, the classic Haswell shape: a 6×16 tile of C in 12 of the 16 ymm registers (6 rows × two
/// Vector256), two for the row of the B sliver, one for the broadcast element of A. 12 independent FMA chains cover
/// the FMA latency (4–5 cycles) times two pipes.
/// </summary>
internal readonly unsafe struct GemmAvx2Kernel : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int MR => 6;

    /// <inheritdoc/>
    public static int NR => 16;

    /// <summary>
    /// KC = 256: the B sliver is 256×16×4 B = 16 KiB (L1 holds it with room for the A panel it streams); MC = 120
    /// (20 panels) and NC = 256 keep a tile's A block (120 KiB) and B block (256 KiB) in L2. Close to BLIS's Haswell
    /// and Zen choices (MC 144–168, KC 256).
    /// </summary>
    public static GemmBlocking Blocking => new(MC: 120, KC: 256, NC: 256);

    /// <inheritdoc/>
    [SkipLocalsInit]
    public static void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        // cRRj: the accumulator of row RR, vector j of the tile.
        Vector256<float> c000 = default, c001 = default;
        Vector256<float> c010 = default, c011 = default;
        Vector256<float> c020 = default, c021 = default;
        Vector256<float> c030 = default, c031 = default;
        Vector256<float> c040 = default, c041 = default;
        Vector256<float> c050 = default, c051 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> ai;
            ai = Vector256.Create(a[0]); c000 = Fma.MultiplyAdd(ai, b0, c000); c001 = Fma.MultiplyAdd(ai, b1, c001);
            ai = Vector256.Create(a[1]); c010 = Fma.MultiplyAdd(ai, b0, c010); c011 = Fma.MultiplyAdd(ai, b1, c011);
            ai = Vector256.Create(a[2]); c020 = Fma.MultiplyAdd(ai, b0, c020); c021 = Fma.MultiplyAdd(ai, b1, c021);
            ai = Vector256.Create(a[3]); c030 = Fma.MultiplyAdd(ai, b0, c030); c031 = Fma.MultiplyAdd(ai, b1, c031);
            ai = Vector256.Create(a[4]); c040 = Fma.MultiplyAdd(ai, b0, c040); c041 = Fma.MultiplyAdd(ai, b1, c041);
            ai = Vector256.Create(a[5]); c050 = Fma.MultiplyAdd(ai, b0, c050); c051 = Fma.MultiplyAdd(ai, b1, c051);
            a += 6;
            b += 16;
        }

        if (rows == 6 && cols == 16)
        {
            if (overwrite)
            {
                Vector256.Store(c000, c); Vector256.Store(c001, c + 8); c += ldc;
                Vector256.Store(c010, c); Vector256.Store(c011, c + 8); c += ldc;
                Vector256.Store(c020, c); Vector256.Store(c021, c + 8); c += ldc;
                Vector256.Store(c030, c); Vector256.Store(c031, c + 8); c += ldc;
                Vector256.Store(c040, c); Vector256.Store(c041, c + 8); c += ldc;
                Vector256.Store(c050, c); Vector256.Store(c051, c + 8);
            }
            else
            {
                Vector256.Store(Vector256.Load(c) + c000, c); Vector256.Store(Vector256.Load(c + 8) + c001, c + 8); c += ldc;
                Vector256.Store(Vector256.Load(c) + c010, c); Vector256.Store(Vector256.Load(c + 8) + c011, c + 8); c += ldc;
                Vector256.Store(Vector256.Load(c) + c020, c); Vector256.Store(Vector256.Load(c + 8) + c021, c + 8); c += ldc;
                Vector256.Store(Vector256.Load(c) + c030, c); Vector256.Store(Vector256.Load(c + 8) + c031, c + 8); c += ldc;
                Vector256.Store(Vector256.Load(c) + c040, c); Vector256.Store(Vector256.Load(c + 8) + c041, c + 8); c += ldc;
                Vector256.Store(Vector256.Load(c) + c050, c); Vector256.Store(Vector256.Load(c + 8) + c051, c + 8);
            }
        }
        else
        {
            // An edge tile: spill the registers and add only the part inside C (same additions as above).
            float* t = stackalloc float[96];
            Vector256.Store(c000, t + 0); Vector256.Store(c001, t + 8);
            Vector256.Store(c010, t + 16); Vector256.Store(c011, t + 24);
            Vector256.Store(c020, t + 32); Vector256.Store(c021, t + 40);
            Vector256.Store(c030, t + 48); Vector256.Store(c031, t + 56);
            Vector256.Store(c040, t + 64); Vector256.Store(c041, t + 72);
            Vector256.Store(c050, t + 80); Vector256.Store(c051, t + 88);
            GemmEdgeTile.Merge(t, 16, c, ldc, rows, cols, overwrite);
        }
    }
}
