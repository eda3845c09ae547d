using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// A compiled model's optimizer, loss and metrics as <c>config.json</c> holds them: each as Keras does,
/// <c>{"class_name": …, "config": {…}}</c> with the object's <c>GetConfig()</c>, so that every hyperparameter
/// (momentum, Nesterov, β, ρ, <c>from_logits</c>, Huber's δ, an accuracy's threshold, …) comes back on load. Files
/// saved before this held bare names (<c>"optimizer": "adam"</c>, <c>"learning_rate"</c>, <c>"loss": "mse"</c>,
/// <c>"metrics": ["mae"]</c>); those still load, with Keras' defaults for the rest, as they always did.
/// </summary>
internal static class CompileConfig
{
    public static JsonObject ToJson(Optimizer optimizer, Loss loss, IReadOnlyList<Metric> metrics) => new()
    {
        ["optimizer"] = Entry(optimizer.TypeName, optimizer.GetConfig()),
        ["loss"] = Entry(loss.TypeName, loss.GetConfig()),
        ["metrics"] = new JsonArray([.. metrics.Select(m => (JsonNode)Entry(m.TypeName, m.GetConfig()))]),
    };

    /// <summary>
    /// As <see cref="ToJson(Optimizer, Loss, IReadOnlyList{Metric})"/>, for a model of several outputs: <c>loss</c>
    /// a list (one per output, as Keras writes a list) and <c>loss_weights</c> when given; one loss and no weights
    /// write exactly the single-output form. Several outputs' metrics are a list per output, as Keras' list of lists.
    /// </summary>
    public static JsonObject ToJson(Optimizer optimizer, IReadOnlyList<Loss> losses, IReadOnlyList<double>? lossWeights, IReadOnlyList<IReadOnlyList<Metric>> metrics)
    {
        var json = ToJson(optimizer, losses[0], losses.Count == 1 ? metrics[0] : []);
        if (losses.Count > 1 || lossWeights is not null)
        {
            json["loss"] = new JsonArray([.. losses.Select(l => (JsonNode)Entry(l.TypeName, l.GetConfig()))]);
            json["loss_weights"] = lossWeights is null ? null : new JsonArray([.. lossWeights.Select(w => (JsonNode)w)]);
        }

        if (losses.Count > 1)
        {
            json["metrics"] = new JsonArray([.. metrics.Select(list => (JsonNode)new JsonArray([.. list.Select(m => (JsonNode)Entry(m.TypeName, m.GetConfig()))]))]);
        }

        return json;
    }

    public static (Optimizer Optimizer, Loss Loss, List<Metric> Metrics) FromJson(JsonObject compile, IReadOnlyDictionary<string, Loss>? customLosses, string path)
    {
        var optimizer = OptimizerFrom(compile["optimizer"], compile, path);
        var loss = LossFrom(compile["loss"] is JsonArray list ? list[0] : compile["loss"], customLosses, path);
        var metricNodes = compile["metrics"] as JsonArray ?? [];
        var metrics = metricNodes.Any(n => n is JsonArray) ? [] : metricNodes.Select(node => MetricFrom(node, loss, path)).ToList();
        return (optimizer, loss, metrics);
    }

    /// <summary>
    /// Compiles <paramref name="model"/> as <paramref name="compile"/> says — one loss per output when <c>loss</c> is a
    /// list, with <c>loss_weights</c> — and returns the optimizer.
    /// </summary>
    public static Optimizer CompileFromJson(Model model, JsonObject compile, IReadOnlyDictionary<string, Loss>? customLosses, string path)
    {
        var (optimizer, loss, metrics) = FromJson(compile, customLosses, path);
        if (compile["loss"] is JsonArray list)
        {
            var weights = compile["loss_weights"] is JsonArray w ? w.Select(n => (double)n!).ToList() : null;
            var losses = list.Select(node => LossFrom(node, customLosses, path)).ToList();

            // A list per output (each metric resolved against its output's loss), or one flat list for one output.
            List<IReadOnlyList<Metric>>? byOutput = compile["metrics"] is JsonArray m && m.Any(n => n is JsonArray)
                ? [.. m.Select((node, i) => (IReadOnlyList<Metric>)[.. (node as JsonArray ?? []).Select(entry => MetricFrom(entry, losses[Math.Min(i, losses.Count - 1)], path))])]
                : metrics.Count > 0 ? [metrics] : null;
            model.Compile(optimizer, losses, weights, byOutput);
        }
        else
        {
            model.Compile(optimizer, loss, metrics);
        }

        return optimizer;
    }

