namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="Flatten"/>: ONNX <c>Flatten</c> with axis 1 keeps the batch axis and joins the rest, as the layer does.</summary>
internal sealed class FlattenExporter : OnnxLayerExporter<Flatten>
{
    /// <inheritdoc/>
    protected override string Export(Flatten layer, OnnxGraph graph, string input, Shape sampleShape) =>
        graph.Node("Flatten", layer.Name, [input], ("axis", 1));
}
