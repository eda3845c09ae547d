using System.Numerics.Tensors;

namespace DiffGen.Kernels;

/// <summary>
/// GEMM without packing, for products so small (or so thin) that copying A and B into panels would cost more than
/// the multiplication: the lecture's 100×1·1×10, a Dense layer on a handful of samples, a matrix times a vector.
/// Each output row is built with <see cref="TensorPrimitives"/> (dot products, or scaled rows of B added in), which
/// are SIMD and allocate nothing. Deterministic: the path and its order of operations depend only on the shape.
/// </summary>
internal static class GemmDirect
{
    /// <summary>
    /// Products with m·n·k up to this many multiply-adds go direct. Measured: below about 32³ packing plus the fixed
    /// cost of the blocked loops is more than the multiplication itself.
    /// </summary>
    public const long MaxMultiplyAdds = 32 * 32 * 32;

    /// <summary>Whether the direct loops beat packing for this shape: tiny products, and matrix-vector products.</summary>
    public static bool IsPreferred(int m, int k, int n) => (long)m * n * k <= MaxMultiplyAdds || m == 1 || n == 1;

    /// <summary><see cref="Gemm.Multiply"/> for shapes <see cref="IsPreferred"/> accepts; arguments already checked, m, n, k &gt; 0.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n,
                                bool transposeA, bool transposeB, bool accumulate)
    {
        // A 1×k matrix and a k×1 matrix are the same k floats, so with m = 1 (or n = 1) either storage of A (of B)
        // reads the same; pick the one the loops below handle best (contiguous rows of A, rows of Bᵀ).
        if (m == 1)
        {
            transposeA = false;
        }

        if (n == 1)
        {
            transposeB = true;
        }

        if (!transposeA && transposeB)
        {
            // C[i, j] = A row i · Bᵀ row j: both contiguous.
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<float> aRow = a.Slice(i * k, k);
                Span<float> cRow = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    float dot = TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
                    cRow[j] = accumulate ? cRow[j] + dot : dot;
                }
            }
        }
        else if (!transposeB)
        {
            // C row i = Σ_p op(A)[i, p] · B row p, each row of B added in scaled.
            for (int i = 0; i < m; i++)
            {
                Span<float> cRow = c.Slice(i * n, n);
                if (!accumulate)
                {
                    cRow.Clear();
                }

                for (int p = 0; p < k; p++)
                {
                    float aip = transposeA ? a[p * m + i] : a[i * k + p];
                    TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, cRow, cRow);
                }
            }
        }
        else
        {
            // Both transposed (A stored k×m, B stored n×k): neither operand has contiguous runs along k for a row
            // of C; tiny by construction, so plain loops.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float sum = 0f;
                    ReadOnlySpan<float> bRow = b.Slice(j * k, k);
                    for (int p = 0; p < k; p++)
                    {
                        sum += a[p * m + i] * bRow[p];
                    }

                    c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
                }
            }
        }
    }
}
