using System.Numerics.Tensors;

namespace DiffGen.Kernels;

/// <summary>
/// Sums along one axis of a row-major matrix, as the tensor ops need them: <see cref="SumRows"/> is the bias gradient
/// of a Dense layer (the output gradient summed over the batch), <see cref="SumColumns"/> a per-row total. Both use
/// SIMD (<see cref="TensorPrimitives"/>), allocate nothing, and add in a fixed order that depends only on the shape,
/// so the bits are reproducible.
/// </summary>
public static class Reductions
{
    /// <summary>
    /// Adds the rows of <paramref name="src"/> together: <c>dst[j] = Σᵢ src[i, j]</c> (numpy's <c>sum(axis=0)</c>),
    /// or <c>dst[j] += Σᵢ src[i, j]</c> when <paramref name="accumulate"/>. Rows are added in order, row 0 first.
    /// </summary>
    /// <param name="src">The rows×cols matrix, row-major.</param>
    /// <param name="dst">Receives cols sums.</param>
    /// <param name="rows">Rows of <paramref name="src"/>; with 0 rows the sums are 0.</param>
    /// <param name="cols">Columns of <paramref name="src"/>, the length of <paramref name="dst"/>.</param>
    /// <param name="accumulate">Add the sums to <paramref name="dst"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the dimensions; nothing is written.</exception>
    public static void SumRows(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols, bool accumulate = false)
    {
        Check(src, dst, rows, cols, cols, nameof(SumRows), "cols");
        if (!accumulate)
        {
            if (rows == 0)
            {
                dst.Clear();
                return;
            }

            src[..cols].CopyTo(dst);
            src = src[cols..];
            rows--;
        }

        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Add(dst, src.Slice(i * cols, cols), dst);
        }
    }

    /// <summary>
    /// Adds the columns of <paramref name="src"/> together: <c>dst[i] = Σⱼ src[i, j]</c> (numpy's <c>sum(axis=1)</c>),
    /// or <c>dst[i] += Σⱼ src[i, j]</c> when <paramref name="accumulate"/>.
    /// </summary>
    /// <param name="src">The rows×cols matrix, row-major.</param>
    /// <param name="dst">Receives rows sums.</param>
    /// <param name="rows">Rows of <paramref name="src"/>, the length of <paramref name="dst"/>.</param>
    /// <param name="cols">Columns of <paramref name="src"/>; with 0 columns the sums are 0.</param>
    /// <param name="accumulate">Add the sums to <paramref name="dst"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the dimensions; nothing is written.</exception>
    public static void SumColumns(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols, bool accumulate = false)
    {
        Check(src, dst, rows, cols, rows, nameof(SumColumns), "rows");
        for (int i = 0; i < rows; i++)
        {
            float sum = TensorPrimitives.Sum(src.Slice(i * cols, cols));
            dst[i] = accumulate ? dst[i] + sum : sum;
        }
    }

    private static void Check(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols, int dstLength, string op, string dstDim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        long size = (long)rows * cols;
        if (src.Length != size)
        {
            throw new ArgumentException($"{op}: src has {src.Length} elements but rows×cols = {rows}×{cols} = {size}.", nameof(src));
        }

        if (dst.Length != dstLength)
        {
            throw new ArgumentException($"{op}: dst has {dst.Length} elements but needs {dstDim} = {dstLength}.", nameof(dst));
        }
    }
}
