using DiffGen.Kernels;

namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution of a channels-last batch <paramref name="x"/> (N, H, W, C) with a <paramref name="kernel"/> of
    /// shape (kh, kw, C, filters) — <c>tf.nn.conv2d</c> (a cross-correlation, as in every deep-learning library).
    /// Computed as im2col followed by one GEMM; the gradient flows back through the GEMM and col2im.
    /// </summary>
    /// <param name="x">The input, (N, H, W, C).</param>
    /// <param name="kernel">The filters, (kh, kw, C, filters).</param>
    /// <param name="strides">The step between windows; default (1, 1).</param>
    /// <param name="padding"><c>"valid"</c> (no padding) or <c>"same"</c> (⌈size / stride⌉ outputs).</param>
    /// <param name="dilationRate">The spacing between kernel taps; default (1, 1).</param>
    public static Tensor Conv2D(Tensor x, Tensor kernel, (int H, int W)? strides = null, string padding = "valid", (int H, int W)? dilationRate = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        return Conv2DCore("Conv2D", x, kernel, strides ?? (1, 1), padding, dilationRate ?? (1, 1));
    }

    /// <summary>
    /// 1-D convolution of a channels-last batch <paramref name="x"/> (N, L, C) with a <paramref name="kernel"/> of
    /// shape (k, C, filters) — <c>tf.nn.conv1d</c>; <paramref name="padding"/> may also be <c>"causal"</c>.
    /// </summary>
    public static Tensor Conv1D(Tensor x, Tensor kernel, int strides = 1, string padding = "valid", int dilationRate = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        if (x.Rank != 3 || kernel.Rank != 3)
        {
            throw new ArgumentException($"Conv1D: expects input (batch, steps, channels) and kernel (size, channels, filters); got input {x.Shape} and kernel {kernel.Shape}.");
        }

        // A 1-D convolution is a 2-D one of height 1.
        var x4 = Reshape(x, x.Shape[0], 1, x.Shape[1], x.Shape[2]);
        var k4 = ReshapeCore(kernel, [1, kernel.Shape[0], kernel.Shape[1], kernel.Shape[2]], transient: true);
        var y = Conv2DCore("Conv1D", x4, k4, (1, strides), padding, (1, dilationRate));
        return Reshape(y, y.Shape[0], y.Shape[2], y.Shape[3]);
    }

    /// <summary>The maximum of each window of a channels-last batch (N, H, W, C), per channel — <c>tf.nn.max_pool2d</c>.</summary>
    public static Tensor MaxPool2D(Tensor x, (int H, int W) poolSize, (int H, int W)? strides = null, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        var g = WindowGeometry.Create("MaxPool2D", x.Shape, poolSize, strides ?? poolSize, (1, 1), padding);
        var shape = new Shape(g.Batch, g.OutHeight, g.OutWidth, g.Channels);

        // The indices of the maxima live in a float tensor's memory (int bits): pooled like any tensor's, and released
        // with the step's scope, after which the pullback, which reads them, throws as any use of a released tensor.
        var indices = new Tensor(TensorBufferPool.Rent(shape.Size), shape);
        var values = TensorBufferPool.Rent(shape.Size);
        WindowKernels.MaxPool(x.Data, values, Indices(indices), g);
        var y = new Tensor(values, shape);

        // The result is x gathered at the window maxima, so the gradient goes to exactly those elements.
        return TapeRecorder.Record("MaxPool2D", y, [x], (dy, _) => [ScatterAt(dy, indices, x.Shape)]);
    }

    /// <summary>The int indices a tensor made by <see cref="MaxPool2D"/> holds as bits.</summary>
    private static Span<int> Indices(Tensor indices) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(indices.Data.AsSpan());

    /// <summary>Zeros of <paramref name="shape"/> with element k of <paramref name="x"/> added at index k of <paramref name="indices"/>; its pullback gathers.</summary>
    private static Tensor ScatterAt(Tensor x, Tensor indices, Shape shape)
    {
        var result = TensorBufferPool.RentZeroed(shape.Size);
        ReadOnlySpan<int> at = Indices(indices);
        var source = x.Data;
        for (var k = 0; k < source.Length; k++)
        {
            result[at[k]] += source[k];
        }

        var y = new Tensor(result, shape);
        return TapeRecorder.Record("ScatterAt", y, [x], (dy, _) => [GatherAt(dy, indices, x.Shape)]);
    }

    /// <summary>Element k of the result is <paramref name="x"/> at index k of <paramref name="indices"/>; its pullback scatters.</summary>
    private static Tensor GatherAt(Tensor x, Tensor indices, Shape shape)
    {
        var result = TensorBufferPool.Rent(shape.Size);
        ReadOnlySpan<int> at = Indices(indices);
        var source = x.Data;
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = source[at[k]];
        }

        var y = new Tensor(result, shape);
        return TapeRecorder.Record("GatherAt", y, [x], (dy, _) => [ScatterAt(dy, indices, x.Shape)]);
    }

    /// <summary>
    /// The mean of each window of a channels-last batch (N, H, W, C), per channel — <c>tf.nn.avg_pool2d</c>; with
    /// <c>"same"</c> padding a window on the border is averaged over the elements it covers, as TensorFlow does.
    /// </summary>
    public static Tensor AvgPool2D(Tensor x, (int H, int W) poolSize, (int H, int W)? strides = null, string padding = "valid")
    {
        ArgumentNullException.ThrowIfNull(x);
        var g = WindowGeometry.Create("AvgPool2D", x.Shape, poolSize, strides ?? poolSize, (1, 1), padding);
        var windows = Reshape(Im2Col(x, g), g.Positions, g.KernelHeight * g.KernelWidth, g.Channels);
        var sums = Reshape(ReduceSum(windows, axis: 1), g.Batch, g.OutHeight, g.OutWidth, g.Channels);
        var inverse = new Tensor(WindowKernels.InverseCounts(g), new Shape(1, g.OutHeight, g.OutWidth, 1));
        return sums * inverse;
    }

    private static Tensor Conv2DCore(string op, Tensor x, Tensor kernel, (int H, int W) strides, string padding, (int H, int W) dilation)
    {
        if (x.Rank != 4 || kernel.Rank != 4)
        {
            throw new ArgumentException($"{op}: expects input (batch, height, width, channels) and kernel (height, width, channels, filters); got input {x.Shape} and kernel {kernel.Shape}.");
        }

        if (kernel.Shape[2] != x.Shape[3])
        {
            throw new ArgumentException($"{op}: the input {x.Shape} has {x.Shape[3]} channels but the kernel {kernel.Shape} expects {kernel.Shape[2]}.");
        }

        if (strides.H < 1 || strides.W < 1 || dilation.H < 1 || dilation.W < 1)
        {
            throw new ArgumentException($"{op}: strides {strides} and dilation {dilation} must be at least 1.");
        }

        var g = WindowGeometry.Create(op, x.Shape, (kernel.Shape[0], kernel.Shape[1]), strides, dilation, padding);
        var filters = kernel.Shape[3];
        var isPointwise = g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1;

        // A 1×1 convolution with unit strides is a plain matrix product: im2col would only copy x.
        var columns = isPointwise ? Reshape(x, g.Positions, g.Channels) : Im2Col(x, g);
        var y = MatMul(columns, ReshapeCore(kernel, [g.WindowSize, filters], transient: true));
        return Reshape(y, g.Batch, g.OutHeight, g.OutWidth, filters);
    }

    /// <summary>The im2col matrix (positions, kh·kw·C) of x under <paramref name="g"/>; its pullback is col2im.</summary>
    private static Tensor Im2Col(Tensor x, WindowGeometry g)
    {
        var columns = TensorBufferPool.Rent(g.Positions * g.WindowSize);
        WindowKernels.Im2Col(x.Data, columns, g);
        var y = new Tensor(columns, new Shape(g.Positions, g.WindowSize));
        return TapeRecorder.Record("Im2Col", y, [x], (dy, _) => [Col2Im(dy, g)]);
    }

    /// <summary>col2im, the adjoint of <see cref="Im2Col"/>; linear, so its pullback is im2col.</summary>
    private static Tensor Col2Im(Tensor columns, WindowGeometry g)
    {
        var x = TensorBufferPool.RentZeroed(g.Batch * g.Height * g.Width * g.Channels);
        WindowKernels.Col2Im(columns.Data, x, g);
        var y = new Tensor(x, g.InputShape);
        return TapeRecorder.Record("Col2Im", y, [columns], (dy, _) => [Im2Col(dy, g)]);
    }
}
