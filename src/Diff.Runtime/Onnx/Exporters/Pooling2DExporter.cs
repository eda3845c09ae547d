namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>: ONNX <c>MaxPool</c>/<c>AveragePool</c> between
/// transposes to and from channels-first, with the layer's explicit pads. Padded positions never count: MaxPool skips
/// them, and AveragePool with <c>count_include_pad = 0</c> divides by the number of real elements in each window, as
/// TensorFlow's "same" average pooling does.
/// </summary>
internal abstract class Pooling2DExporter<TLayer> : OnnxLayerExporter<TLayer>
    where TLayer : Pooling2D
{
    /// <summary>The ONNX operator.</summary>
    protected abstract string OpType { get; }

    /// <summary>Attributes beyond the window's.</summary>
    protected virtual (string Name, object Value)[] Extra => [];

    /// <inheritdoc/>
    protected override string Export(TLayer layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        var pads = ChannelsLast.Pads($"ExportOnnx: layer '{layer.Name}' ({layer.TypeName})", sampleShape, layer.PoolSize.AsTuple(), layer.Strides.AsTuple(), (1, 1), layer.Padding);
        var x = ChannelsLast.ToChannelsFirst(graph, input, 2, layer.Name);
        var y = graph.Node(
            OpType,
            $"{layer.Name}/{OpType}",
            [x],
            [("kernel_shape", layer.PoolSize.ToArray()), ("strides", layer.Strides.ToArray()), ("pads", pads), .. Extra]);
        return ChannelsLast.ToChannelsLast(graph, y, 2, layer.Name);
    }
}