    /// <summary>
    /// What <see cref="Optimizer.ExcludeFromWeightDecay"/> was given, when anything: the name patterns, and the
    /// excluded variables as indices into the model's weights (Keras' config has no place for these, so only
    /// DiffGen's format keeps them).
    /// </summary>
    public static JsonObject? ExclusionsToJson(Model model, Optimizer optimizer)
    {
        var names = optimizer.ExcludedNamePatterns;
        var indices = model.Weights.Select((v, i) => (v, i)).Where(p => optimizer.IsExcluded(p.v)).Select(p => p.i).ToList();
        return names.Count == 0 && indices.Count == 0 ? null : new JsonObject
        {
            ["names"] = new JsonArray([.. names.Select(n => (JsonNode)n)]),
            ["variables"] = new JsonArray([.. indices.Select(i => (JsonNode)i)]),
        };
    }

    /// <summary>Gives <paramref name="optimizer"/> the exclusions <see cref="ExclusionsToJson"/> wrote, checked against the model.</summary>
    public static void ExclusionsFromJson(JsonNode? node, Model model, Optimizer optimizer, string path)
    {
        if (node is not JsonObject exclusions)
        {
            return;
        }

        var weights = model.Weights;
        var variables = (exclusions["variables"] as JsonArray ?? []).Select(n =>
        {
            var index = (int)n!;
            return index >= 0 && index < weights.Count
                ? weights[index]
                : throw new InvalidDataException($"Load: {path}: weight_decay_exclusions names variable {index}, but model '{model.Name}' has {weights.Count}.");
        }).ToList();
        optimizer.ExcludeFromWeightDecay(variables, [.. (exclusions["names"] as JsonArray ?? []).Select(n => (string)n!)]);
    }

    private static JsonObject Entry(string className, IReadOnlyDictionary<string, object?> config) => new()
    {
        ["class_name"] = className,
        ["config"] = JsonSerializer.SerializeToNode(config),
    };

    private static Optimizer OptimizerFrom(JsonNode? node, JsonObject compile, string path)
    {
        if (node is JsonValue)
        {
            // The format before optimizer configs: a Keras name and the learning rate.
            var named = Optimizers.Get((string)node!);
            named.LearningRate = (double)compile["learning_rate"]!;
            return named;
        }

        var (className, c) = ClassAndConfig(node, "optimizer", path);
        double Number(string key) => (double)(c[key] ?? throw Missing(path, className, key));
        bool Flag(string key) => (bool)(c[key] ?? throw Missing(path, className, key));
        double? Optional(string key) => (double?)c[key];
        var rate = c["learning_rate"] ?? throw Missing(path, className, "learning_rate");
        var schedule = rate is JsonObject entry ? ScheduleConfig.FromJson(entry, path) : null;
        var learningRate = schedule is null ? (double)rate : 0.001;
        Optimizer optimizer = className switch
        {
            "SGD" => new SGD(learningRate, Number("momentum"), Flag("nesterov")),
            "Adam" => new Adam(learningRate, Number("beta_1"), Number("beta_2"), Number("epsilon"), Flag("amsgrad")),
            "AdamW" => new AdamW(learningRate, Number("weight_decay"), Number("beta_1"), Number("beta_2"), Number("epsilon"), Flag("amsgrad")),
            "Nadam" => new Nadam(learningRate, Number("beta_1"), Number("beta_2"), Number("epsilon")),
            "RMSprop" => new RMSprop(learningRate, Number("rho"), Number("momentum"), Number("epsilon"), Flag("centered")),
            "Adagrad" => new Adagrad(learningRate, Number("initial_accumulator_value"), Number("epsilon")),
            _ => throw new InvalidDataException(
                $"Load: {path}: the model was compiled with an optimizer of class '{className}', which is not built in (SGD, Adam, AdamW, Nadam, RMSprop, Adagrad); build and compile the same layers yourself and LoadWeights its weights."),
        };

        optimizer.Configure(Optional("clipnorm"), Optional("clipvalue"), Optional("global_clipnorm"), Optional("weight_decay"), schedule);
        return optimizer;
    }

