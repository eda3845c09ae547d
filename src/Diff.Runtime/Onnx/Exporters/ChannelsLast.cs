namespace DiffGen.Onnx.Exporters;

/// <summary>
/// DiffGen's layers are channels-last (Keras' default) and ONNX's Conv and pooling operators channels-first: an exporter
/// of a windowed layer transposes into NC… before the operator and back after it, and gives the operator explicit pads
/// computed as the layer computes them (<see cref="Kernels.WindowGeometry"/>: TensorFlow's "same" puts the odd pixel at
/// the end, "causal" pads only the start).
/// </summary>
internal static class ChannelsLast
{
    /// <summary>(batch, spatial…, channels) → (batch, channels, spatial…).</summary>
    public static string ToChannelsFirst(OnnxGraph graph, string input, int spatialRank, string layer) =>
        graph.Node("Transpose", $"{layer}/ToChannelsFirst", [input], ("perm", spatialRank == 1 ? new[] { 0, 2, 1 } : new[] { 0, 3, 1, 2 }));

    /// <summary>(batch, channels, spatial…) → (batch, spatial…, channels).</summary>
    public static string ToChannelsLast(OnnxGraph graph, string input, int spatialRank, string layer) =>
        graph.Node("Transpose", $"{layer}/ToChannelsLast", [input], ("perm", spatialRank == 1 ? new[] { 0, 2, 1 } : new[] { 0, 2, 3, 1 }));

    /// <summary>
    /// ONNX pads (all begins, then all ends) of a window over channels-last samples of <paramref name="sampleShape"/>
    /// (height, width, channels), from the geometry the layer itself uses.
    /// </summary>
    public static int[] Pads(string what, Shape sampleShape, (int H, int W) kernel, (int H, int W) strides, (int H, int W) dilation, string padding)
    {
        var g = Kernels.WindowGeometry.Create(what, new Shape([1, .. sampleShape.Dimensions]), kernel, strides, dilation, padding);
        var bottom = End(g.Height, g.KernelHeight, g.StrideHeight, g.DilationHeight, g.PadTop, g.OutHeight);
        var right = End(g.Width, g.KernelWidth, g.StrideWidth, g.DilationWidth, g.PadLeft, g.OutWidth);
        return [g.PadTop, g.PadLeft, bottom, right];
    }

    /// <summary>The padding after the last element that the last window reaches (0 when it ends inside the input).</summary>
    private static int End(int size, int kernel, int stride, int dilation, int before, int outputs) =>
        Math.Max(0, ((outputs - 1) * stride) + ((kernel - 1) * dilation) + 1 - size - before);
}
