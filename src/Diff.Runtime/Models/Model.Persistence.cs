using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffGen;

public partial class Model
{
    private const string ConfigEntry = "config.json";
    private const string WeightsEntry = "model.weights.bin";
    private const string OptimizerEntry = "optimizer.weights.bin";

    /// <summary>Writes every layer's weights to <paramref name="path"/> in DiffGen's weights format (see the README), atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist (as in Keras, it is not created).</exception>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireBuilt("SaveWeights");
        WeightsFile.WriteAtomically(path, stream => WeightsFile.Write(stream, CurrentWeights()));
    }

    /// <summary>
    /// Reads weights written by <see cref="SaveWeights"/> into this model, layer by layer in order. The layer count and
    /// every shape are checked first and a mismatch is named; on any error nothing changes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a weights file, is truncated or damaged, or does not fit this model; the message names the file.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public void LoadWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        ApplyWeights(WeightsFile.Read(stream, path), path);
    }

    /// <summary>
    /// Writes the whole model to one file: a zip holding <c>config.json</c> (the architecture and, once compiled, the
    /// optimizer, loss and metrics with all their settings, Keras-style), <c>model.weights.bin</c> and, once compiled,
    /// <c>optimizer.weights.bin</c> — the optimizer's per-variable state (momentum, moments, accumulators; its step
    /// count is in <c>config.json</c>), so that <see cref="Load"/> then <see cref="O:DiffGen.Model.Fit"/> continues exactly where
    /// training stopped. Atomic, like <see cref="SaveWeights"/>; the directory must exist.
    /// <para>
    /// A path ending in <c>.keras</c> is written in Keras 3's own format instead — <c>metadata.json</c>,
    /// <c>config.json</c> in Keras' serialization and <c>model.weights.h5</c> in Keras' HDF5 layout — for a model to
    /// open in Python Keras 3, the optimizer's state included where Keras keeps it (<c>optimizer/vars</c>).
    /// <see cref="Load"/> reads both formats, telling them apart by content.
    /// </para>
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireBuilt("Save");
        if (KerasArchive.IsKerasPath(path))
        {
            KerasArchive.Save(this, path);
            return;
        }

        var compiled = Optimizer is not null && Loss is not null;
        var config = new JsonObject
        {
            ["class_name"] = TypeName,
            ["config"] = JsonSerializer.SerializeToNode(GetConfig()),
            ["build_input_shape"] = JsonSerializer.SerializeToNode(InputShape!.ToArray()),
            ["compile_config"] = compiled ? CompileConfig.ToJson(Optimizer!, OutputLosses, LossWeights, MetricsByOutput) : null,
            ["optimizer_state"] = compiled ? new JsonObject
            {
                ["iterations"] = Optimizer!.Iterations,
                ["shared"] = new JsonArray([.. Optimizer.SharedState.Select(v => (JsonNode)v)]),
            } : null,
            ["weight_decay_exclusions"] = compiled ? CompileConfig.ExclusionsToJson(this, Optimizer!) : null,
        };
        WeightsFile.WriteAtomically(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using (var writer = new StreamWriter(zip.CreateEntry(ConfigEntry).Open()))
            {
                writer.Write(config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            using (var weights = zip.CreateEntry(WeightsEntry).Open())
            {
                WeightsFile.Write(weights, CurrentWeights());
            }

            if (compiled)
            {
                using var state = zip.CreateEntry(OptimizerEntry).Open();
                WeightsFile.Write(state, OptimizerState.Slots(this, Optimizer!));
            }
        });
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>: the same layers, weights and compile settings. Pieces that are not
    /// built in are looked up by the name the file holds, as Keras' <c>custom_objects</c>; a missing one is an
    /// <see cref="InvalidDataException"/> naming it and the parameter to pass it in.
    /// <code>
    /// var model = Model.Load(path,
    ///     customActivations: new Dictionary&lt;string, Func&lt;Tensor, Tensor&gt;&gt; { ["MyOps.Swish"] = MyOps.SwishActivation.Function },
    ///     customLayers: new Dictionary&lt;string, Func&lt;JsonObject, Layer&gt;&gt; { ["RadialBasis"] = c =&gt; new RadialBasis((int)c["units"]!, (string?)c["name"]) },
    ///     customLosses: new Dictionary&lt;string, Loss&gt; { [MyLosses.SmoothL1Loss.Name] = MyLosses.SmoothL1Loss });
    /// </code>
    /// </summary>
    /// <param name="path">A file written by <see cref="Save"/>.</param>
    /// <param name="customActivations">Activations by the name a <see cref="Dense"/> saved (<see cref="ActivationFunction.Name"/>, e.g. <c>MyOps.Swish</c>); they take precedence over Keras names.</param>
    /// <param name="customLayers">
    /// Layer factories by class name (<see cref="Layer.TypeName"/>, e.g. a <see cref="SpanLayer"/> subclass's), each
    /// given a copy of the config the layer's <see cref="Layer.GetConfig"/> saved (for a <see cref="SpanLayer"/>:
    /// <c>name</c> and <c>units</c>); they take precedence over the built-in layers. The weights are loaded after.
    /// </param>
    /// <param name="customLosses">Losses by the name the model was compiled with (<see cref="DiffGen.Loss.Name"/>, e.g. <c>MyLosses.SmoothL1</c>); they take precedence over Keras names.</param>
    /// <exception cref="InvalidDataException">
    /// The file is not a saved model, is truncated or damaged (the message names the file and what is wrong), or names
    /// a layer class, activation or loss that is neither built in nor given.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static Model Load(
        string path,
        IReadOnlyDictionary<string, Func<Tensor, Tensor>>? customActivations = null,
        IReadOnlyDictionary<string, Func<JsonObject, Layer>>? customLayers = null,
        IReadOnlyDictionary<string, Loss>? customLosses = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return LoadCore(path, customActivations, customLayers, customLosses);
        }
        catch (Exception e) when (IsDamage(e) && !e.Message.Contains(path, StringComparison.Ordinal))
        {
            // Our own messages lack only the file; anything else comes from a parser meeting bytes it cannot read.
            const string prefix = "Load: ";
            throw new InvalidDataException(
                e is InvalidDataException && e.Message.StartsWith(prefix, StringComparison.Ordinal)
                    ? $"Load: {path}: {e.Message[prefix.Length..]}"
                    : $"Load: {path} is damaged or is not a model saved by Model.Save: {e.Message}",
                e);
        }
    }

    /// <summary>
    /// The exceptions that a damaged file makes the reading code throw: a zip or deflate error, malformed JSON, a
    /// JSON value of the wrong kind or missing (JsonNode's conversions throw InvalidOperation and NullReference), a
    /// constructor rejecting a value. Not a missing file or a permission problem, which say what they are.
    /// </summary>
    private static bool IsDamage(Exception e) =>
        e is InvalidDataException or JsonException or InvalidOperationException or NullReferenceException
            or FormatException or InvalidCastException or ArgumentException or OverflowException or EndOfStreamException;

    private static Model LoadCore(
        string path,
        IReadOnlyDictionary<string, Func<Tensor, Tensor>>? customActivations,
        IReadOnlyDictionary<string, Func<JsonObject, Layer>>? customLayers,
        IReadOnlyDictionary<string, Loss>? customLosses)
    {
        using var zip = OpenArchive(path);
        var root = ReadConfig(zip, path);
        if (zip.GetEntry(KerasArchive.WeightsEntry) is not null)
        {
            return KerasArchive.Load(root, () => ReadEntry(zip, KerasArchive.WeightsEntry, path), path, customActivations, customLayers, customLosses);
        }

        var config = root["config"]!;
        Model model;
        if ((string?)root["class_name"] == "Functional")
        {
            model = FunctionalConfig.FromJson(config, node => LayerFactory.Create(node, customActivations, customLayers), path);
        }
        else if ((string?)root["class_name"] == "Sequential")
        {
            var layers = config["layers"]!.AsArray().Select(node => LayerFactory.Create(node!, customActivations, customLayers)).ToList();
            model = new Sequential(layers, (string?)config["name"]);
            var inputShape = root["build_input_shape"]!.AsArray().Select(n => (int)n!).ToArray();
            if (!model.Built)
            {
                model.Build(new Shape(inputShape));
            }
        }
        else
        {
            throw new InvalidDataException($"Load: {path} holds a '{root["class_name"]}', only Sequential and Functional models can be loaded.");
        }

        model.ApplyWeights(WeightsFile.Read(ReadEntry(zip, WeightsEntry, path), $"{path} ({WeightsEntry})", "Load"), path);
        if (root["compile_config"] is JsonObject compile)
        {
            var optimizer = CompileConfig.CompileFromJson(model, compile, customLosses, path);
            CompileConfig.ExclusionsFromJson(root["weight_decay_exclusions"], model, optimizer, path);

            // Files from before optimizer state was saved have none: the optimizer starts afresh, as it did then.
            if (zip.GetEntry(OptimizerEntry) is not null)
            {
                var iterations = (long)(root["optimizer_state"]?["iterations"]
                    ?? throw new InvalidDataException($"Load: {path} has optimizer slots but no optimizer_state.iterations in {ConfigEntry}."));
                OptimizerState.Restore(model, optimizer, iterations, WeightsFile.Read(ReadEntry(zip, OptimizerEntry, path), $"{path} ({OptimizerEntry})", "Load"), path);
                if (root["optimizer_state"]?["shared"] is JsonArray { Count: > 0 } shared)
                {
                    var expected = optimizer.SharedState.Length;
                    optimizer.SharedState = shared.Count == expected
                        ? [.. shared.Select(v => (float)v!)]
                        : throw new InvalidDataException($"Load: {path} holds {shared.Count} shared optimizer value(s) in optimizer_state.shared, but {optimizer.TypeName} keeps {expected}.");
                }
            }
        }

        return model;
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Load: {path} is not a zip archive as Model.Save writes (is it truncated, or a weights file for LoadWeights?): {e.Message}", e);
        }
    }

    private static JsonNode ReadConfig(ZipArchive zip, string path)
    {
        if (zip.GetEntry(ConfigEntry) is null)
        {
            throw new InvalidDataException($"Load: {path} has no {ConfigEntry}; is it a model saved by Model.Save?");
        }

        using var reader = new StreamReader(ReadEntry(zip, ConfigEntry, path));
        try
        {
            return JsonNode.Parse(reader.ReadToEnd()) ?? throw new InvalidDataException($"Load: {path}: empty {ConfigEntry}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Load: {path}: {ConfigEntry} is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>
    /// An entry's bytes, read whole and checked against the CRC-32 the archive records for it, so that a damaged entry
    /// fails here, named, rather than halfway through a parse or not at all.
    /// </summary>
    private static MemoryStream ReadEntry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"Load: {path} has no {name}.");
        var buffer = new MemoryStream();
        try
        {
            using var stream = entry.Open();
            stream.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Load: {path}: the archive entry {name} is damaged ({e.Message}).", e);
        }

        if (Crc32.Compute(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) != entry.Crc32)
        {
            throw new InvalidDataException($"Load: {path}: the archive entry {name} is damaged (its CRC-32 does not match the one the archive records).");
        }

        buffer.Position = 0;
        return buffer;
    }

    private List<WeightsFile.LayerWeights> CurrentWeights() =>
        [.. Layers.Select(layer => new WeightsFile.LayerWeights(layer.Name, [.. layer.Weights.Select(w => (w.Name, w.Peek()))]))];

    internal void ApplyWeights(List<WeightsFile.LayerWeights> saved, string source)
    {
        RequireBuilt("LoadWeights");
        if (saved.Count != Layers.Count)
        {
            throw new InvalidDataException($"LoadWeights: {source} holds {saved.Count} layers but model '{Name}' has {Layers.Count}.");
        }

        // Check everything before changing anything.
        for (var i = 0; i < saved.Count; i++)
        {
            var layer = Layers[i];
            var weights = layer.Weights;
            if (saved[i].Weights.Count != weights.Count)
            {
                throw new InvalidDataException($"LoadWeights: layer {i} ('{layer.Name}') has {weights.Count} weights but {source} holds {saved[i].Weights.Count} for it ('{saved[i].Name}').");
            }

            for (var w = 0; w < weights.Count; w++)
            {
                var (name, value) = saved[i].Weights[w];
                if (value.Shape != weights[w].Shape)
                {
                    throw new InvalidDataException($"LoadWeights: layer {i} ('{layer.Name}') weight '{weights[w].Name}' has shape {weights[w].Shape} but {source} holds shape {value.Shape} ('{saved[i].Name}/{name}').");
                }
            }
        }

        for (var i = 0; i < saved.Count; i++)
        {
            Layers[i].SetWeights([.. saved[i].Weights.Select(w => w.Value)]);
        }
    }

    private void RequireBuilt(string what)
    {
        if (!Built)
        {
            throw new InvalidOperationException($"{what}: model '{Name}' is not built yet; call it on data, Fit it, or Build(inputShape) first.");
        }
    }
}
