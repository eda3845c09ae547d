namespace DiffGen.Kernels;

/// <summary>Matrix transposition for the tensor ops (e.g. a materialised Wᵀ, or a layout change before a reduction).</summary>
public static class Transposition
{
    /// <summary>
    /// Tiles of this many rows and columns: a 32×32 tile of floats is 4 KiB read and 4 KiB written, so both sides of
    /// a tile stay in L1 and every cache line is used whole, instead of one element per line on the strided side.
    /// </summary>
    private const int Tile = 32;

    /// <summary>
    /// <c>dst[j, i] = src[i, j]</c>: <paramref name="src"/> is <paramref name="rows"/>×<paramref name="cols"/> and
    /// <paramref name="dst"/> becomes its <paramref name="cols"/>×<paramref name="rows"/> transpose, both row-major
    /// and contiguous. Works tile by tile so that large matrices do not thrash the cache, each tile in 8×8 blocks
    /// transposed in registers (AVX) where it has them.
    /// </summary>
    /// <param name="src">The rows×cols matrix.</param>
    /// <param name="dst">Receives the cols×rows transpose; must not overlap <paramref name="src"/>.</param>
    /// <param name="rows">Rows of <paramref name="src"/>.</param>
    /// <param name="cols">Columns of <paramref name="src"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length is not rows×cols, or the spans overlap; nothing is written.</exception>
    public static unsafe void Transpose2D(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        long size = (long)rows * cols;
        if (src.Length != size)
        {
            throw new ArgumentException($"Transpose2D: src has {src.Length} elements but rows×cols = {rows}×{cols} = {size}.", nameof(src));
        }

        if (dst.Length != size)
        {
            throw new ArgumentException($"Transpose2D: dst has {dst.Length} elements but cols×rows = {cols}×{rows} = {size}.", nameof(dst));
        }

        if (src.Overlaps(dst))
        {
            throw new ArgumentException("Transpose2D: dst overlaps src; transposing in place is not supported.", nameof(dst));
        }

        fixed (float* s = src, d = dst)
        {
            for (int i0 = 0; i0 < rows; i0 += Tile)
            {
                int i1 = Math.Min(i0 + Tile, rows);
                for (int j0 = 0; j0 < cols; j0 += Tile)
                {
                    TransposeTile(s, d, rows, cols, i0, i1, j0, Math.Min(j0 + Tile, cols));
                }
            }
        }
    }

    /// <summary>One tile: 8×8 blocks in registers where the tile has them whole, element by element at its ragged edges.</summary>
    private static unsafe void TransposeTile(float* src, float* dst, int rows, int cols, int i0, int i1, int j0, int j1)
    {
        int i = i0;
        if (Transpose8x8.IsSupported)
        {
            for (; i + 8 <= i1; i += 8)
            {
                int j = j0;
                for (; j + 8 <= j1; j += 8)
                {
                    Transpose8x8.Run(src + (long)i * cols + j, cols, 8, dst + (long)j * rows + i, rows, 8);
                }

                for (; j < j1; j++)
                {
                    for (int r = i; r < i + 8; r++)
                    {
                        dst[(long)j * rows + r] = src[(long)r * cols + j];
                    }
                }
            }
        }

        for (; i < i1; i++)
        {
            for (int j = j0; j < j1; j++)
            {
                dst[(long)j * rows + i] = src[(long)i * cols + j];
            }
        }
    }
}
