using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DiffGen;

/// <summary>
/// Keras 3's progress output. verbose 1: <c>4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - loss: 0.1234</c>, redrawn in place
/// on a terminal and one line per update (at most every 50 ms, plus the last) when output is redirected; verbose 2:
/// one line per epoch, <c>4/4 - 0s - 2ms/step - loss: 0.1234</c>.
/// </summary>
internal sealed class ProgressBar
{
    private const int Width = 20;
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(50);

    private readonly int? _target;
    private readonly int _verbose;
    private readonly bool _dynamic;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastUpdate;
    private int _lastLength;

    /// <param name="target">The number of steps, or null when unknown (a dataset of unknown length): Keras then shows <c>3/Unknown</c> and no bar.</param>
    /// <param name="verbose">1 or 2.</param>
    public ProgressBar(int? target, int verbose)
    {
        _target = target;
        _verbose = verbose;
        _dynamic = !Console.IsOutputRedirected && Console.Out == ConsoleOut.Original;
    }

    public void Update(int current, IReadOnlyDictionary<string, double> logs, bool finalize)
    {
        var now = _clock.Elapsed;
        if (_verbose == 2)
        {
            if (finalize)
            {
                Console.Out.WriteLine($"{current}/{Target} - {Seconds(now)} - {PerStep(now, current)}{Values(logs)}");
            }

            return;
        }

        if (!finalize && _lastUpdate is { } last && now - last < s_interval)
        {
            return;
        }

        _lastUpdate = now;
        var bar = Bar(current);
        var line = $"{Counter(current)} {(bar.Length > 0 ? bar + " " : string.Empty)}{Seconds(now)} {PerStep(now, current)}{Values(logs)}";
        if (_dynamic)
        {
            // Redraw in place: back to the start of the line, and blank what a longer previous line left.
            var padding = Math.Max(0, _lastLength - line.Length);
            Console.Out.Write("\r" + line + new string(' ', padding) + (finalize ? Environment.NewLine : string.Empty));
            _lastLength = line.Length;
        }
        else
        {
            Console.Out.WriteLine(line);
        }
    }

    private string Target => _target is { } target ? target.ToString(CultureInfo.InvariantCulture) : "Unknown";

    private string Counter(int current) => _target is null
        ? current.ToString(CultureInfo.InvariantCulture) + "/Unknown"
        : current.ToString(CultureInfo.InvariantCulture).PadLeft(Target.Length) + "/" + Target;

    private string Bar(int current)
    {
        if (_target is not { } target)
        {
            return string.Empty;
        }

        var done = target == 0 ? Width : (int)(Width * (double)current / target);
        var bar = new StringBuilder();
        if (_dynamic)
        {
            // Keras colours the done part green and the rest grey.
            bar.Append("\u001b[32m").Append('━', done).Append("\u001b[0m\u001b[37m").Append('━', Width - done).Append("\u001b[0m");
        }
        else
        {
            bar.Append('━', done).Append(' ', Width - done);
        }

        return bar.ToString();
    }

    private static string Seconds(TimeSpan elapsed) => $"{(int)elapsed.TotalSeconds}s";

    private static string PerStep(TimeSpan elapsed, int steps)
    {
        var perStep = elapsed.TotalSeconds / Math.Max(1, steps);
        return perStep >= 1 ? $"{perStep:0}s/step"
            : perStep >= 1e-3 ? $"{perStep * 1e3:0}ms/step"
            : $"{perStep * 1e6:0}us/step";
    }

    /// <summary>" - loss: 0.1234 - mae: …", four decimals, or scientific below 1e-3 (Keras' rule).</summary>
    private static string Values(IReadOnlyDictionary<string, double> logs)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in logs)
        {
            text.Append(" - ").Append(key).Append(": ").Append(Math.Abs(value) > 1e-3 || value == 0 || !double.IsFinite(value)
                ? value.ToString("F4", CultureInfo.InvariantCulture)
                : value.ToString("0.0000e+00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The process's own standard output writer, to tell a real console from a captured one.</summary>
    private static class ConsoleOut
    {
        public static readonly TextWriter Original = Console.Out;
    }
}
