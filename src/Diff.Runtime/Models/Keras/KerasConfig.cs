using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// Translates between DiffGen's layer configs (<see cref="Layer.GetConfig"/>, which already use Keras' keys) and the
/// serialized form of Keras 3's <c>config.json</c>: every object as <c>{"module", "class_name", "config",
/// "registered_name"}</c>, initializers and regularizers as such objects, <c>trainable</c> and a dtype policy on each
/// layer, an <c>InputLayer</c>'s <c>batch_shape</c> with a null batch dimension.
/// </summary>
internal static class KerasConfig
{

    /// <summary>The model's <c>config.json</c> in Keras 3's form.</summary>
    public static JsonObject ModelToJson(Sequential model)
    {
        var layers = new JsonArray();
        var shape = model.InputShape!;
        foreach (var layer in model.Layers)
        {
            layers.Add(LayerToJson(layer, shape));
            shape = layer.ComputeOutputShape(shape);
        }

        var batchShape = BatchShape(model.InputShape!);
        var root = new JsonObject
        {
            ["module"] = "keras",
            ["class_name"] = "Sequential",
            ["config"] = new JsonObject
            {
                ["name"] = model.Name,
                ["trainable"] = model.Trainable,
                ["dtype"] = DTypePolicy(),
                ["layers"] = layers,
                ["build_input_shape"] = batchShape.DeepClone(),
            },
            ["registered_name"] = null,
            ["build_config"] = new JsonObject { ["input_shape"] = batchShape },
        };
        if (model.Optimizer is { } optimizer && model.Loss is { } loss)
        {
            root["compile_config"] = CompileToJson(optimizer, [loss], null, [model.Metrics]);
        }

        return root;
    }

    /// <summary>
    /// A functional model's <c>config.json</c> in Keras 3's form (<c>"class_name": "Functional"</c>, its layers with
    /// <c>inbound_nodes</c>; see <see cref="FunctionalConfig"/>).
    /// </summary>
    public static JsonObject FunctionalToJson(Model model, FunctionalGraph graph)
    {
        var config = FunctionalConfig.ToJson(model, graph, layer =>
        {
            var entry = LayerToJson(layer, layer.InputShape!);
            if (layer is Merge && layer.InboundNodes.FirstOrDefault(n => graph.Nodes.Contains(n)) is { } call)
            {
                // Keras builds a merge layer for the list of its inputs' shapes.
                entry["build_config"] = new JsonObject { ["input_shape"] = new JsonArray([.. call.Inputs.Select(t => (JsonNode)BatchShape(t.Shape))]) };
            }

            return entry;
        });
        var root = new JsonObject
        {
            ["module"] = "keras.src.models.functional",
            ["class_name"] = "Functional",
            ["config"] = config,
            ["registered_name"] = "Functional",
        };
        if (model.Optimizer is { } optimizer && model.Loss is not null)
        {
            root["compile_config"] = CompileToJson(optimizer, model.OutputLosses, model.LossWeights, model.MetricsByOutput);
        }

        return root;
    }

