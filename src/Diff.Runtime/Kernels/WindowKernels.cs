using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Kernels;

/// <summary>
/// The loops behind convolution and pooling on channels-last tensors. Every inner step moves a run of C contiguous
/// channel values with span copies or TensorPrimitives, so the per-element cost is that of a memory copy.
/// </summary>
internal static class WindowKernels
{
    /// <summary>
    /// im2col matrices of at least this many floats (8 MB) are written by the kernel threads together. It is a copy,
    /// bound by memory, not by arithmetic as the elementwise maps that split from <see cref="ChunkedWork.ParallelThreshold"/>:
    /// measured in LeNet's training step (paired runner, two cores shared with other work), LeNet's first im2col
    /// (921,600 floats) took 1.8 ms split over two threads against 1.3 ms on one, the second (614,400) 0.42 against 0.18 ms.
    /// </summary>
    private const int ParallelCopyFloats = 1 << 21;

    /// <summary>
    /// im2col: row p = (n, oh, ow) of the result holds the window under output position p, column (i, j, c) in the
    /// order of a (kh, kw, in) kernel, with zeros where the window hangs over the padding. A convolution is then one
    /// GEMM of this matrix with the kernel reshaped to (kh·kw·in, filters).
    /// </summary>
    public static unsafe void Im2Col(ReadOnlySpan<float> x, Span<float> columns, WindowGeometry g)
    {
        if (g.DilationWidth == 1 && Avx.IsSupported)
        {
            fixed (float* px = x, pc = columns)
            {
                if (columns.Length >= ParallelCopyFloats && Gemm.MaxDegreeOfParallelism > 1)
                {
                    new Im2ColWork(px, pc, g).Run();
                }
                else
                {
                    Im2ColRuns(px, pc, g, 0, g.Positions);
                }
            }

            return;
        }

        var run = g.KernelWidth * g.Channels;
        var row = 0;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    var w0 = (ow * g.StrideWidth) - g.PadLeft;
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        var h = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                        var target = columns.Slice((row * g.WindowSize) + (i * run), run);
                        if ((uint)h >= (uint)g.Height)
                        {
                            target.Clear();
                            continue;
                        }

                        var source = x.Slice(((n * g.Height) + h) * g.Width * g.Channels);
                        if (g.DilationWidth == 1)
                        {
                            // Undilated: the taps of one kernel row are one contiguous run of the input row.
                            var (first, end) = InsideTaps(w0, g.KernelWidth, g.Width);
                            target[..(first * g.Channels)].Clear();
                            if (end > first)
                            {
                                source.Slice((w0 + first) * g.Channels, (end - first) * g.Channels).CopyTo(target[(first * g.Channels)..]);
                            }

                            target[(end * g.Channels)..].Clear();
                            continue;
                        }

                        for (var j = 0; j < g.KernelWidth; j++)
                        {
                            var w = w0 + (j * g.DilationWidth);
                            var tap = target.Slice(j * g.Channels, g.Channels);
                            if ((uint)w < (uint)g.Width)
                            {
                                source.Slice(w * g.Channels, g.Channels).CopyTo(tap);
                            }
                            else
                            {
                                tap.Clear();
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Im2Col"/> without dilation along the width: each kernel row's taps are one contiguous run of the input
    /// row, copied with Vector256 moves (the last 1–7 floats masked) rather than a <c>CopyTo</c> call per run, which
    /// costs more than the copy for the short runs of a small kernel over few channels (5 floats for LeNet's first
    /// convolution). Windows that hang over the padding fall back to the clearing and partial copies.
    /// </summary>
    internal static unsafe void Im2ColRuns(float* px, float* pc, WindowGeometry g, int firstRow, int endRow)
    {
        int run = g.KernelWidth * g.Channels, c = g.Channels, height = g.Height, width = g.Width, windowSize = g.WindowSize;
        int kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth, outHeight = g.OutHeight, outWidth = g.OutWidth;
        int strideHeight = g.StrideHeight, strideWidth = g.StrideWidth, padTop = g.PadTop, padLeft = g.PadLeft, dilationHeight = g.DilationHeight;
        var tail = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(run % 8)).AsSingle();
        var whole = run - (run % 8);

        // The last 1–7 floats of a run may be moved as a whole Vector256 when the 8 floats read stay inside x and the
        // ones written past the run stay inside these rows: the run written next (this row's next kernel row, or the
        // next row's first) overwrites them, every path below writing a whole run. A masked store costs more than a
        // plain one, and LeNet's first convolution is nothing but 5-float runs.
        float* rowsEnd = pc + ((long)endRow * windowSize);
        float* xEnd = px + ((long)g.Batch * height * width * c);
        int ow = firstRow % outWidth, oh = firstRow / outWidth % outHeight, n = firstRow / outWidth / outHeight;
        for (long row = firstRow; row < endRow; row++)
        {
            if (row > firstRow && ++ow == outWidth)
            {
                ow = 0;
                if (++oh == outHeight)
                {
                    oh = 0;
                    n++;
                }
            }

            var w0 = (ow * strideWidth) - padLeft;
            var (first, end) = InsideTaps(w0, kernelWidth, width);

            // A window inside the input with runs shorter than a vector (LeNet's first convolution: 5 floats): one
            // unmasked Vector256 per kernel row, the bounds above checked once for the whole row of the matrix.
            var top = (oh * strideHeight) - padTop;
            if (run < 8 && first == 0 && end == kernelWidth && top >= 0 && top + ((kernelHeight - 1) * dilationHeight) < height)
            {
                float* into = pc + (row * windowSize);
                float* from = px + ((((long)n * height) + top) * width * c) + ((long)w0 * c);
                long step = (long)dilationHeight * width * c;
                if (into + windowSize - run + 8 <= rowsEnd && from + (step * (kernelHeight - 1)) + 8 <= xEnd)
                {
                    for (var i = 0; i < kernelHeight; i++, from += step, into += run)
                    {
                        Vector256.Store(Vector256.Load(from), into);
                    }

                    continue;
                }
            }

            for (var i = 0; i < kernelHeight; i++)
            {
                var h = top + (i * dilationHeight);
                float* target = pc + (row * windowSize) + (i * run);
                if ((uint)h >= (uint)height || end == first)
                {
                    new Span<float>(target, run).Clear();
                    continue;
                }

                float* source = px + ((((long)n * height) + h) * width * c) + ((long)(w0 + first) * c);
                if (first == 0 && end == kernelWidth)
                {
                    var j = 0;
                    for (; j < whole; j += 8)
                    {
                        Vector256.Store(Vector256.Load(source + j), target + j);
                    }

                    if (j < run)
                    {
                        if (target + j + 8 <= rowsEnd && source + j + 8 <= xEnd)
                        {
                            Vector256.Store(Vector256.Load(source + j), target + j);
                        }
                        else
                        {
                            Avx.MaskStore(target + j, tail, Avx.MaskLoad(source + j, tail));
                        }
                    }

                    continue;
                }

                var span = new Span<float>(target, run);
                span[..(first * c)].Clear();
                new ReadOnlySpan<float>(source, (end - first) * c).CopyTo(span[(first * c)..]);
                span[(end * c)..].Clear();
            }
        }
    }

    /// <summary>
    /// col2im, the adjoint of <see cref="Im2Col"/>: adds each column entry back onto the input element it was copied
    /// from (overlapping windows accumulate; padding entries are dropped). <paramref name="x"/> must start zeroed.
    /// </summary>
    public static unsafe void Col2Im(ReadOnlySpan<float> columns, Span<float> x, WindowGeometry g)
    {
        var run = g.KernelWidth * g.Channels;
        var row = 0;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    var w0 = (ow * g.StrideWidth) - g.PadLeft;
                    for (var i = 0; i < g.KernelHeight; i++)
                    {
                        var h = (oh * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                        if ((uint)h >= (uint)g.Height)
                        {
                            continue;
                        }

                        var source = columns.Slice((row * g.WindowSize) + (i * run), run);
                        var target = x.Slice(((n * g.Height) + h) * g.Width * g.Channels);
                        if (g.DilationWidth == 1)
                        {
                            var (first, end) = InsideTaps(w0, g.KernelWidth, g.Width);
                            if (end == first)
                            {
                                continue;
                            }

                            var length = (end - first) * g.Channels;
                            var into = target.Slice((w0 + first) * g.Channels, length);
                            fixed (float* pInto = into, pFrom = source.Slice(first * g.Channels, length))
                            {
                                AddInto(pInto, pFrom, length);
                            }

                            continue;
                        }

                        for (var j = 0; j < g.KernelWidth; j++)
                        {
                            var w = w0 + (j * g.DilationWidth);
                            if ((uint)w < (uint)g.Width)
                            {
                                var into = target.Slice(w * g.Channels, g.Channels);
                                TensorPrimitives.Add(into, source.Slice(j * g.Channels, g.Channels), into);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// into[j] += from[j] for a short run (a kernel row of a window: 30 floats in LeNet's second convolution), inline:
    /// a <c>TensorPrimitives.Add</c> call per run cost more than its adds. The same sum per element.
    /// </summary>
    private static unsafe void AddInto(float* into, float* from, int length)
    {
        var j = 0;
        for (; j + 8 <= length; j += 8)
        {
            Vector256.Store(Vector256.Load(into + j) + Vector256.Load(from + j), into + j);
        }

        for (; j < length; j++)
        {
            into[j] += from[j];
        }
    }

    /// <summary>
    /// Max pooling in one pass: y[n, oh, ow, c] is the window's maximum and <paramref name="argMax"/> the flat index into
    /// <paramref name="x"/> it came from: the first one on a tie; a NaN wins and stays; padding never wins, as TensorFlow
    /// pads with −∞ (every window of a "valid" or "same" pooling covers at least one input element). Geometry read once
    /// into locals, pointers in the loops.
    /// </summary>
    public static unsafe void MaxPool(ReadOnlySpan<float> x, Span<float> y, Span<int> argMax, WindowGeometry g)
    {
        int c = g.Channels, height = g.Height, width = g.Width, outHeight = g.OutHeight, outWidth = g.OutWidth;
        int kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth, strideHeight = g.StrideHeight, strideWidth = g.StrideWidth;
        int padTop = g.PadTop, padLeft = g.PadLeft, dilationHeight = g.DilationHeight, dilationWidth = g.DilationWidth;
        var window = kernelHeight * kernelWidth;
        Span<int> taps = window <= 256 ? stackalloc int[window] : new int[window];
        fixed (float* px = x, py = y)
        fixed (int* pi = argMax, pt = taps)
        {
            long output = 0;
            for (var n = 0; n < g.Batch; n++)
            {
                for (var oh = 0; oh < outHeight; oh++)
                {
                    for (var ow = 0; ow < outWidth; ow++, output += c)
                    {
                        // The window's taps inside the input, in window order (row by row).
                        var count = 0;
                        for (var i = 0; i < kernelHeight; i++)
                        {
                            var h = (oh * strideHeight) - padTop + (i * dilationHeight);
                            if ((uint)h >= (uint)height)
                            {
                                continue;
                            }

                            for (var j = 0; j < kernelWidth; j++)
                            {
                                var w = (ow * strideWidth) - padLeft + (j * dilationWidth);
                                if ((uint)w < (uint)width)
                                {
                                    pt[count++] = (((n * height) + h) * width + w) * c;
                                }
                            }
                        }

                        if (c >= 4)
                        {
                            // Four channels at a time in Vector128 lanes, the last group overlapping the one before
                            // when c is not a multiple of 4 (those lanes get the same answer twice).
                            for (var k = 0; k < c; k += 4)
                            {
                                var start = Math.Min(k, c - 4);
                                var lane = Vector128.Create(start, start + 1, start + 2, start + 3);
                                var index = Vector128.Create(pt[0]) + lane;
                                var best = Vector128.Load(px + pt[0] + start);
                                for (var t = 1; t < count; t++)
                                {
                                    var value = Vector128.Load(px + pt[t] + start);
                                    // Larger wins; a NaN wins over a number and then stays, so it shows in the output.
                                    var take = Vector128.GreaterThan(value, best)
                                        | (~Vector128.Equals(value, value) & Vector128.Equals(best, best));
                                    best = Vector128.ConditionalSelect(take, value, best);
                                    index = Vector128.ConditionalSelect(take.AsInt32(), Vector128.Create(pt[t]) + lane, index);
                                }

                                best.Store(py + output + start);
                                index.Store(pi + output + start);
                            }

                            continue;
                        }

                        // Per channel, a branch-free scan (selects, not jumps: which tap wins is data, and unpredictable).
                        for (var k = 0; k < c; k++)
                        {
                            var index = pt[0] + k;
                            var best = px[index];
                            for (var t = 1; t < count; t++)
                            {
                                var at = pt[t] + k;
                                var value = px[at];
                                // Larger wins; a NaN wins over a number and then stays, so it shows in the output.
                                var take = (value > best) | (float.IsNaN(value) & !float.IsNaN(best));
                                best = take ? value : best;
                                index = take ? at : index;
                            }

                            py[output + k] = best;
                            pi[output + k] = index;
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

    /// <summary>The taps [first, end) of an undilated window row starting at column <paramref name="w0"/> that fall inside the input (first ≤ end).</summary>
    private static (int First, int End) InsideTaps(int w0, int kernelWidth, int width)
    {
        var first = Math.Clamp(-w0, 0, kernelWidth);
        var end = Math.Clamp(width - w0, first, kernelWidth);
        return (first, end);
    }
}

/// <summary>
/// <see cref="WindowKernels.Im2Col"/> on the kernel threads: items are rows of the im2col matrix (output positions),
/// each written whole by one thread. The pointers are pinned by the caller, which returns only when every thread has left.
/// </summary>
internal sealed unsafe class Im2ColWork(float* x, float* columns, WindowGeometry g) : ChunkedWork(g.Positions, itemCost: g.WindowSize)
{
    /// <inheritdoc/>
    protected override void Loop(int start, int length) => WindowKernels.Im2ColRuns(x, columns, g, start, start + length);
}
