namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="Reshape"/>: ONNX <c>Reshape</c> to (0, output sample shape) — 0 copies the dynamic batch dimension, and
/// the sample shape is the layer's own, any −1 already resolved.
/// </summary>
internal sealed class ReshapeExporter : OnnxLayerExporter<Reshape>
{
    /// <inheritdoc/>
    protected override string Export(Reshape layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        var output = layer.ComputeOutputShape(sampleShape);
        var shape = graph.Int64Initializer($"{layer.Name}/shape", [0L, .. output.Dimensions.ToArray().Select(d => (long)d)]);
        return graph.Node("Reshape", layer.Name, [input, shape]);
    }
}
