namespace DiffGen.Kernels;

/// <summary>
/// The loops behind convolution and pooling on channels-last tensors. Every inner step moves a run of C contiguous
/// channel values with span copies or TensorPrimitives, so the per-element cost is that of a memory copy.
/// </summary>
internal static class WindowKernels
{
    /// <summary>
    /// im2col: row p = (n, oh, ow) of the result holds the window under output position p, column (i, j, c) in the
    /// order of a (kh, kw, in) kernel, with zeros where the window hangs over the padding. A convolution is then one
    /// GEMM of this matrix with the kernel reshaped to (kh·kw·in, filters).
    /// </summary>
    public static void Im2Col(ReadOnlySpan<float> x, Span<float> columns, WindowGeometry g)
    {
        var c = g.Channels;
        var row = 0;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    var destination = columns.Slice(row * g.WindowSize, g.WindowSize);
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        var h = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                        for (var j = 0; j < g.KernelWidth; j++)
                        {
                            var w = (ow * g.StrideWidth) - g.PadLeft + (j * g.DilationWidth);
                            var target = destination.Slice(((i * g.KernelWidth) + j) * c, c);
                            if ((uint)h < (uint)g.Height && (uint)w < (uint)g.Width)
                            {
                                x.Slice((((n * g.Height) + h) * g.Width + w) * c, c).CopyTo(target);
                            }
                            else
                            {
                                target.Clear();
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// col2im, the adjoint of <see cref="Im2Col"/>: adds each column entry back onto the input element it was copied
    /// from (overlapping windows accumulate; padding entries are dropped). <paramref name="x"/> must start zeroed.
    /// </summary>
    public static void Col2Im(ReadOnlySpan<float> columns, Span<float> x, WindowGeometry g)
    {
        var c = g.Channels;
        var row = 0;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    var source = columns.Slice(row * g.WindowSize, g.WindowSize);
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        var h = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                        if ((uint)h >= (uint)g.Height)
                        {
                            continue;
                        }

                        for (var j = 0; j < g.KernelWidth; j++)
                        {
                            var w = (ow * g.StrideWidth) - g.PadLeft + (j * g.DilationWidth);
                            if ((uint)w < (uint)g.Width)
                            {
                                var target = x.Slice((((n * g.Height) + h) * g.Width + w) * c, c);
                                System.Numerics.Tensors.TensorPrimitives.Add(target, source.Slice(((i * g.KernelWidth) + j) * c, c), target);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// For each output element (n, oh, ow, c) of a max pooling, the flat index into <paramref name="x"/> of the
    /// window's maximum (the first one on a tie; padding never wins, as TensorFlow pads with −∞).
    /// </summary>
    public static void MaxPoolArgMax(ReadOnlySpan<float> x, Span<int> argMax, WindowGeometry g)
    {
        var c = g.Channels;
        var best = new float[c];
        var output = 0;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++, output += c)
                {
                    var indices = argMax.Slice(output, c);
                    best.AsSpan().Fill(float.NegativeInfinity);
                    indices.Fill(-1);
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        var h = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                        if ((uint)h >= (uint)g.Height)
                        {
                            continue;
                        }

                        for (var j = 0; j < g.KernelWidth; j++)
                        {
                            var w = (ow * g.StrideWidth) - g.PadLeft + (j * g.DilationWidth);
                            if ((uint)w >= (uint)g.Width)
                            {
                                continue;
                            }

                            var offset = (((n * g.Height) + h) * g.Width + w) * c;
                            var values = x.Slice(offset, c);
                            for (var k = 0; k < c; k++)
                            {
                                // A NaN wins (and stays), so a NaN input shows in the output instead of being pooled away.
                                if (indices[k] < 0 || values[k] > best[k] || (float.IsNaN(values[k]) && !float.IsNaN(best[k])))
                                {
                                    best[k] = values[k];
                                    indices[k] = offset + k;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Per output position, how many window elements lie inside the input (average pooling with "same" padding divides
    /// by this, as TensorFlow does, not by the full window).
    /// </summary>
    public static float[] InverseCounts(WindowGeometry g)
    {
        var inverse = new float[g.OutHeight * g.OutWidth];
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            var top = (oh * g.StrideHeight) - g.PadTop;
            var rows = Math.Min(top + g.KernelHeight, g.Height) - Math.Max(top, 0);
            for (var ow = 0; ow < g.OutWidth; ow++)
            {
                var left = (ow * g.StrideWidth) - g.PadLeft;
                var columns = Math.Min(left + g.KernelWidth, g.Width) - Math.Max(left, 0);
                inverse[(oh * g.OutWidth) + ow] = 1f / (rows * columns);
            }
        }

        return inverse;
    }
}
