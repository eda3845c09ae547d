using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DiffGen.Kernels;

/// <summary>
/// The kernels of a layer's bias and activation, fused (<see cref="Ops.BiasActivation"/>): <c>y = act(x + bias)</c>
/// over rows of <c>c</c> channels (the last axis), the ReLU mask of a gradient, and the per-channel sums that are the
/// bias gradient. Rows shorter than a vector are handled by tiling the bias (or the sums) over a block of whole rows,
/// so every call is a long <see cref="TensorPrimitives"/> or Vector512/256 loop, never one call per row.
/// </summary>
internal static class BiasActivationKernels
{
    /// <summary>Floats per tile: a whole number of rows of fewer than 64 channels fills at least 192 of them.</summary>
    private const int Tile = 256;

    /// <summary>y = x + bias (bias repeated every <paramref name="c"/> elements; empty: no bias), then max(·, 0) when <paramref name="relu"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y, int c, bool relu)
    {
        if (bias.IsEmpty)
        {
            if (relu)
            {
                TensorPrimitives.Max(x, 0f, y);
            }
            else
            {
                x.CopyTo(y);
            }

            return;
        }

        if (c >= Tile / 4)
        {
            for (var offset = 0; offset < x.Length; offset += c)
            {
                var row = y.Slice(offset, c);
                TensorPrimitives.Add(x.Slice(offset, c), bias, row);
                if (relu)
                {
                    TensorPrimitives.Max(row, 0f, row);
                }
            }

            return;
        }

        var block = c * (Tile / c);
        Span<float> tiled = stackalloc float[block];
        for (var t = 0; t < block; t += c)
        {
            bias.CopyTo(tiled.Slice(t, c));
        }

        for (var offset = 0; offset < x.Length; offset += block)
        {
            var length = Math.Min(block, x.Length - offset);
            var chunk = y.Slice(offset, length);
            TensorPrimitives.Add(x.Slice(offset, length), tiled[..length], chunk);
            if (relu)
            {
                TensorPrimitives.Max(chunk, 0f, chunk);
            }
        }
    }

    /// <summary>dz = dy where y &gt; 0, else 0 (ReLU's derivative at 0 is 0, as in TensorFlow; a NaN y gives 0).</summary>
    public static void ReluMask(ReadOnlySpan<float> dy, ReadOnlySpan<float> y, Span<float> dz)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= dz.Length; i += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.Create(y.Slice(i, Vector512<float>.Count)), Vector512<float>.Zero);
                (Vector512.Create(dy.Slice(i, Vector512<float>.Count)) & mask).CopyTo(dz.Slice(i, Vector512<float>.Count));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= dz.Length; i += Vector256<float>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.Create(y.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                (Vector256.Create(dy.Slice(i, Vector256<float>.Count)) & mask).CopyTo(dz.Slice(i, Vector256<float>.Count));
            }
        }

        for (; i < dz.Length; i++)
        {
            dz[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /// <summary>sums[j] = Σ over rows of x[row, j], rows of <paramref name="c"/> = sums.Length channels.</summary>
    public static void ColumnSums(ReadOnlySpan<float> x, Span<float> sums, int c)
    {
        sums.Clear();
        if (c >= Tile / 4)
        {
            for (var offset = 0; offset < x.Length; offset += c)
            {
                TensorPrimitives.Add(sums, x.Slice(offset, c), sums);
            }

            return;
        }

        // Accumulate whole blocks of rows into one tile, then fold the tile's rows together.
        var block = c * (Tile / c);
        Span<float> tile = stackalloc float[block];
        tile.Clear();
        for (var offset = 0; offset < x.Length; offset += block)
        {
            var length = Math.Min(block, x.Length - offset);
            var into = tile[..length];
            TensorPrimitives.Add(into, x.Slice(offset, length), into);
        }

        for (var t = 0; t < block; t += c)
        {
            // The same additions in the same order either way; a library call per row of a few channels costs more than the adds.
            var row = tile.Slice(t, c);
            if (c >= 16)
            {
                TensorPrimitives.Add(sums, row, sums);
                continue;
            }

            for (var j = 0; j < c; j++)
            {
                sums[j] += row[j];
            }
        }
    }
}