    /// <summary>A Keras layer config from a <c>config.json</c> turned into the form <see cref="LayerFactory"/> reads.</summary>
    public static JsonObject LayerFromJson(JsonNode node)
    {
        var className = (string?)node["class_name"] ?? throw new InvalidDataException("Load: a layer without a class_name.");
        var config = (node["config"] as JsonObject ?? throw new InvalidDataException($"Load: the '{className}' layer has no config object.")).DeepClone().AsObject();

        // By key suffix rather than per layer, so that every layer's initializers and regularizers (gamma_initializer,
        // depthwise_regularizer, …) come back in DiffGen's form: a Keras name, an [l1, l2] pair.
        foreach (var key in config.Select(p => p.Key).ToList())
        {
            if (key.EndsWith("_initializer", StringComparison.Ordinal) && config[key] is JsonObject initializer)
            {
                config[key] = KerasNames.ToSnakeCase((string?)initializer["class_name"] ?? throw new InvalidDataException($"Load: layer '{config["name"]}': {key} has no class_name."));
            }
            else if (key.EndsWith("_regularizer", StringComparison.Ordinal) && config[key] is JsonObject regularizer)
            {
                var factors = regularizer["config"] as JsonObject ?? [];
                config[key] = new JsonArray((double?)factors["l1"] ?? 0, (double?)factors["l2"] ?? 0);
            }
        }

        if (config["activation"] is JsonObject activation)
        {
            // A custom function: Keras saves its name as the config (and a registered_name).
            config["activation"] = (string?)activation["config"] ?? (string?)activation["registered_name"];
        }

        if (className == "Dense")
        {
            // Keras' defaults, for configs written by hand or by an older Keras that left them out.
            config["activation"] ??= "linear";
            config["use_bias"] ??= true;
            config["kernel_initializer"] ??= "glorot_uniform";
            config["bias_initializer"] ??= "zeros";
        }

        if (className == "InputLayer")
        {
            var batchShape = (config["batch_shape"] ?? config["batch_input_shape"]) as JsonArray
                ?? throw new InvalidDataException($"Load: the input layer '{config["name"]}' has no batch_shape.");
            config["shape"] = new JsonArray([.. batchShape.Skip(1).Select(d => (JsonNode?)(int)(d ?? throw new InvalidDataException($"Load: the input layer '{config["name"]}' has an unknown dimension besides the batch.")))]);
        }

        if (className == "LeakyReLU" && config["negative_slope"] is null)
        {
            // Keras 2 called the slope alpha.
            config["negative_slope"] = config["alpha"]?.DeepClone() ?? 0.3;
        }

        KerasUnsupportedOptions.Check(className, config);

        if (className == "Dropout" && config["rate"] is null)
        {
            throw new InvalidDataException($"Load: the dropout layer '{config["name"]}' has no rate.");
        }

        return new JsonObject { ["class_name"] = className, ["config"] = config };
    }

    /// <summary>The sample shape a Keras Sequential config was built for (<c>build_input_shape</c>, or its InputLayer's).</summary>
    public static int[]? BuildInputShape(JsonNode root)
    {
        var shape = root["config"]?["build_input_shape"] as JsonArray ?? root["build_config"]?["input_shape"] as JsonArray;
        return shape is null ? null : [.. shape.Skip(1).Select(d => (int)d!)];
    }

    internal static JsonObject LayerToJson(Layer layer, Shape inputShape)
    {
        var config = JsonSerializer.SerializeToNode(layer.GetConfig())!.AsObject();

        // DiffGen's own layers are Keras layers of the same class name; any other is the user's (a custom object).
        if (layer.GetType().Assembly != typeof(Layer).Assembly)
        {
            return new JsonObject
            {
                ["module"] = null,
                ["class_name"] = layer.TypeName,
                ["config"] = config,
                ["registered_name"] = layer.TypeName,
                ["build_config"] = new JsonObject { ["input_shape"] = BatchShape(inputShape) },
            };
        }

        if (layer is Input)
        {
            return new JsonObject
            {
                ["module"] = "keras.layers",
                ["class_name"] = "InputLayer",
                ["config"] = new JsonObject
                {
                    ["batch_shape"] = BatchShape(layer.InputShape!),
                    ["dtype"] = "float32",
                    ["sparse"] = false,
                    ["name"] = layer.Name,
                },
                ["registered_name"] = null,
            };
        }

        if (!config.ContainsKey("trainable"))
        {
            config.Insert(Math.Min(1, config.Count), "trainable", layer.Trainable);
        }

        if (!config.ContainsKey("dtype"))
        {
            config.Insert(Math.Min(2, config.Count), "dtype", DTypePolicy());
        }
        foreach (var key in config.Select(p => p.Key).ToList())
        {
            if (key.EndsWith("_initializer", StringComparison.Ordinal) && config[key] is JsonValue name)
            {
                config[key] = Initializer((string)name!);
            }
            else if (key.EndsWith("_regularizer", StringComparison.Ordinal))
            {
                config[key] = Regularizer(config[key]);
            }
        }

        return new JsonObject
        {
            ["module"] = "keras.layers",
            ["class_name"] = layer.TypeName,
            ["config"] = config,
            ["registered_name"] = null,
            ["build_config"] = new JsonObject { ["input_shape"] = BatchShape(inputShape) },
        };
    }

