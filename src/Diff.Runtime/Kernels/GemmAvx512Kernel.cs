using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// The AVX-512 micro-kernel: a 14×32 tile of C in 28 of the 32 zmm registers (14 rows × two Vector512), two more for
/// the row of the B sliver and one for the broadcast element of A. Each step along k is 2 loads, 14 broadcasts and
/// 28 FMAs, which keeps both FMA pipes busy while the loads stay well under the two per cycle L1 can serve. The JIT
/// keeps all 28 accumulators in registers (checked with DOTNET_JitDisasm: no spills in the loop).
/// </summary>
internal readonly unsafe struct GemmAvx512Kernel : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int MR => 14;

    /// <inheritdoc/>
    public static int NR => 32;

    /// <summary>
    /// KC = 256: the B sliver the kernel reuses down a column of A panels is 256×32×4 B = 32 KiB, inside a 48 KiB L1,
    /// and each A panel it streams is 14 KiB. MC = 126 (9 panels) and NC = 256 make an A block of 126 KiB and a B block
    /// of 256 KiB for a tile, both in a 1 MiB L2; they also give enough tiles for two cores to share at 256³.
    /// </summary>
    public static GemmBlocking Blocking => new(MC: 126, KC: 256, NC: 256);

    /// <inheritdoc/>
    [SkipLocalsInit]
    public static void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        // cRRj: the accumulator of row RR, vector j of the tile.
        Vector512<float> c000 = default, c001 = default;
        Vector512<float> c010 = default, c011 = default;
        Vector512<float> c020 = default, c021 = default;
        Vector512<float> c030 = default, c031 = default;
        Vector512<float> c040 = default, c041 = default;
        Vector512<float> c050 = default, c051 = default;
        Vector512<float> c060 = default, c061 = default;
        Vector512<float> c070 = default, c071 = default;
        Vector512<float> c080 = default, c081 = default;
        Vector512<float> c090 = default, c091 = default;
        Vector512<float> c100 = default, c101 = default;
        Vector512<float> c110 = default, c111 = default;
        Vector512<float> c120 = default, c121 = default;
        Vector512<float> c130 = default, c131 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]); c000 = Avx512F.FusedMultiplyAdd(ai, b0, c000); c001 = Avx512F.FusedMultiplyAdd(ai, b1, c001);
            ai = Vector512.Create(a[1]); c010 = Avx512F.FusedMultiplyAdd(ai, b0, c010); c011 = Avx512F.FusedMultiplyAdd(ai, b1, c011);
            ai = Vector512.Create(a[2]); c020 = Avx512F.FusedMultiplyAdd(ai, b0, c020); c021 = Avx512F.FusedMultiplyAdd(ai, b1, c021);
            ai = Vector512.Create(a[3]); c030 = Avx512F.FusedMultiplyAdd(ai, b0, c030); c031 = Avx512F.FusedMultiplyAdd(ai, b1, c031);
            ai = Vector512.Create(a[4]); c040 = Avx512F.FusedMultiplyAdd(ai, b0, c040); c041 = Avx512F.FusedMultiplyAdd(ai, b1, c041);
            ai = Vector512.Create(a[5]); c050 = Avx512F.FusedMultiplyAdd(ai, b0, c050); c051 = Avx512F.FusedMultiplyAdd(ai, b1, c051);
            ai = Vector512.Create(a[6]); c060 = Avx512F.FusedMultiplyAdd(ai, b0, c060); c061 = Avx512F.FusedMultiplyAdd(ai, b1, c061);
            ai = Vector512.Create(a[7]); c070 = Avx512F.FusedMultiplyAdd(ai, b0, c070); c071 = Avx512F.FusedMultiplyAdd(ai, b1, c071);
            ai = Vector512.Create(a[8]); c080 = Avx512F.FusedMultiplyAdd(ai, b0, c080); c081 = Avx512F.FusedMultiplyAdd(ai, b1, c081);
            ai = Vector512.Create(a[9]); c090 = Avx512F.FusedMultiplyAdd(ai, b0, c090); c091 = Avx512F.FusedMultiplyAdd(ai, b1, c091);
            ai = Vector512.Create(a[10]); c100 = Avx512F.FusedMultiplyAdd(ai, b0, c100); c101 = Avx512F.FusedMultiplyAdd(ai, b1, c101);
            ai = Vector512.Create(a[11]); c110 = Avx512F.FusedMultiplyAdd(ai, b0, c110); c111 = Avx512F.FusedMultiplyAdd(ai, b1, c111);
            ai = Vector512.Create(a[12]); c120 = Avx512F.FusedMultiplyAdd(ai, b0, c120); c121 = Avx512F.FusedMultiplyAdd(ai, b1, c121);
            ai = Vector512.Create(a[13]); c130 = Avx512F.FusedMultiplyAdd(ai, b0, c130); c131 = Avx512F.FusedMultiplyAdd(ai, b1, c131);
            a += 14;
            b += 32;
        }

        if (rows == 14 && cols == 32)
        {
            if (overwrite)
            {
                Vector512.Store(c000, c); Vector512.Store(c001, c + 16); c += ldc;
                Vector512.Store(c010, c); Vector512.Store(c011, c + 16); c += ldc;
                Vector512.Store(c020, c); Vector512.Store(c021, c + 16); c += ldc;
                Vector512.Store(c030, c); Vector512.Store(c031, c + 16); c += ldc;
                Vector512.Store(c040, c); Vector512.Store(c041, c + 16); c += ldc;
                Vector512.Store(c050, c); Vector512.Store(c051, c + 16); c += ldc;
                Vector512.Store(c060, c); Vector512.Store(c061, c + 16); c += ldc;
                Vector512.Store(c070, c); Vector512.Store(c071, c + 16); c += ldc;
                Vector512.Store(c080, c); Vector512.Store(c081, c + 16); c += ldc;
                Vector512.Store(c090, c); Vector512.Store(c091, c + 16); c += ldc;
                Vector512.Store(c100, c); Vector512.Store(c101, c + 16); c += ldc;
                Vector512.Store(c110, c); Vector512.Store(c111, c + 16); c += ldc;
                Vector512.Store(c120, c); Vector512.Store(c121, c + 16); c += ldc;
                Vector512.Store(c130, c); Vector512.Store(c131, c + 16);
            }
            else
            {
                Vector512.Store(Vector512.Load(c) + c000, c); Vector512.Store(Vector512.Load(c + 16) + c001, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c010, c); Vector512.Store(Vector512.Load(c + 16) + c011, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c020, c); Vector512.Store(Vector512.Load(c + 16) + c021, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c030, c); Vector512.Store(Vector512.Load(c + 16) + c031, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c040, c); Vector512.Store(Vector512.Load(c + 16) + c041, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c050, c); Vector512.Store(Vector512.Load(c + 16) + c051, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c060, c); Vector512.Store(Vector512.Load(c + 16) + c061, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c070, c); Vector512.Store(Vector512.Load(c + 16) + c071, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c080, c); Vector512.Store(Vector512.Load(c + 16) + c081, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c090, c); Vector512.Store(Vector512.Load(c + 16) + c091, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c100, c); Vector512.Store(Vector512.Load(c + 16) + c101, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c110, c); Vector512.Store(Vector512.Load(c + 16) + c111, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c120, c); Vector512.Store(Vector512.Load(c + 16) + c121, c + 16); c += ldc;
                Vector512.Store(Vector512.Load(c) + c130, c); Vector512.Store(Vector512.Load(c + 16) + c131, c + 16);
            }
        }
        else
        {
            // An edge tile: spill the registers and add only the part inside C (same additions as above).
            float* t = stackalloc float[448];
            Vector512.Store(c000, t + 0); Vector512.Store(c001, t + 16);
            Vector512.Store(c010, t + 32); Vector512.Store(c011, t + 48);
            Vector512.Store(c020, t + 64); Vector512.Store(c021, t + 80);
            Vector512.Store(c030, t + 96); Vector512.Store(c031, t + 112);
            Vector512.Store(c040, t + 128); Vector512.Store(c041, t + 144);
            Vector512.Store(c050, t + 160); Vector512.Store(c051, t + 176);
            Vector512.Store(c060, t + 192); Vector512.Store(c061, t + 208);
            Vector512.Store(c070, t + 224); Vector512.Store(c071, t + 240);
            Vector512.Store(c080, t + 256); Vector512.Store(c081, t + 272);
            Vector512.Store(c090, t + 288); Vector512.Store(c091, t + 304);
            Vector512.Store(c100, t + 320); Vector512.Store(c101, t + 336);
            Vector512.Store(c110, t + 352); Vector512.Store(c111, t + 368);
            Vector512.Store(c120, t + 384); Vector512.Store(c121, t + 400);
            Vector512.Store(c130, t + 416); Vector512.Store(c131, t + 432);
            GemmEdgeTile.Merge(t, 32, c, ldc, rows, cols, overwrite);
        }
    }
}
