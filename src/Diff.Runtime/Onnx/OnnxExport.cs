using DiffGen.Onnx.Exporters;

namespace DiffGen.Onnx;

/// <summary>
/// Turns a built <see cref="Sequential"/> into an ONNX model, layer by layer through <see cref="OnnxLayerExporters"/>.
/// </summary>
internal static class OnnxExport
{
    /// <summary>
    /// The operator set the graph uses: 17 (ONNX 1.12, 2022) has every operator the built-in layers need (Softmax and
    /// LogSoftmax along one axis, Erf for the exact GELU) and is read by every ONNX Runtime since 1.12, by ML.NET, and
    /// by the browser and mobile runtimes, where newer opsets are not yet everywhere.
    /// </summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with opset 17.</summary>
    public const long IrVersion = 8;

    /// <summary>The serialized ModelProto; throws <see cref="NotSupportedException"/> naming the first layer that cannot be exported.</summary>
    public static byte[] ToBytes(Model model, string inputName, string outputName)
    {
        if (model.FunctionalGraph is { } functional)
        {
            return FunctionalOnnxExport.ToBytes(model, functional, inputName, outputName);
        }

        if (model is not Sequential)
        {
            throw new NotSupportedException($"ExportOnnx: model '{model.Name}' is a {model.TypeName}; only Sequential and functional models can be exported.");
        }

        // Every layer is checked before anything is built, so the error names the first unsupported one.
        foreach (var layer in model.Layers)
        {
            if (OnnxLayerExporters.For(layer) is null)
            {
                throw new NotSupportedException(
                    $"ExportOnnx: layer '{layer.Name}' is a {layer.TypeName} ({layer.GetType().FullName}), which has no ONNX exporter; exportable layers: {OnnxLayerExporters.SupportedNames}.");
            }
        }

        var graph = new OnnxGraph();
        var input = graph.Reserve(inputName);
        var reservedOutput = graph.Reserve(outputName);
        var value = input;
        var shape = model.InputShape!;
        foreach (var layer in model.Layers)
        {
            value = OnnxLayerExporters.For(layer)!.Export(layer, graph, value, shape);
            shape = layer.ComputeOutputShape(shape);
        }

        // The last value gets the output's name through an Identity: layers name their nodes after themselves. (Node
        // would rename it, the name being reserved: the graph output was "output_1" until Output was used here.)
        var output = graph.Output(reservedOutput, value);
        return graph.ToModel(model.Name, input, model.InputShape!, output, shape, Opset, IrVersion);
    }
}
