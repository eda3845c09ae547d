using System.Globalization;
using System.Text.RegularExpressions;

namespace DiffGen;

/// <summary>
/// Saves the model (or only its weights) at the end of every epoch, or only when <see cref="Monitor"/> improves
/// (Keras' <c>ModelCheckpoint</c>). The path may hold <c>{epoch}</c> or <c>{epoch:02d}</c> (1-based, as Keras) and
/// logged values such as <c>{val_loss:.2f}</c>.
/// </summary>
public sealed partial class ModelCheckpoint : Callback
{
    private readonly bool _maximize;
    private double _best;

    /// <summary>Keras' arguments and defaults.</summary>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false, string mode = "auto")
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        FilePath = filepath;
        Monitor = monitor;
        Verbose = verbose;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        _maximize = MonitorMode.Maximize(mode, monitor);
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>Where to save; may contain <c>{epoch}</c> and <c>{name:format}</c> placeholders.</summary>
    public string FilePath { get; }

    /// <summary>The logged value that decides "best".</summary>
    public string Monitor { get; }

    /// <summary>1 prints a line per save.</summary>
    public int Verbose { get; }

    /// <summary>Save only when the monitored value improves.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Save weights (<see cref="Model.SaveWeights"/>) instead of the whole model (<see cref="Model.Save"/>).</summary>
    public bool SaveWeightsOnly { get; }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var path = FormatPath(epoch, logs);
        if (SaveBestOnly)
        {
            if (!logs.TryGetValue(Monitor, out var current))
            {
                Console.Out.WriteLine($"Can save best model only with {Monitor} available, skipping.");
                return;
            }

            if (!(_maximize ? current > _best : current < _best))
            {
                return;
            }

            if (Verbose > 0)
            {
                Console.Out.WriteLine($"\nEpoch {epoch + 1}: {Monitor} improved from {_best:F5} to {current:F5}, saving model to {path}");
            }

            _best = current;
        }
        else if (Verbose > 0)
        {
            Console.Out.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
        }

        // Keras' ModelCheckpoint creates the checkpoint directory (model.save itself does not).
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        if (SaveWeightsOnly)
        {
            Model!.SaveWeights(path);
        }
        else
        {
            Model!.Save(path);
        }
    }

    private string FormatPath(int epoch, IReadOnlyDictionary<string, double> logs) =>
        Placeholder().Replace(FilePath, match =>
        {
            var name = match.Groups["name"].Value;
            var format = match.Groups["format"].Value;
            if (name == "epoch")
            {
                var number = epoch + 1;
                return format.EndsWith('d') ? number.ToString("D" + format.TrimEnd('d').TrimStart('0'), CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture);
            }

            if (!logs.TryGetValue(name, out var value))
            {
                return match.Value;
            }

            return format.StartsWith('.') && format.EndsWith('f')
                ? value.ToString("F" + format[1..^1], CultureInfo.InvariantCulture)
                : value.ToString(CultureInfo.InvariantCulture);
        });

    [GeneratedRegex(@"\{(?<name>[A-Za-z_]+)(:(?<format>[^}]*))?\}")]
    private static partial Regex Placeholder();
}
