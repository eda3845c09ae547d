namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="LeakyReLU"/>: ONNX <c>LeakyRelu</c>, whose <c>alpha</c> is the negative slope (used as float32, as the layer does).</summary>
internal sealed class LeakyReLUExporter : OnnxLayerExporter<LeakyReLU>
{
    /// <inheritdoc/>
    protected override string Export(LeakyReLU layer, OnnxGraph graph, string input, Shape sampleShape) =>
        graph.Node("LeakyRelu", layer.Name, [input], ("alpha", (float)layer.NegativeSlope));
}
