namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="Dropout"/> is the identity at inference, which is all an exported model does; an <c>Identity</c> node
/// (rather than nothing) keeps the layer visible in the graph.
/// </summary>
internal sealed class DropoutExporter : OnnxLayerExporter<Dropout>
{
    /// <inheritdoc/>
    protected override string Export(Dropout layer, OnnxGraph graph, string input, Shape sampleShape) =>
        graph.Node("Identity", layer.Name, [input]);
}
