using System.Globalization;
using System.Text;

/// <summary>
/// A line chart of per-epoch values as a standalone SVG file (axes, ticks, legend). A plotting package would need
/// native libraries here; an SVG is a few lines and opens in any browser.
/// </summary>
internal static class LossCurve
{
    private const int Width = 720;
    private const int Height = 420;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] s_colors = ["#1f77b4", "#ff7f0e", "#2ca02c"];

    public static void Write(string path, string title, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        var count = series.Max(s => s.Values.Count);
        var max = series.SelectMany(s => s.Values).Where(double.IsFinite).Max();
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int epoch) => Left + (plotWidth * epoch / (double)Math.Max(1, count - 1));
        double Y(double value) => Top + (plotHeight * (1 - (value / max)));
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        svg.AppendLine($"<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{title}</text>");
        for (var i = 0; i <= 5; i++)
        {
            var value = max * i / 5;
            svg.AppendLine($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(value))}\" y2=\"{F(Y(value))}\" stroke=\"#ddd\"/>");
            svg.AppendLine($"<text x=\"{Left - 8}\" y=\"{F(Y(value) + 4)}\" text-anchor=\"end\">{value.ToString("0.###", CultureInfo.InvariantCulture)}</text>");
            var epoch = (count - 1) * i / 5;
            svg.AppendLine($"<text x=\"{F(X(epoch))}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{epoch + 1}</text>");
        }

        svg.AppendLine($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">epoch</text>");
        svg.AppendLine($"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        svg.AppendLine($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        for (var s = 0; s < series.Length; s++)
        {
            var points = string.Join(" ", series[s].Values.Select((v, i) => $"{F(X(i))},{F(Y(v))}"));
            var color = s_colors[s % s_colors.Length];
            svg.AppendLine($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>");
            svg.AppendLine($"<line x1=\"{Width - Right - 120}\" x2=\"{Width - Right - 96}\" y1=\"{Top + 10 + (18 * s)}\" y2=\"{Top + 10 + (18 * s)}\" stroke=\"{color}\" stroke-width=\"2\"/>");
            svg.AppendLine($"<text x=\"{Width - Right - 90}\" y=\"{Top + 14 + (18 * s)}\">{series[s].Name}</text>");
        }

        svg.AppendLine("</svg>");
        File.WriteAllText(path, svg.ToString());
    }
}
