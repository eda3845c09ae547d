using System.Globalization;
using System.Text;

namespace DiffGen;

/// <summary>
/// Keras 3's <c>model.summary()</c> of a functional model: <see cref="ModelSummary"/>'s table with a fourth column,
/// "Connected to", listing for each layer the tensors its calls read as <c>layer[node][tensor]</c> (<c>-</c> for an
/// input), one per line; the InputLayers have rows of their own.
/// </summary>
internal static class FunctionalSummary
{
    private const int NameWidth = 31;
    private const int ShapeWidth = 22;
    private const int ParamsWidth = 13;
    private const int ConnectedWidth = 22;

    public static string Render(Model model, FunctionalGraph graph)
    {
        var text = new StringBuilder();
        text.AppendLine($"Model: \"{model.Name}\"");
        text.AppendLine(Rule('┏', '━', '┳', '┓'));
        text.AppendLine(Row('┃', "Layer (type)", "Output Shape", "Param #", "Connected to"));
        text.AppendLine(Rule('┡', '━', '╇', '┩'));
        for (var i = 0; i < graph.Layers.Count; i++)
        {
            var layer = graph.Layers[i];
            var calls = layer.InboundNodes.Where(n => n.IsInput || graph.Nodes.Contains(n)).ToList();

            // As Keras: the last call's output shape; every call's inputs, each with the call index within this model.
            var shape = LayerShapes.WithNoneBatch(calls[^1].Output.Shape);
            var connections = calls.SelectMany(n => n.Inputs).Select(t => $"{t.Layer.Name}[{CallIndex(t.Node, graph)}][0]").ToList();
            var lines = connections.Count == 0
                ? ["-"]
                : connections.Select((c, k) => k < connections.Count - 1 ? c + "," : c).ToList();
            var parameters = layer.CountParams().ToString("N0", CultureInfo.InvariantCulture);
            text.AppendLine(Row('│', $"{layer.Name} ({layer.TypeName})", shape, parameters, lines[0]));
            foreach (var line in lines.Skip(1))
            {
                text.AppendLine(Row('│', string.Empty, string.Empty, string.Empty, line));
            }

            if (i < graph.Layers.Count - 1)
            {
                text.AppendLine(Rule('├', '─', '┼', '┤'));
            }
        }

        text.AppendLine(Rule('└', '─', '┴', '┘'));
        var trainable = model.TrainableVariables.Sum(v => v.Shape.Size);
        var total = model.CountParams();
        text.AppendLine($" Total params: {ModelSummary.Count(total)}");
        text.AppendLine($" Trainable params: {ModelSummary.Count(trainable)}");
        text.AppendLine($" Non-trainable params: {ModelSummary.Count(total - trainable)}");
        return text.ToString();
    }

    /// <summary>A call's index among its layer's calls in this model (Keras renumbers them per model).</summary>
    private static int CallIndex(Node node, FunctionalGraph graph) =>
        node.Layer.InboundNodes.Where(n => n.IsInput || graph.Nodes.Contains(n)).ToList().IndexOf(node);

    private static string Rule(char left, char line, char cross, char right) =>
        $"{left}{new string(line, NameWidth + 2)}{cross}{new string(line, ShapeWidth + 2)}{cross}{new string(line, ParamsWidth + 2)}{cross}{new string(line, ConnectedWidth + 2)}{right}";

    private static string Row(char bar, string name, string shape, string parameters, string connected) =>
        $"{bar} {Fit(name, NameWidth).PadRight(NameWidth)} {bar} {Fit(shape, ShapeWidth).PadRight(ShapeWidth)} {bar} {Fit(parameters, ParamsWidth).PadLeft(ParamsWidth)} {bar} {Fit(connected, ConnectedWidth).PadRight(ConnectedWidth)} {bar}";

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
