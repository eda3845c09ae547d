using DiffGen.Onnx.Exporters;

namespace DiffGen.Onnx;

/// <summary>
/// A functional model as an ONNX graph: its layer calls in the order they run, each through the same per-layer
/// exporters a <see cref="Sequential"/> uses, reading the ONNX values of the tensors it was called on; merge layers
/// become <c>Concat</c> and <c>Add</c>. A shared layer is written once per call (its weights as one initializer per
/// call: ONNX has no layers, only values). Inputs and outputs keep the given names when there is one of each, else
/// take their layers' names (the Input's, and the one that produced the output).
/// </summary>
internal static class FunctionalOnnxExport
{
    public static byte[] ToBytes(Model model, FunctionalGraph functional, string inputName, string outputName)
    {
        // Every call is checked before anything is built, so the error names the first layer that cannot be written.
        foreach (var node in functional.Nodes)
        {
            if (node.Layer is not (Concatenate or Add) && OnnxLayerExporters.For(node.Layer) is null)
            {
                throw new NotSupportedException(
                    $"ExportOnnx: layer '{node.Layer.Name}' is a {node.Layer.TypeName} ({node.Layer.GetType().FullName}), which has no ONNX exporter; exportable layers: {OnnxLayerExporters.SupportedNames}, Concatenate, Add.");
            }
        }

        var graph = new OnnxGraph();
        var values = new Dictionary<KerasTensor, string>();
        var inputs = new List<(string, Shape)>();
        foreach (var input in functional.Inputs)
        {
            var name = graph.Reserve(functional.Inputs.Count == 1 ? inputName : input.Layer.Name);
            values[input] = name;
            inputs.Add((name, input.Shape));
        }

        var outputNames = functional.Outputs.Select(o => graph.Reserve(functional.Outputs.Count == 1 ? outputName : o.Layer.Name)).ToList();
        foreach (var node in functional.Nodes)
        {
            var read = node.Inputs.Select(t => values[t]).ToList();
            values[node.Output] = node.Layer switch
            {
                // Keras counts the axis with the batch axis, as ONNX does; a negative one is fine for both.
                Concatenate concatenate => graph.Node("Concat", $"{node.Layer.Name}/Concat", read, ("axis", (long)concatenate.Axis)),
                Add => read.Skip(1).Aggregate(read[0], (sum, next) => graph.Node("Add", $"{node.Layer.Name}/Add", [sum, next])),
                _ => OnnxLayerExporters.For(node.Layer)!.Export(node.Layer, graph, read[0], node.Inputs[0].Shape),
            };
        }

        var outputs = functional.Outputs.Select((o, i) => (graph.Output(outputNames[i], values[o]), o.Shape)).ToList();
        return graph.ToModel(model.Name, inputs, outputs, OnnxExport.Opset, OnnxExport.IrVersion);
    }
}
