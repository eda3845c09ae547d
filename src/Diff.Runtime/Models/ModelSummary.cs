using System.Globalization;
using System.Text;

namespace DiffGen;

/// <summary>Keras 3's <c>model.summary()</c> table: layer (type), output shape, parameter count, and the totals.</summary>
internal static class ModelSummary
{
    private const int NameWidth = 31;
    private const int ShapeWidth = 22;
    private const int ParamsWidth = 13;

    public static string Render(Model model)
    {
        var text = new StringBuilder();
        text.AppendLine($"Model: \"{model.Name}\"");
        text.AppendLine(Rule('┏', '━', '┳', '┓'));
        text.AppendLine(Row('┃', "Layer (type)", "Output Shape", "Param #"));
        text.AppendLine(Rule('┡', '━', '╇', '┩'));
        var shape = model.InputShape;
        var layers = model.Layers.Where(layer => layer is not Input).ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            shape = shape is null ? null : layer.ComputeOutputShape(shape);
            var output = shape is null ? "?" : $"(None, {string.Join(", ", shape.Dimensions.ToArray())})";
            var parameters = layer.Built ? layer.CountParams().ToString("N0", CultureInfo.InvariantCulture) : "0 (unbuilt)";
            text.AppendLine(Row('│', $"{layer.Name} ({layer.TypeName})", output, parameters));
            if (i < layers.Count - 1)
            {
                text.AppendLine(Rule('├', '─', '┼', '┤'));
            }
        }

        text.AppendLine(Rule('└', '─', '┴', '┘'));
        var trainable = model.TrainableVariables.Sum(v => v.Shape.Size);
        var total = model.CountParams();
        text.AppendLine($" Total params: {Count(total)}");
        text.AppendLine($" Trainable params: {Count(trainable)}");
        text.AppendLine($" Non-trainable params: {Count(total - trainable)}");
        return text.ToString();
    }

    private static string Rule(char left, char line, char cross, char right) =>
        $"{left}{new string(line, NameWidth + 2)}{cross}{new string(line, ShapeWidth + 2)}{cross}{new string(line, ParamsWidth + 2)}{right}";

    private static string Row(char bar, string name, string shape, string parameters) =>
        $"{bar} {Fit(name, NameWidth).PadRight(NameWidth)} {bar} {Fit(shape, ShapeWidth).PadRight(ShapeWidth)} {bar} {Fit(parameters, ParamsWidth).PadLeft(ParamsWidth)} {bar}";

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    /// <summary>"130 (520.00 B)": the count and its size in float32 bytes.</summary>
    internal static string Count(int parameters)
    {
        double bytes = parameters * 4L;
        var units = new[] { "B", "KB", "MB", "GB" };
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{parameters:N0} ({bytes:F2} {units[unit]})");
    }
}
