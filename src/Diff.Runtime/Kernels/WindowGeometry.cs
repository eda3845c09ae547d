namespace DiffGen.Kernels;

/// <summary>
/// Where a sliding window (a convolution kernel or a pooling window) lands on a channels-last (N, H, W, C) input:
/// sizes, strides, dilation, the zero padding before each spatial axis, and the output size. Computed once per call
/// and shared by the forward kernel and its adjoint, so the two cannot disagree.
/// </summary>
internal sealed record WindowGeometry(
    int Batch,
    int Height,
    int Width,
    int Channels,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight,
    int StrideWidth,
    int DilationHeight,
    int DilationWidth,
    int PadTop,
    int PadLeft,
    int OutHeight,
    int OutWidth)
{
    /// <summary>The input shape (N, H, W, C).</summary>
    public Shape InputShape => new(Batch, Height, Width, Channels);

    /// <summary>Output positions over the whole batch: the rows of the im2col matrix.</summary>
    public int Positions => Batch * OutHeight * OutWidth;

    /// <summary>Elements one window covers: the columns of the im2col matrix.</summary>
    public int WindowSize => KernelHeight * KernelWidth * Channels;

    /// <summary>
    /// The geometry for <paramref name="input"/> (N, H, W, C) under TensorFlow's padding rules: <c>"valid"</c> pads
    /// nothing, <c>"same"</c> gives ⌈size / stride⌉ outputs with the padding split evenly (the extra one after),
    /// <c>"causal"</c> (Conv1D, width axis) pads (k − 1)·dilation before so no output sees a later input.
    /// <paramref name="inputText"/> is how errors show the input (a layer passes its samples' shape with a None batch).
    /// </summary>
    public static WindowGeometry Create(string op, Shape input, (int H, int W) kernel, (int H, int W) strides, (int H, int W) dilation, string padding, string? inputText = null)
    {
        inputText ??= input.ToString();
        if (input.Rank != 4)
        {
            throw new ArgumentException($"{op}: expects input of shape (batch, height, width, channels), got {inputText}.");
        }

        var (outH, padTop) = Axis(op, inputText, input[1], kernel.H, strides.H, dilation.H, padding == "causal" ? "valid" : padding);
        var (outW, padLeft) = Axis(op, inputText, input[2], kernel.W, strides.W, dilation.W, padding);
        return new WindowGeometry(input[0], input[1], input[2], input[3], kernel.H, kernel.W, strides.H, strides.W, dilation.H, dilation.W, padTop, padLeft, outH, outW);
    }

    private static (int Out, int PadBefore) Axis(string op, string input, int size, int kernel, int stride, int dilation, string padding)
    {
        var span = ((kernel - 1) * dilation) + 1;
        switch (padding)
        {
            case "valid":
                if (size < span)
                {
                    throw new ArgumentException($"{op}: input of shape {input} is smaller than the window ({span} with dilation) along an axis of size {size}; use padding \"same\" or a larger input.");
                }

                return (((size - span) / stride) + 1, 0);
            case "same":
                var outSame = (size + stride - 1) / stride;
                var total = Math.Max(((outSame - 1) * stride) + span - size, 0);
                return (outSame, total / 2);
            case "causal":
                var pad = span - 1;
                return (((size + pad - span) / stride) + 1, pad);
            default:
                throw new ArgumentException($"{op}: padding must be \"valid\" or \"same\"{(op.Contains("1D", StringComparison.Ordinal) ? " or \"causal\"" : string.Empty)}, got \"{padding}\".");
        }
    }
}
