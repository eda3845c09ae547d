namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="Conv1D"/>: ONNX <c>Conv</c> over one spatial axis between transposes to and from channels-first, the
/// kernel (k, in, out) stored as (out, in, k); "causal" padding is a pad at the start only.
/// </summary>
internal sealed class Conv1DExporter : OnnxLayerExporter<Conv1D>
{
    /// <inheritdoc/>
    protected override string Export(Conv1D layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        OnnxActivations.Check(layer.Activation, layer);

        // The layer computes its window as a 1×k one over a 1-pixel-high image; so does this.
        var pads = ChannelsLast.Pads($"ExportOnnx: layer '{layer.Name}' (Conv1D)", new Shape(1, sampleShape[0], sampleShape[1]), (1, layer.KernelSize), (1, layer.Strides), (1, layer.DilationRate), layer.Padding);
        var weight = graph.Initializer($"{layer.Name}/kernel", Ops.Transpose(layer.Kernel!.Peek(), [2, 1, 0]));
        var x = ChannelsLast.ToChannelsFirst(graph, input, 1, layer.Name);
        IReadOnlyList<string> inputs = layer.Bias is { } bias ? [x, weight, graph.Initializer($"{layer.Name}/bias", bias.Peek())] : [x, weight];
        var y = graph.Node(
            "Conv",
            $"{layer.Name}/Conv",
            inputs,
            ("kernel_shape", new[] { layer.KernelSize }),
            ("strides", new[] { layer.Strides }),
            ("dilations", new[] { layer.DilationRate }),
            ("pads", new[] { pads[1], pads[3] }));
        return OnnxActivations.Export(layer.Activation, graph, ChannelsLast.ToChannelsLast(graph, y, 1, layer.Name), layer.Name);
    }
}
