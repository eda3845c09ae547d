namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="Dense"/>: <c>MatMul</c> by the kernel, <c>Add</c> of the bias, then the activation. MatMul rather than
/// Gemm because MatMul also takes inputs of rank above 2 (multiplied along the last axis, as the layer does).
/// </summary>
internal sealed class DenseExporter : OnnxLayerExporter<Dense>
{
    /// <inheritdoc/>
    protected override string Export(Dense layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        // Checked before anything is added, so that the error comes before any work.
        OnnxActivations.Check(layer.Activation, layer);
        var kernel = graph.Initializer($"{layer.Name}/kernel", layer.Kernel!.Peek());
        var output = graph.Node("MatMul", $"{layer.Name}/MatMul", [input, kernel]);
        if (layer.Bias is { } bias)
        {
            output = graph.Node("Add", $"{layer.Name}/BiasAdd", [output, graph.Initializer($"{layer.Name}/bias", bias.Peek())]);
        }

        return OnnxActivations.Export(layer.Activation, graph, output, layer.Name);
    }
}
