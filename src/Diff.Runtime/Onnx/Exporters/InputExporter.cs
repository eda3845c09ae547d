namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="Input"/> only declares the sample shape, which the graph's input already carries: no node.</summary>
internal sealed class InputExporter : OnnxLayerExporter<Input>
{
    /// <inheritdoc/>
    protected override string Export(Input layer, OnnxGraph graph, string input, Shape sampleShape) => input;
}
