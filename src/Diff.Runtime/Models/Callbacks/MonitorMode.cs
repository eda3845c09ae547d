namespace DiffGen;

/// <summary>Whether a monitored value should fall or rise, Keras' <c>mode="auto"</c> rule included.</summary>
internal static class MonitorMode
{
    /// <summary>True when larger is better: "max", or "auto" for accuracy-like names.</summary>
    public static bool Maximize(string mode, string monitor) => mode switch
    {
        "max" => true,
        "min" => false,
        "auto" => monitor.EndsWith("acc", StringComparison.Ordinal) || monitor.EndsWith("accuracy", StringComparison.Ordinal) || monitor.EndsWith("auc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"Unknown mode '{mode}'. Known modes: auto, min, max.", nameof(mode)),
    };
}
