using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// Keras layer options that change what a layer computes and that DiffGen's layers do not have: a config from Python
/// Keras that sets one is refused, naming the layer, the option and its value, rather than loaded into a layer that
/// would silently predict something else. Options that only matter while training (constraints, recurrent dropout,
/// <c>use_cudnn</c>) are ignored, like other keys DiffGen has no use for.
/// </summary>
internal static class KerasUnsupportedOptions
{
    /// <summary>Option, the value DiffGen computes (null: absent or null is fine too), the classes it applies to.</summary>
    private static readonly (string Option, JsonNode? Supported, string[] Classes)[] s_options =
    [
        ("data_format", "channels_last", ["Conv1D", "Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D"]),
        ("groups", 1, ["Conv1D", "Conv2D"]),
        ("return_state", false, ["LSTM", "GRU"]),
        ("stateful", false, ["LSTM", "GRU"]),
        ("mask_zero", false, ["Embedding"]),
        ("rms_scaling", false, ["LayerNormalization"]),
        ("synchronized", false, ["BatchNormalization"]),
    ];

    /// <exception cref="InvalidDataException">The config sets an option to a value DiffGen does not compute.</exception>
    public static void Check(string className, JsonObject config)
    {
        foreach (var (option, supported, classes) in s_options)
        {
            if (!classes.Contains(className) || config[option] is not { } value)
            {
                continue;
            }

            if (!JsonNode.DeepEquals(value, supported))
            {
                throw new InvalidDataException(
                    $"Load: layer '{config["name"]}' ({className}) has {option} = {value.ToJsonString()}, which DiffGen's {className} does not support (only {supported!.ToJsonString()}).");
            }
        }
    }
}
