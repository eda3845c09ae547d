using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>Recreates a layer from the class name and config that <see cref="Layer.GetConfig"/> saved.</summary>
internal static class LayerFactory
{
    public static Layer Create(JsonNode node, IReadOnlyDictionary<string, Func<Tensor, Tensor>>? customActivations)
    {
        var className = (string?)node["class_name"];
        var config = node["config"] ?? throw new InvalidDataException("Load: a layer without a config.");
        var name = (string?)config["name"];
        return className switch
        {
            "Dense" => new Dense(
                (int)config["units"]!,
                Activation((string)config["activation"]!, customActivations),
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
            _ => throw new InvalidDataException($"Load: unknown layer class '{className}'. Known: Dense, Dropout, Flatten, LeakyReLU, InputLayer."),
        };
    }

    private static ActivationFunction Activation(string name, IReadOnlyDictionary<string, Func<Tensor, Tensor>>? custom)
    {
        if (custom is not null && custom.TryGetValue(name, out var function))
        {
            return new ActivationFunction(name, function);
        }

        return Activations.Names.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? name
            : throw new InvalidDataException($"Load: the activation '{name}' is not a Keras name; pass it in customActivations.");
    }

    private static Regularizer? RegularizerFrom(JsonNode? node) =>
        node is JsonArray factors ? new Regularizer((double)factors[0]!, (double)factors[1]!) : null;
}
