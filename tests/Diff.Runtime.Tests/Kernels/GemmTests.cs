using System.Runtime.InteropServices;
using CsCheck;
using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.Kernels;

[Collection(ProcessWideStateCollection.Name)]
public class GemmTests
{
    /// <summary>Shapes 1..80 on every side: mostly not multiples of any register tile (14×32, 6×16, 4×8).</summary>
    private static readonly Gen<GemmCase> Cases =
        Gen.Select(Gen.Int[1, 80], Gen.Int[1, 80], Gen.Int[1, 80], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int,
                   (m, k, n, ta, tb, acc, seed) => new GemmCase(m, k, n, ta, tb, acc, seed));

    [Fact]
    public void Multiply_matches_a_double_precision_triple_loop_on_random_shapes()
    {
        Cases.Sample(@case =>
        {
            float[] c = @case.C0.ToArray();
            Gemm.Multiply(@case.A, @case.B, c, @case.M, @case.K, @case.N, @case.TransposeA, @case.TransposeB, @case.Accumulate);
            GemmReference.AssertClose(@case, c);
        }, iter: 300);
    }

    /// <summary>
    /// The narrow direct path (B stored k×n with n ≤ 16): a convolution's im2col product and its kernel gradient, with
    /// long m or k, every column count it masks (1–16, across the 8-lane boundary) and a row count that leaves 1–3 rows
    /// after the blocks of four.
    /// </summary>
    [Theory]
    [InlineData(36_867, 25, 6, false)]
    [InlineData(4_099, 150, 16, false)]
    [InlineData(25, 36_864, 6, true)]
    [InlineData(150, 4_096, 16, true)]
    [InlineData(1_030, 70, 1, false)]
    [InlineData(1_031, 70, 8, false)]
    [InlineData(1_029, 70, 9, true)]
    [InlineData(70, 1_030, 15, true)]
    public void The_narrow_path_matches_a_double_precision_triple_loop(int m, int k, int n, bool transposeA)
    {
        foreach (var accumulate in new[] { false, true })
        {
            var @case = new GemmCase(m, k, n, transposeA, TransposeB: false, accumulate, Seed: m + k + n);
            float[] c = @case.C0.ToArray();
            Gemm.Multiply(@case.A, @case.B, c, m, k, n, transposeA, transposeB: false, accumulate);
            GemmReference.AssertClose(@case, c);
        }
    }

    /// <summary>
    /// A kernel gradient (A stored k×m) runs in slices of k that stay in L1, each element's partial sum kept in C
    /// between slices: every element must still be the one FMA chain over p in increasing order, bit for bit, from 0
    /// (or from C when accumulating).
    /// </summary>
    [Theory]
    [InlineData(25, 36_864, 6)]
    [InlineData(150, 4_096, 16)]
    [InlineData(9, 1_000, 3)]
    public void The_narrow_kernel_gradient_in_slices_of_k_is_one_FMA_chain_per_element(int m, int k, int n)
    {
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            return; // no narrow path: the blocked one sums in k-blocks
        }

