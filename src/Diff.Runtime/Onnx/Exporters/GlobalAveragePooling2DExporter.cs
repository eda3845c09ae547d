namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="GlobalAveragePooling2D"/>: <c>ReduceMean</c> over height and width (axes an attribute in opset 17), keeping them when the layer does.</summary>
internal sealed class GlobalAveragePooling2DExporter : OnnxLayerExporter<GlobalAveragePooling2D>
{
    /// <inheritdoc/>
    protected override string Export(GlobalAveragePooling2D layer, OnnxGraph graph, string input, Shape sampleShape) =>
        graph.Node("ReduceMean", $"{layer.Name}/ReduceMean", [input], ("axes", new[] { 1, 2 }), ("keepdims", layer.Keepdims ? 1 : 0));
}
