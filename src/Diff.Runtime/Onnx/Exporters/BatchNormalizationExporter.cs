namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="BatchNormalization"/> in inference mode, as <see cref="O:DiffGen.Model.Predict"/> runs it:
/// <c>(x − moving_mean) / √(moving_variance + ε) · γ + β</c> in elementwise operators, the statistics shaped
/// (channels, 1, …) to broadcast over the layer's axis wherever it is (ONNX's BatchNormalization wants channels on
/// axis 1, which channels-last data does not have), in the same order of float operations as the layer.
/// </summary>
internal sealed class BatchNormalizationExporter : OnnxLayerExporter<BatchNormalization>
{
    /// <inheritdoc/>
    protected override string Export(BatchNormalization layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        var axis = NormalizationAxes.SampleAxis($"ExportOnnx: layer '{layer.Name}' (BatchNormalization)", layer.Axis, sampleShape);
        var channels = sampleShape[axis - 1];
        var broadcast = new Shape([channels, .. Enumerable.Repeat(1, sampleShape.Rank - axis)]);
        string Constant(string name, Variable variable) => graph.Initializer($"{layer.Name}/{name}", Tensor.From(variable.Peek().ToArray(), broadcast));

        var centered = graph.Node("Sub", $"{layer.Name}/Center", [input, Constant("moving_mean", layer.MovingMean!)]);
        var variance = graph.Node("Add", $"{layer.Name}/VariancePlusEpsilon", [Constant("moving_variance", layer.MovingVariance!), graph.Scalar($"{layer.Name}/epsilon", (float)layer.Epsilon)]);
        var y = graph.Node("Div", $"{layer.Name}/Normalize", [centered, graph.Node("Sqrt", $"{layer.Name}/Deviation", [variance])]);
        if (layer.Gamma is { } gamma)
        {
            y = graph.Node("Mul", $"{layer.Name}/Scale", [y, Constant("gamma", gamma)]);
        }

        if (layer.Beta is { } beta)
        {
            y = graph.Node("Add", $"{layer.Name}/Shift", [y, Constant("beta", beta)]);
        }

        return y;
    }
}