    /// <summary>Keras' compile_config: optimizer and loss as Keras objects (their configs use Keras' keys already), metrics by Keras name.</summary>
    /// <remarks>One loss is written as one object; several (one per output) as a list, with <c>loss_weights</c> as a list.</remarks>
    internal static JsonObject CompileToJson(Optimizer optimizer, IReadOnlyList<Loss> losses, IReadOnlyList<double>? lossWeights, IReadOnlyList<IReadOnlyList<Metric>> metrics) => new()
    {
        ["optimizer"] = KerasObject("keras.optimizers", optimizer.TypeName, JsonSerializer.SerializeToNode(optimizer.GetConfig())!.AsObject()),
        ["loss"] = losses.Count == 1 ? LossObject(losses[0]) : new JsonArray([.. losses.Select(l => (JsonNode)LossObject(l))]),
        ["loss_weights"] = lossWeights is null ? null : new JsonArray([.. lossWeights.Select(w => (JsonNode)w)]),
        ["metrics"] = losses.Count == 1
            ? new JsonArray([.. metrics[0].Select(Metric)])
            : new JsonArray([.. metrics.Select(list => (JsonNode)new JsonArray([.. list.Select(Metric)]))]),
        ["weighted_metrics"] = null,
        ["run_eagerly"] = false,
        ["steps_per_execution"] = 1,
        ["jit_compile"] = false,
    };

    private static JsonObject LossObject(Loss loss) => KerasObject("keras.losses", loss.TypeName, JsonSerializer.SerializeToNode(loss.GetConfig())!.AsObject());

    /// <summary>A metric by its Keras name when it has one (<c>"accuracy"</c>, <c>"mae"</c>), else as a Keras metric object.</summary>
    private static JsonNode Metric(Metric metric)
    {
        if (metric.TypeName == "ShapeResolvedAccuracy" || Metrics.KnownNames.Contains(metric.Name.ToLowerInvariant()) && metric is not BinaryAccuracy)
        {
            return metric.Name;
        }

        var className = metric.TypeName switch
        {
            "MeanAbsoluteErrorMetric" => "MeanAbsoluteError",
            "MeanSquaredErrorMetric" => "MeanSquaredError",
            var other => other,
        };
        return KerasObject("keras.metrics", className, JsonSerializer.SerializeToNode(metric.GetConfig())!.AsObject());
    }

    private static JsonObject KerasObject(string module, string className, JsonObject config) => new()
    {
        ["module"] = module,
        ["class_name"] = className,
        ["config"] = config,
        ["registered_name"] = null,
    };

    /// <summary>An initializer by Keras class (<c>glorot_uniform</c> → <c>GlorotUniform</c>); the constant ones take no seed.</summary>
    private static JsonObject Initializer(string name) => KerasObject(
        "keras.initializers",
        string.Concat(name.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..])),
        name is "zeros" or "ones" ? [] : new JsonObject { ["seed"] = null });

    private static JsonNode? Regularizer(JsonNode? factors) => factors is JsonArray pair
        ? KerasObject("keras.regularizers", "L1L2", new JsonObject { ["l1"] = (double)pair[0]!, ["l2"] = (double)pair[1]! })
        : null;

    internal static JsonObject DTypePolicy() => KerasObject("keras", "DTypePolicy", new JsonObject { ["name"] = "float32" });

    internal static JsonArray BatchShape(Shape sampleShape) => new([null, .. sampleShape.Dimensions.ToArray().Select(d => (JsonNode?)d)]);
}
