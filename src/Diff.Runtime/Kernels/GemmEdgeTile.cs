namespace DiffGen.Kernels;

/// <summary>
/// Writes the valid part of a register tile that a micro-kernel spilled to memory into C, for tiles that stick out of
/// C at its right or bottom edge (the packed panels are zero-padded, so the kernel still computed the whole tile).
/// One scalar addition per element, the same as the vector addition a full tile does, so an element gets the same
/// bits whether it lies in an edge tile or not.
/// </summary>
internal static unsafe class GemmEdgeTile
{
    /// <summary>C[i, j] = tile[i, j], or C[i, j] += tile[i, j], for i &lt; rows, j &lt; cols; the tile's rows are <paramref name="tileStride"/> apart.</summary>
    public static void Merge(float* tile, int tileStride, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        for (int i = 0; i < rows; i++, tile += tileStride, c += ldc)
        {
            if (overwrite)
            {
                new ReadOnlySpan<float>(tile, cols).CopyTo(new Span<float>(c, cols));
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    c[j] += tile[j];
                }
            }
        }
    }
}
