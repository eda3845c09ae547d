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
    /// and contiguous. Works tile by tile so that large matrices do not thrash the cache.
    /// </summary>
    /// <param name="src">The rows×cols matrix.</param>
    /// <param name="dst">Receives the cols×rows transpose; must not overlap <paramref name="src"/>.</param>
    /// <param name="rows">Rows of <paramref name="src"/>.</param>
    /// <param name="cols">Columns of <paramref name="src"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length is not rows×cols, or the spans overlap; nothing is written.</exception>
    public static void Transpose2D(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
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

        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, cols);
                for (int i = i0; i < i1; i++)
                {
                    ReadOnlySpan<float> row = src.Slice(i * cols, cols);
                    for (int j = j0; j < j1; j++)
                    {
                        dst[j * rows + i] = row[j];
                    }
                }
            }
        }
    }
}
