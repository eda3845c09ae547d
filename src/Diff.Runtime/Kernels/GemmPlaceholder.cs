namespace DiffGen.Kernels;

// Placeholder until the blocked Vector256/FMA GEMM lands from the kernels branch (same signature). Deleted then.
#pragma warning disable CS1591
public static class Gemm
{
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
                                bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = accumulate ? c[(i * n) + j] : 0f;
                for (var p = 0; p < k; p++)
                {
                    var av = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                    var bv = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += av * bv;
                }

                c[(i * n) + j] = sum;
            }
        }
    }
}
#pragma warning restore CS1591