        foreach (var accumulate in new[] { false, true })
        {
            var @case = new GemmCase(m, k, n, TransposeA: true, TransposeB: false, accumulate, Seed: m + n);
            float[] c = @case.C0.ToArray();
            Gemm.Multiply(@case.A, @case.B, c, m, k, n, transposeA: true, transposeB: false, accumulate);
            var expected = new float[m * n];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float sum = accumulate ? @case.C0[(i * n) + j] : 0f;
                    for (int p = 0; p < k; p++)
                    {
                        sum = MathF.FusedMultiplyAdd(@case.A[(p * m) + i], @case.B[(p * n) + j], sum);
                    }

                    expected[(i * n) + j] = sum;
                }
            }

            AssertBitIdentical(expected, c, $"{@case}");
        }
    }

    /// <summary>
    /// On an AVX-512 machine the narrow path keeps a row of C in one Vector512 (<see cref="GemmNarrow512"/>), also for
    /// tiny products; with the AVX2 kernel forced it uses two Vector256 halves (tiny products: the rows form). Each
    /// element is the same FMA chain either way: same bits.
    /// </summary>
    [Theory]
    [InlineData(100, 10, 10, false)]
    [InlineData(10, 100, 10, true)]
    [InlineData(1_031, 70, 16, false)]
    [InlineData(70, 1_029, 7, true)]
    [InlineData(3, 40, 9, false)]
    [InlineData(100, 1, 10, false)] // tiny and matrix-vector products: the rows form with AVX2, the narrow form with AVX-512
    [InlineData(1, 100, 10, false)]
    [InlineData(1, 100, 10, true)]
    [InlineData(12, 10, 16, true)]
    public void The_narrow_paths_Vector512_and_Vector256_forms_give_the_same_bits(int m, int k, int n, bool transposeA)
    {
        if (!Gemm.IsSupported(GemmKernelKind.Avx512) || !Gemm.IsSupported(GemmKernelKind.Avx2Fma))
        {
            return; // one form only on this machine
        }

        var saved = Gemm.Kernel;
        try
        {
            foreach (var accumulate in new[] { false, true })
            {
                var @case = new GemmCase(m, k, n, transposeA, TransposeB: false, accumulate, Seed: (m * 7) + k + n);
                var results = new List<float[]>();
                foreach (var kind in new[] { GemmKernelKind.Avx512, GemmKernelKind.Avx2Fma })
                {
                    Gemm.Kernel = kind;
                    float[] c = @case.C0.ToArray();
                    Gemm.Multiply(@case.A, @case.B, c, m, k, n, transposeA, transposeB: false, accumulate);
                    results.Add(c);
                }

                Assert.Equal(results[0], results[1]);
                GemmReference.AssertClose(@case, results[0]);
            }
        }
        finally
        {
            Gemm.Kernel = saved;
        }
    }

    [Theory]
    [MemberData(nameof(GemmReference.SupportedKernels), MemberType = typeof(GemmReference))]
    public void Every_blocked_kernel_matches_the_reference_on_random_shapes_with_edge_tiles(string kernel)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        Cases.Sample(@case =>
        {
            float[] c = @case.C0.ToArray();
            GemmReference.MultiplyBlocked(kind, @case, c, degree: 1);
            GemmReference.AssertClose(@case, c);
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(GemmReference.SupportedKernels), MemberType = typeof(GemmReference))]
    public void Integer_operands_give_exact_products_for_every_transpose_combination(string kernel)
    {
        // Small integers: every product and partial sum is exact in float, so any order of summation gives the
        // exact answer and the comparison can be for equality.
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        var random = new Random(7);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (bool acc in new[] { false, true })
                {
                    int m = 29, k = 67, n = 45;
                    float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.Next(-8, 9)).ToArray();
                    float[] b = Enumerable.Range(0, k * n).Select(_ => (float)random.Next(-8, 9)).ToArray();
                    float[] c0 = Enumerable.Range(0, m * n).Select(_ => (float)random.Next(-100, 101)).ToArray();
                    var (expected, _) = GemmReference.Multiply(a, b, c0, m, k, n, ta, tb, acc);

                    float[] viaPublic = c0.ToArray();
                    Gemm.Multiply(a, b, viaPublic, m, k, n, ta, tb, acc);
                    Assert.Equal(expected.Select(v => (float)v), viaPublic);

                    var problem = new GemmProblem(m, k, n, ta, tb, acc);
                    float[] viaKernel = c0.ToArray();
                    switch (kind)
                    {
                        case GemmKernelKind.Avx512: GemmBlocked<GemmAvx512Kernel>.Multiply(a, b, viaKernel, problem, 1); break;
                        case GemmKernelKind.Avx2Fma: GemmBlocked<GemmAvx2Kernel>.Multiply(a, b, viaKernel, problem, 1); break;
                        default: GemmBlocked<GemmPortableKernel>.Multiply(a, b, viaKernel, problem, 1); break;
                    }

                    Assert.Equal(expected.Select(v => (float)v), viaKernel);
                }
            }
        }
    }

    [Fact]
    public void The_lectures_100x1_times_1x10_takes_the_direct_path_and_is_right()
    {
        var @case = new GemmCase(100, 1, 10, false, false, false, Seed: 3);
        float[] c = @case.C0.ToArray();
        Assert.True(GemmDirect.TryMultiply(@case.A, @case.B, c, 100, 1, 10, false, false, false));
        GemmReference.AssertClose(@case, c);
    }

    [Theory]
    [InlineData(1, 300, 500)]
    [InlineData(500, 300, 1)]
    [InlineData(1, 700, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(1, 5, 40)]
    [InlineData(40, 5, 1)]
    [InlineData(1, 3000, 30)]
    public void Matrix_vector_products_take_the_direct_path_for_every_layout_and_are_right(int m, int k, int n)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (bool acc in new[] { false, true })
                {
                    var @case = new GemmCase(m, k, n, ta, tb, acc, Seed: m + k + n);
                    float[] c = @case.C0.ToArray();
                    Assert.True(GemmDirect.TryMultiply(@case.A, @case.B, c, m, k, n, ta, tb, acc), @case.ToString());
                    GemmReference.AssertClose(@case, c);
                }
            }
        }
    }

    [Fact]
    public void Tiny_products_go_direct_where_the_layout_allows_and_are_right()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Int[1, 20], Gen.Int[1, 20], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Int)
           .Select((m, k, n, ta, tb, acc, seed) => new GemmCase(m, k, n, ta, tb, acc, seed))
           .Sample(@case =>
           {
               float[] c = @case.C0.ToArray();
               bool direct = GemmDirect.TryMultiply(@case.A, @case.B, c, @case.M, @case.K, @case.N, @case.TransposeA, @case.TransposeB, @case.Accumulate);
               bool vector = @case.M == 1 || @case.N == 1;
               bool tiny = @case.M * @case.N * @case.K <= GemmDirect.TinyMultiplyAdds;
               // A small Bᵀ with at most 16 columns is transposed on the stack and then goes direct too.
               bool smallTransposedB = @case.TransposeB && !vector && @case.N <= 16 && @case.N * @case.K <= 1024;
               Assert.Equal(vector || (tiny && (!@case.TransposeB || smallTransposedB)), direct);
               if (direct)
               {
                   GemmReference.AssertClose(@case, c);
               }
               else
               {
                   Assert.Equal(@case.C0, c);   // declined: nothing written
               }
           }, iter: 200);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    public void A_large_product_is_bit_identical_whatever_the_degree_of_parallelism(bool ta, bool tb, bool acc)
    {
        var @case = new GemmCase(300, 257, 190, ta, tb, acc, Seed: 11);
        float[] serial = @case.C0.ToArray();
        using var parallelFromOneMillion = ParallelFrom(1_000_000);
        using var kernels = new ParallelKernels(degree: 1);
        Gemm.Multiply(@case.A, @case.B, serial, @case.M, @case.K, @case.N, ta, tb, acc);
        GemmReference.AssertClose(@case, serial);

        foreach (int degree in new[] { 2, 3, 4 })
        {
            kernels.Degree = degree;
            float[] parallel = RunInParallel(kernels, () =>
            {
                float[] c = @case.C0.ToArray();
                Gemm.Multiply(@case.A, @case.B, c, @case.M, @case.K, @case.N, ta, tb, acc);
                return c;
            });
            AssertBitIdentical(serial, parallel, $"degree {degree}");
        }
    }

    [Theory]
    [MemberData(nameof(GemmReference.SupportedKernels), MemberType = typeof(GemmReference))]
    public void Every_kernel_is_bit_identical_serial_and_parallel(string kernel)
    {
        var kind = Enum.Parse<GemmKernelKind>(kernel);
        var @case = new GemmCase(300, 257, 190, true, false, true, Seed: 12);
        using var parallelFromOneMillion = ParallelFrom(1_000_000);
        float[] serial = @case.C0.ToArray();
        GemmReference.MultiplyBlocked(kind, @case, serial, degree: 1);
        GemmReference.AssertClose(@case, serial);
        using var kernels = new ParallelKernels(degree: 1); // the degree is passed below; this makes helpers go first
        foreach (int degree in new[] { 2, 5 })
        {
            float[] parallel = RunInParallel(kernels, () =>
            {
                float[] c = @case.C0.ToArray();
                GemmReference.MultiplyBlocked(kind, @case, c, degree);
                return c;
            });
            AssertBitIdentical(serial, parallel, $"{kind}, degree {degree}");
        }
    }

    [Theory]
    [InlineData(1100, 4200, 3)]
    [InlineData(3, 4200, 1100)]
    public void A_product_bigger_than_one_packed_block_is_done_in_super_blocks_and_is_right(int m, int k, int n)
    {
        // k = 4200 > 4096 (the longest k-range packed at once) and 1100 rows (columns) of 4096 floats pass the 2²²
        // floats of one packed buffer: super-blocks along k and along m (n), accumulated in order.
        var @case = new GemmCase(m, k, n, false, true, true, Seed: 5);
        float[] c = @case.C0.ToArray();
        Gemm.Multiply(@case.A, @case.B, c, @case.M, @case.K, @case.N, @case.TransposeA, @case.TransposeB, @case.Accumulate);
        GemmReference.AssertClose(@case, c);
    }

    [Fact]
    public void Wrong_lengths_are_reported_with_the_dimensions_and_nothing_is_written()
    {
        float[] c = Enumerable.Repeat(42f, 3 * 5).ToArray();

        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[10], new float[20], c, 3, 4, 5));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("a has 10 elements but m×k = 3×4 = 12", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[10], new float[20], c, 3, 4, 5, transposeA: true));
        Assert.Contains("a has 10 elements but k×m = 4×3 = 12 (a is stored k×m since transposeA)", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[12], new float[21], c, 3, 4, 5));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("b has 21 elements but k×n = 4×5 = 20", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[12], new float[21], c, 3, 4, 5, transposeB: true));
        Assert.Contains("b has 21 elements but n×k = 5×4 = 20 (b is stored n×k since transposeB)", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[12], new float[20], new float[14], 3, 4, 5));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("c has 14 elements but m×n = 3×5 = 15", e.Message);

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply([], [], [], 0, -1, 0));
        Assert.Equal("k", negative.ParamName);

        Assert.All(c, v => Assert.Equal(42f, v));
    }

    [Fact]
    public void K_zero_gives_zeros_or_leaves_C_when_accumulating()
    {
        float[] c = Enumerable.Repeat(float.NaN, 6).ToArray();
        Gemm.Multiply([], [], c, 2, 0, 3);
        Assert.All(c, v => Assert.Equal(0f, v));

        c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply([], [], c, 2, 0, 3, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);
    }

    [Theory]
    [InlineData(0, 4, 3)]
    [InlineData(2, 4, 0)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 5, 0)]
    [InlineData(2, 0, 3)]
    public void Empty_products_match_the_reference_and_write_nothing_else(int m, int k, int n)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (bool acc in new[] { false, true })
                {
                    var @case = new GemmCase(m, k, n, ta, tb, acc, Seed: 13);

                    // C sits between guard values: the kernels work on raw pointers, and a write past an empty (or
                    // any) C would land in them. The operands are copies, to check that they are not written either.
                    const int Guard = 4;
                    float[] buffer = Enumerable.Repeat(-7f, m * n + (2 * Guard)).ToArray();
                    @case.C0.CopyTo(buffer, Guard);
                    float[] a = @case.A.ToArray(), b = @case.B.ToArray();
                    Gemm.Multiply(a, b, buffer.AsSpan(Guard, m * n), m, k, n, ta, tb, acc);

                    GemmReference.AssertClose(@case, buffer[Guard..^Guard]);
                    Assert.All(buffer[..Guard].Concat(buffer[^Guard..]), v => Assert.Equal(-7f, v));
                    Assert.Equal(@case.A, a);
                    Assert.Equal(@case.B, b);
                }
            }
        }
    }

    [Theory]
    [InlineData(4, 5, 6)]
    [InlineData(90, 70, 50)]
    public void Overwriting_ignores_whatever_C_held_even_NaN(int m, int k, int n)
    {
        var @case = new GemmCase(m, k, n, false, false, false, Seed: 9);
        float[] c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Gemm.Multiply(@case.A, @case.B, c, m, k, n);
        GemmReference.AssertClose(@case, c);
    }

    [Theory]
    [InlineData(100, 1, 10)]
    [InlineData(64, 64, 64)]
    [InlineData(300, 257, 190)]
    public void Steady_state_calls_allocate_nothing(int m, int k, int n)
    {
        var @case = new GemmCase(m, k, n, false, true, false, Seed: 1);
        float[] c = new float[m * n];
        using var parallelFromOneMillion = ParallelFrom(1_000_000);   // 300×257×190 through the thread team
        for (int i = 0; i < 3; i++)
        {
            Gemm.Multiply(@case.A, @case.B, c, m, k, n, transposeB: true);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Gemm.Multiply(@case.A, @case.B, c, m, k, n, transposeB: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Lowers the size from which products run in parallel (restored on dispose), so that a shape that is quick to
    /// check against the reference goes through the parallel path. Results never depend on it, so other tests
    /// running meanwhile are unaffected.
    /// </summary>
    private static Restore ParallelFrom(long multiplyAdds)
    {
        long saved = Gemm.ParallelMinMultiplyAdds;
        Gemm.ParallelMinMultiplyAdds = multiplyAdds;
        return new Restore(() => Gemm.ParallelMinMultiplyAdds = saved);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>
    /// Runs a parallel product, helpers first (<see cref="ParallelKernels"/>), and requires that helper threads did
    /// part of it: a product that ran on the calling thread alone would make a determinism check vacuous.
    /// </summary>
    private static float[] RunInParallel(ParallelKernels kernels, Func<float[]> run)
    {
        var (result, helperItems) = kernels.Count(run);
        Assert.True(helperItems > 0, "The product did not run on the kernel threads.");
        return result;
    }

    private static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        ReadOnlySpan<int> e = MemoryMarshal.Cast<float, int>(expected);
        ReadOnlySpan<int> a = MemoryMarshal.Cast<float, int>(actual);
        for (int i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i])
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R} in parallel but {expected[i]:R} serially.");
            }
        }
    }
}