    private static Loss LossFrom(JsonNode? node, IReadOnlyDictionary<string, Loss>? customLosses, string path)
    {
        if (node is JsonValue)
        {
            return ByName((string)node!, customLosses);
        }

        var (className, c) = ClassAndConfig(node, "loss", path);
        var name = (string?)c["name"] ?? throw Missing(path, className, "name");
        if (customLosses is not null && customLosses.ContainsKey(name))
        {
            return ByName(name, customLosses);
        }

        bool FromLogits() => (bool)(c["from_logits"] ?? throw Missing(path, className, "from_logits"));
        double Number(string key) => (double)(c[key] ?? throw Missing(path, className, key));

        // Keras writes the reduction's name, or null for none; files from before it existed have the default.
        var reduction = c.ContainsKey("reduction") ? (string?)c["reduction"] : LossReduction.SumOverBatchSize;
        return className switch
        {
            "MeanSquaredError" => new MeanSquaredError(name, reduction),
            "MeanAbsoluteError" => new MeanAbsoluteError(name, reduction),
            "BinaryCrossentropy" => new BinaryCrossentropy(FromLogits(), Number("label_smoothing"), name, reduction),
            "CategoricalCrossentropy" => new CategoricalCrossentropy(FromLogits(), Number("label_smoothing"), (int)Number("axis"), name, reduction),
            "SparseCategoricalCrossentropy" => new SparseCategoricalCrossentropy(FromLogits(), name, reduction),
            "Huber" => new Huber(Number("delta"), name, reduction),
            _ => ByName(name, customLosses),
        };
    }

    /// <summary>The loss a model was compiled with: the caller's by that name, else the Keras loss of that name.</summary>
    private static Loss ByName(string name, IReadOnlyDictionary<string, Loss>? customLosses)
    {
        if (customLosses is not null && customLosses.TryGetValue(name, out var custom))
        {
            return custom ?? throw new InvalidDataException($"Load: customLosses[\"{name}\"] is null.");
        }

        return Losses.KnownNames.Contains(name.ToLowerInvariant())
            ? Losses.Get(name)
            : throw new InvalidDataException(
                $"Load: the model was compiled with the loss '{name}', which is not a Keras name ({string.Join(", ", Losses.KnownNames)}); " +
                $"pass it in customLosses: new Dictionary<string, Loss> {{ [\"{name}\"] = … }}.");
    }

    private static Metric MetricFrom(JsonNode? node, Loss loss, string path)
    {
        if (node is JsonValue)
        {
            return Metrics.Get((string)node!, loss);
        }

        var (className, c) = ClassAndConfig(node, "metric", path);
        var name = (string?)c["name"] ?? throw Missing(path, className, "name");
        return className switch
        {
            "ShapeResolvedAccuracy" => new ShapeResolvedAccuracy(name),
            "BinaryAccuracy" => new BinaryAccuracy(name, (double)(c["threshold"] ?? throw Missing(path, className, "threshold"))),
            "CategoricalAccuracy" => new CategoricalAccuracy(name),
            "SparseCategoricalAccuracy" => new SparseCategoricalAccuracy(name),
            "MeanAbsoluteErrorMetric" => new MeanAbsoluteErrorMetric(name),
            "MeanSquaredErrorMetric" => new MeanSquaredErrorMetric(name),
            _ when Metrics.KnownNames.Contains(name.ToLowerInvariant()) => Metrics.Get(name, loss),
            _ => throw new InvalidDataException(
                $"Load: {path}: the model was compiled with the metric '{name}' of class '{className}', which is not built in; " +
                "save it compiled with built-in metrics, or LoadWeights into a model you compile yourself."),
        };
    }

    private static (string ClassName, JsonObject Config) ClassAndConfig(JsonNode? node, string what, string path)
    {
        var className = (string?)node?["class_name"] ?? throw new InvalidDataException($"Load: {path}: the compiled {what} has no class_name.");
        return (className, node!["config"] as JsonObject ?? throw new InvalidDataException($"Load: {path}: the compiled {what} '{className}' has no config object."));
    }

    private static InvalidDataException Missing(string path, string className, string key) =>
        new($"Load: {path}: the config of the compiled '{className}' has no '{key}'.");
}
