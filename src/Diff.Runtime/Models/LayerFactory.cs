using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// Recreates a layer from the class name and config that <see cref="Layer.GetConfig"/> saved: the caller's custom
/// layers first (Keras' <c>custom_objects</c>), then the built-in ones.
/// </summary>
internal static class LayerFactory
{
    private const string BuiltInLayers = "Dense, Dropout, Flatten, LeakyReLU, InputLayer";

    public static Layer Create(
        JsonNode node,
        IReadOnlyDictionary<string, Func<Tensor, Tensor>>? customActivations,
        IReadOnlyDictionary<string, Func<JsonObject, Layer>>? customLayers)
    {
        var className = (string?)node["class_name"] ?? throw new InvalidDataException("Load: a layer without a class_name.");
        var config = node["config"] as JsonObject ?? throw new InvalidDataException($"Load: the '{className}' layer has no config object.");
        var name = (string?)config["name"];
        if (customLayers is not null && customLayers.TryGetValue(className, out var create))
        {
            return Custom(className, name, config, create);
        }

        return className switch
        {
            "Dense" => new Dense(
                (int)config["units"]!,
                Activation(name, (string)config["activation"]!, customActivations),
                (bool)config["use_bias"]!,
                Initializers.Get((string)config["kernel_initializer"]!),
                Initializers.Get((string)config["bias_initializer"]!),
                RegularizerFrom(config["kernel_regularizer"]),
                RegularizerFrom(config["bias_regularizer"]),
                name),
            "Dropout" => new Dropout((double)config["rate"]!, (int?)config["seed"], name),
            "Flatten" => new Flatten(name),
            "LeakyReLU" => new LeakyReLU((double)config["negative_slope"]!, name),
            "InputLayer" => new Input([.. config["shape"]!.AsArray().Select(n => (int)n!)]),
            _ => throw new InvalidDataException(
                $"Load: layer '{name}' is of class '{className}', which is not a built-in layer ({BuiltInLayers}); " +
                $"pass it in customLayers: new Dictionary<string, Func<JsonObject, Layer>> {{ [\"{className}\"] = config => new {className}(…) }}, " +
                $"where config is the layer's saved config: {config.ToJsonString()}."),
        };
    }

    /// <summary>The caller's factory for <paramref name="className"/>, given its own copy of the config.</summary>
    private static Layer Custom(string className, string? name, JsonObject config, Func<JsonObject, Layer> create)
    {
        Layer? layer;
        try
        {
            // A copy: the factory may keep or change what it is given without touching the file's tree.
            layer = create((JsonObject)config.DeepClone());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"Load: customLayers[\"{className}\"] failed to create layer '{name}' from its config {config.ToJsonString()}: {e.Message}", e);
        }

        return layer ?? throw new InvalidDataException($"Load: customLayers[\"{className}\"] returned null for layer '{name}'.");
    }

    private static ActivationFunction Activation(string? layer, string name, IReadOnlyDictionary<string, Func<Tensor, Tensor>>? custom)
    {
        if (custom is not null && custom.TryGetValue(name, out var function))
        {
            return new ActivationFunction(name, function);
        }

        return Activations.Names.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? name
            : throw new InvalidDataException(
                $"Load: layer '{layer}' uses the activation '{name}', which is not a Keras name; pass it in customActivations: " +
                $"new Dictionary<string, Func<Tensor, Tensor>> {{ [\"{name}\"] = … }} (for a [TapeOp] activation, its ActivationFunction's Function).");
    }

    private static Regularizer? RegularizerFrom(JsonNode? node) =>
        node is JsonArray factors ? new Regularizer((double)factors[0]!, (double)factors[1]!) : null;
}
