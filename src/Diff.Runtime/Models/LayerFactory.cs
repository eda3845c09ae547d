using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// Recreates a layer from the class name and config that <see cref="Layer.GetConfig"/> saved: the caller's custom
/// layers first (Keras' <c>custom_objects</c>), then the built-in ones.
/// </summary>
internal static class LayerFactory
{
    private const string BuiltInLayers = "Dense, Dropout, Flatten, LeakyReLU, InputLayer, Conv1D, Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Reshape, Embedding, LayerNormalization, BatchNormalization, LSTM, GRU, Concatenate, Add";

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
            "InputLayer" => new Input([.. config["shape"]!.AsArray().Select(n => (int)n!)], name),
            "Concatenate" => new Concatenate((int)config["axis"]!, name),
            "Add" => new Add(name),
            "Conv2D" => new Conv2D(
                (int)config["filters"]!,
                Pair(config["kernel_size"]),
                Pair(config["strides"]),
                (string)config["padding"]!,
                Pair(config["dilation_rate"]),
                Activation(name, (string)config["activation"]!, customActivations),
                (bool)config["use_bias"]!,
                Initializers.Get((string)config["kernel_initializer"]!),
                Initializers.Get((string)config["bias_initializer"]!),
                RegularizerFrom(config["kernel_regularizer"]),
                RegularizerFrom(config["bias_regularizer"]),
                name),
            "Conv1D" => new Conv1D(
                (int)config["filters"]!,
                (int)config["kernel_size"]![0]!,
                (int)config["strides"]![0]!,
                (string)config["padding"]!,
                (int)config["dilation_rate"]![0]!,
                Activation(name, (string)config["activation"]!, customActivations),
                (bool)config["use_bias"]!,
                Initializers.Get((string)config["kernel_initializer"]!),
                Initializers.Get((string)config["bias_initializer"]!),
                RegularizerFrom(config["kernel_regularizer"]),
                RegularizerFrom(config["bias_regularizer"]),
                name),
            "MaxPooling2D" => new MaxPooling2D(Pair(config["pool_size"]), Pair(config["strides"]), (string)config["padding"]!, name),
            "AveragePooling2D" => new AveragePooling2D(Pair(config["pool_size"]), Pair(config["strides"]), (string)config["padding"]!, name),
            "GlobalAveragePooling2D" => new GlobalAveragePooling2D((bool)config["keepdims"]!, name),
            "Reshape" => new Reshape([.. config["target_shape"]!.AsArray().Select(n => (int)n!)], name),
            "Embedding" => new Embedding(
                (int)config["input_dim"]!,
                (int)config["output_dim"]!,
                Initializers.Get((string)config["embeddings_initializer"]!),
                RegularizerFrom(config["embeddings_regularizer"]),
                name),
            "LayerNormalization" => new LayerNormalization(
                config["axis"] is JsonArray axes ? [.. axes.Select(a => (int)a!)] : [(int)config["axis"]!],
                (double)config["epsilon"]!,
                (bool)config["center"]!,
                (bool)config["scale"]!,
                Initializers.Get((string)config["beta_initializer"]!),
                Initializers.Get((string)config["gamma_initializer"]!),
                name),
            "LSTM" => new LSTM(
                (int)config["units"]!,
                Activation(name, (string)config["activation"]!, customActivations),
                Activation(name, (string)config["recurrent_activation"]!, customActivations),
                (bool)config["use_bias"]!,
                Initializers.Get((string)config["kernel_initializer"]!),
                Initializers.Get((string)config["recurrent_initializer"]!),
                Initializers.Get((string)config["bias_initializer"]!),
                (bool)config["unit_forget_bias"]!,
                (bool)config["return_sequences"]!,
                (bool)config["go_backwards"]!,
                name),
            "GRU" => new GRU(
                (int)config["units"]!,
                Activation(name, (string)config["activation"]!, customActivations),
                Activation(name, (string)config["recurrent_activation"]!, customActivations),
                (bool)config["use_bias"]!,
                Initializers.Get((string)config["kernel_initializer"]!),
                Initializers.Get((string)config["recurrent_initializer"]!),
                Initializers.Get((string)config["bias_initializer"]!),
                (bool)config["reset_after"]!,
                (bool)config["return_sequences"]!,
                (bool)config["go_backwards"]!,
                name),
            "BatchNormalization" => new BatchNormalization(
                (int)config["axis"]!,
                (double)config["momentum"]!,
                (double)config["epsilon"]!,
                (bool)config["center"]!,
                (bool)config["scale"]!,
                Initializers.Get((string)config["beta_initializer"]!),
                Initializers.Get((string)config["gamma_initializer"]!),
                Initializers.Get((string)config["moving_mean_initializer"]!),
                Initializers.Get((string)config["moving_variance_initializer"]!),
                name),
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

    /// <summary>A saved [height, width] pair.</summary>
    private static Int2 Pair(JsonNode? node) => new((int)node![0]!, (int)node[1]!);

    private static Regularizer? RegularizerFrom(JsonNode? node) =>
        node is JsonArray factors ? new Regularizer((double)factors[0]!, (double)factors[1]!) : null;
}
