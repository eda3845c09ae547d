using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// Keras 3's native <c>.keras</c> file: a zip of <c>metadata.json</c> (<c>keras_version</c>, <c>date_saved</c>),
/// <c>config.json</c> (the model serialized as Keras does, compile settings included; see <see cref="KerasConfig"/>)
/// and <c>model.weights.h5</c> (see <see cref="KerasWeights"/>), the optimizer's state included as Keras keeps it
/// (see <see cref="KerasOptimizerState"/>).
/// </summary>
internal static class KerasArchive
{
    public const string MetadataEntry = "metadata.json";
    public const string ConfigEntry = "config.json";
    public const string WeightsEntry = "model.weights.h5";

    /// <summary>The Keras release whose file layout this writes (Keras reads <c>keras_version</c> only to report it).</summary>
    private const string KerasVersion = "3.0.0";

    /// <summary>Whether <paramref name="path"/> asks for Keras' format: the <c>.keras</c> extension, as Keras 3 requires it.</summary>
    public static bool IsKerasPath(string path) => string.Equals(Path.GetExtension(path), ".keras", StringComparison.OrdinalIgnoreCase);

    public static void Save(Model model, string path)
    {
        var metadata = new JsonObject
        {
            ["keras_version"] = KerasVersion,
            ["date_saved"] = DateTime.UtcNow.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
            ["producer"] = "DiffGen",
        };
        var config = model switch
        {
            Sequential sequential => KerasConfig.ModelToJson(sequential),
            { FunctionalGraph: { } graph } => KerasConfig.FunctionalToJson(model, graph),
            _ => throw new NotSupportedException($"Save: only Sequential and functional models can be saved as .keras files; '{model.Name}' is a {model.TypeName}."),
        };
        if (model.Optimizer is { } optimizer && CompileConfig.ExclusionsToJson(model, optimizer) is not null)
        {
            Console.Error.WriteLine(
                $"WARNING: Save: {path}: Keras' .keras format has no place for what was passed to {optimizer.TypeName}.ExcludeFromWeightDecay, so a model loaded from it decays every variable; save as .dgmodel to keep the exclusions.");
        }

        WeightsFile.WriteAtomically(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteText(zip, MetadataEntry, metadata.ToJsonString());
            WriteText(zip, ConfigEntry, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            using var weights = zip.CreateEntry(WeightsEntry).Open();
            KerasWeights.Write(weights, model);
        });
    }

    /// <summary>Builds the model a <c>.keras</c> file describes, weights and compile settings included.</summary>
    public static Model Load(
        JsonNode root,
        Func<MemoryStream> weights,
        string path,
        IReadOnlyDictionary<string, Func<Tensor, Tensor>>? customActivations,
        IReadOnlyDictionary<string, Func<JsonObject, Layer>>? customLayers,
        IReadOnlyDictionary<string, Loss>? customLosses)
    {
        var className = (string?)root["class_name"];
        if (className is not ("Sequential" or "Functional"))
        {
            throw new InvalidDataException($"Load: {path} holds a Keras '{root["class_name"]}', only Sequential and Functional models can be loaded.");
        }

        var config = root["config"] ?? throw new InvalidDataException($"Load: {path}: {ConfigEntry} has no model config.");
        var layerConfigs = config["layers"] as JsonArray ?? throw new InvalidDataException($"Load: {path}: {ConfigEntry} has no layers.");
        Model model;
        if (className == "Functional")
        {
            model = FunctionalConfig.FromJson(config, node => LayerFactory.Create(KerasConfig.LayerFromJson(node), customActivations, customLayers), path);
        }
        else
        {
            var layers = layerConfigs.Select(node => LayerFactory.Create(KerasConfig.LayerFromJson(node!), customActivations, customLayers)).ToList();
            model = new Sequential(layers, (string?)config["name"]);
            if (!model.Built)
            {
                var shape = KerasConfig.BuildInputShape(root)
                    ?? throw new InvalidDataException($"Load: {path}: the model has neither an InputLayer nor a build_input_shape, so its weights' shapes are unknown.");
                model.Build(new Shape(shape));
            }
        }

        var source = $"{path} ({WeightsEntry})";
        using var h5 = weights();
        model.ApplyWeights(ReadHdf5(() => KerasWeights.Read(h5, model, source), source), source);
        if (root["compile_config"] is JsonObject compile && compile["optimizer"] is not null && compile["loss"] is not null)
        {
            var optimizer = CompileConfig.CompileFromJson(model, compile, customLosses, path);
            h5.Position = 0;
            ReadHdf5(() => { KerasWeights.ReadOptimizer(h5, model, optimizer, source); return 0; }, source);
        }

        return model;
    }

    /// <summary>Runs a read of the HDF5 entry, turning the HDF5 library's own errors into one that names the file.</summary>
    private static T ReadHdf5<T>(Func<T> read, string source)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"Load: {source} is not a readable HDF5 file of Keras weights: {e.Message}", e);
        }
    }

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}
