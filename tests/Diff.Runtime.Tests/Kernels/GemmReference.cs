using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.Kernels;

/// <summary>One random GEMM problem: shape, flags and the seed its operands come from.</summary>
public sealed record GemmCase(int M, int K, int N, bool TransposeA, bool TransposeB, bool Accumulate, int Seed)
{
    public float[] A { get; } = Values(Seed, M * K, 0);

    public float[] B { get; } = Values(Seed, K * N, 1);

    /// <summary>C before the call: what accumulate adds to, and garbage (NaN included) that overwriting must ignore.</summary>
    public float[] C0 { get; } = Accumulate ? Values(Seed, M * N, 2) : Enumerable.Repeat(float.NaN, M * N).ToArray();

    internal GemmProblem Problem => new(M, K, N, TransposeA, TransposeB, Accumulate);

    public override string ToString() => $"{M}×{K}×{N} transposeA={TransposeA} transposeB={TransposeB} accumulate={Accumulate} seed={Seed}";

    private static float[] Values(int seed, int count, int stream)
    {
        var random = new Random(HashCode.Combine(seed, stream));
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}

/// <summary>The naive triple loop, accumulated in double, and the float error bound to compare against.</summary>
public static class GemmReference
{
    /// <summary>op(A)·op(B) (+ C0 when accumulating) in double, and per element Σ|terms| for the error bound.</summary>
    public static (double[] Value, double[] Magnitude) Multiply(float[] a, float[] b, float[] c0, int m, int k, int n,
                                                                 bool transposeA, bool transposeB, bool accumulate)
    {
        var value = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c0[i * n + j] : 0;
                double abs = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double term = (double)(transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
                    sum += term;
                    abs += Math.Abs(term);
                }

                value[i * n + j] = sum;
                magnitude[i * n + j] = abs;
            }
        }

        return (value, magnitude);
    }

    /// <summary>
    /// Asserts every element is within the worst-case bound of float summation, (k + 2)·2⁻²³·Σ|terms| (twice the
    /// textbook γₖ: one rounding for the product, one for the sum, per step). A wrong index or a lost term is off by
    /// about the size of a term, far outside it.
    /// </summary>
    public static void AssertClose(GemmCase @case, float[] actual)
    {
        var (expected, magnitude) = Multiply(@case.A, @case.B, @case.C0, @case.M, @case.K, @case.N, @case.TransposeA, @case.TransposeB, @case.Accumulate);
        for (int e = 0; e < expected.Length; e++)
        {
            double tolerance = (@case.K + 2) * Math.Pow(2, -23) * magnitude[e] + 1e-30;
            double error = Math.Abs(actual[e] - expected[e]);
            if (!(error <= tolerance))
            {
                Assert.Fail($"{@case}: C[{e / @case.N}, {e % @case.N}] = {actual[e]:R} but the double reference is {expected[e]:R} (error {error:E2} > tolerance {tolerance:E2}).");
            }
        }
    }

    /// <summary>Runs the blocked path with one particular micro-kernel (no direct path, no global knobs).</summary>
    internal static void MultiplyBlocked(GemmKernelKind kernel, GemmCase @case, float[] c, int degree)
    {
        switch (kernel)
        {
            case GemmKernelKind.Avx512:
                GemmBlocked<GemmAvx512Kernel>.Multiply(@case.A, @case.B, c, @case.Problem, degree);
                break;
            case GemmKernelKind.Avx2Fma:
                GemmBlocked<GemmAvx2Kernel>.Multiply(@case.A, @case.B, c, @case.Problem, degree);
                break;
            default:
                GemmBlocked<GemmPortableKernel>.Multiply(@case.A, @case.B, c, @case.Problem, degree);
                break;
        }
    }

    /// <summary>The kernels this machine can run, as theory data.</summary>
    public static TheoryData<string> SupportedKernels()
    {
        var data = new TheoryData<string>();
        foreach (GemmKernelKind kind in Enum.GetValues<GemmKernelKind>())
        {
            if (Gemm.IsSupported(kind))
            {
                data.Add(kind.ToString());
            }
        }

        return data;
    }
}
