namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="Conv2D"/>: ONNX <c>Conv</c> between transposes to and from channels-first, with the kernel
/// (kh, kw, in, out) stored as ONNX's (out, in, kh, kw), explicit pads, strides and dilations, then the activation.
/// </summary>
internal sealed class Conv2DExporter : OnnxLayerExporter<Conv2D>
{
    /// <inheritdoc/>
    protected override string Export(Conv2D layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        OnnxActivations.Check(layer.Activation, layer);
        var pads = ChannelsLast.Pads($"ExportOnnx: layer '{layer.Name}' (Conv2D)", sampleShape, layer.KernelSize.AsTuple(), layer.Strides.AsTuple(), layer.DilationRate.AsTuple(), layer.Padding);
        var weight = graph.Initializer($"{layer.Name}/kernel", Ops.Transpose(layer.Kernel!.Peek(), [3, 2, 0, 1]));
        var x = ChannelsLast.ToChannelsFirst(graph, input, 2, layer.Name);
        IReadOnlyList<string> inputs = layer.Bias is { } bias ? [x, weight, graph.Initializer($"{layer.Name}/bias", bias.Peek())] : [x, weight];
        var y = graph.Node(
            "Conv",
            $"{layer.Name}/Conv",
            inputs,
            ("kernel_shape", layer.KernelSize.ToArray()),
            ("strides", layer.Strides.ToArray()),
            ("dilations", layer.DilationRate.ToArray()),
            ("pads", pads));
        return OnnxActivations.Export(layer.Activation, graph, ChannelsLast.ToChannelsLast(graph, y, 2, layer.Name), layer.Name);
    }
}
