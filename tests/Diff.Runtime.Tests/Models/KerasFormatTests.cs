using System.IO.Compression;
using System.Text.Json.Nodes;
using PureHDF;

namespace DiffGen.Runtime.Tests.Models;

public sealed class KerasFormatTests : IDisposable
{
    /// <summary>A .keras file written by Python Keras, kept outside the repository (public files are not checked in here): see <see cref="FactWhenKerasFileAttribute"/>.</summary>
    private static string s_fixture => Environment.GetEnvironmentVariable(FactWhenKerasFileAttribute.Variable)!;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathFor(string name) => Path.Combine(_directory.FullName, name);

    private static Sequential EveryLayer()
    {
        using var seed = RandomSeed.Scope(21);
        var model = new Sequential(
            new Input(3, 4),
            new Dense(5, activation: "gelu", kernelRegularizer: new Regularizer(0.01, 0.02), name: "hidden"),
            new Flatten(),
            new Dropout(0.25, seed: 4),
            new LeakyReLU(0.15),
            new Dense(4, activation: "tanh", useBias: false, kernelInitializer: "he_normal"),
            new Dense(2, activation: "softmax"));
        model.Compile(new Adam(learningRate: 0.002, beta1: 0.85, amsgrad: true), new CategoricalCrossentropy(fromLogits: false, labelSmoothing: 0.1), ["accuracy", new BinaryAccuracy("strict", threshold: 0.7)]);
        model.Fit(Tensor.RandomNormal(new Shape(10, 3, 4), seed: 2), Tensor.From([.. Enumerable.Range(0, 20).Select(i => (float)(i % 2))], 10, 2), epochs: 1, verbose: 0, seed: 3);
        return model;
    }

    [Fact]
    public void A_keras_round_trip_of_every_built_in_layer_preserves_predictions_exactly()
    {
        var model = EveryLayer();
        var path = PathFor("model.keras");
        var x = Tensor.RandomNormal(new Shape(6, 3, 4), seed: 8);

        model.Save(path);
        var loaded = Model.Load(path);

        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Layers.Select(l => l.TypeName), loaded.Layers.Select(l => l.TypeName));
        Assert.Equal(model.Layers.Skip(1).Select(l => l.Name), loaded.Layers.Skip(1).Select(l => l.Name)); // an Input takes no name
        Assert.Equal(
            model.Layers.Skip(1).Select(l => System.Text.Json.JsonSerializer.Serialize(l.GetConfig())),
            loaded.Layers.Skip(1).Select(l => System.Text.Json.JsonSerializer.Serialize(l.GetConfig())));
        var adam = Assert.IsType<Adam>(loaded.Optimizer);
        Assert.Equal((0.002, 0.85, true), (adam.LearningRate, adam.Beta1, adam.Amsgrad));
        Assert.Equal(0.1, Assert.IsType<CategoricalCrossentropy>(loaded.Loss).LabelSmoothing);
        Assert.Equal(["accuracy", "strict"], loaded.Metrics.Select(m => m.Name));
        Assert.Equal(0.7, Assert.IsType<BinaryAccuracy>(loaded.Metrics[1]).Threshold);
    }

    [Fact]
    public void A_model_built_from_data_round_trips_through_its_build_input_shape()
    {
        using var seed = RandomSeed.Scope(4);
        var model = new Sequential(new Dense(3, activation: "relu"), new Dense(1));
        var x = Tensor.RandomNormal(new Shape(5, 2), seed: 1);
        model.Predict(x);
        var path = PathFor("unbuilt.keras");

        model.Save(path);
        var loaded = Model.Load(path);

        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(2, loaded.Layers.Count);
        Assert.Null(loaded.Optimizer);
    }

    [Fact]
    public void The_archive_has_Keras_3s_entries_config_and_HDF5_layout()
    {
        var model = EveryLayer();
        var path = PathFor("layout.keras");
        model.Save(path);

        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["config.json", "metadata.json", "model.weights.h5"], zip.Entries.Select(e => e.FullName).Order());
        var metadata = JsonNode.Parse(Read(zip, "metadata.json"))!;
        Assert.StartsWith("3.", (string?)metadata["keras_version"]);
        var config = JsonNode.Parse(Read(zip, "config.json"))!;
        Assert.Equal(("keras", "Sequential"), ((string?)config["module"], (string?)config["class_name"]));
        var layers = config["config"]!["layers"]!.AsArray();
        Assert.Equal("InputLayer", (string?)layers[0]!["class_name"]);
        Assert.Equal("[null,3,4]", layers[0]!["config"]!["batch_shape"]!.ToJsonString());
        var dense = layers[1]!;
        Assert.Equal(("keras.layers", "Dense"), ((string?)dense["module"], (string?)dense["class_name"]));
        Assert.Equal("GlorotUniform", (string?)dense["config"]!["kernel_initializer"]!["class_name"]);
        Assert.Equal("L1L2", (string?)dense["config"]!["kernel_regularizer"]!["class_name"]);
        Assert.Equal("gelu", (string?)dense["config"]!["activation"]);
        Assert.Equal("Adam", (string?)config["compile_config"]!["optimizer"]!["class_name"]);

        using var weights = new MemoryStream();
        using (var entry = zip.GetEntry("model.weights.h5")!.Open())
        {
            entry.CopyTo(weights);
        }

        weights.Position = 0;
        using var h5 = H5File.Open(weights, leaveOpen: true);
        var group = h5.Group("layers");

        // Keras keys a layer list by class in snake case, made unique in order — not by layer name.
        Assert.Equal(["dense", "dense_1", "dense_2", "dropout", "flatten", "leaky_re_lu"], group.Children().Select(c => c.Name).Order());
        var kernel = group.Group("dense").Group("vars").Dataset("0");
        Assert.Equal([4UL, 5UL], kernel.Space.Dimensions);
        Assert.Equal(((Dense)model.Layers[1]).Kernel!.Peek().ToArray(), kernel.Read<float[]>());
        Assert.Equal("hidden", group.Group("dense").Group("vars").Attribute("name").Read<string>());
        Assert.False(group.Group("dense_1").Group("vars").LinkExists("1"));
        Assert.Equal([2UL], group.Group("dense_2").Group("vars").Dataset("1").Space.Dimensions);

        // The optimizer as Keras keeps it: step count, learning rate, then AMSGrad Adam's slots of the 5 trainable
        // variables — momentum and velocity interleaved per variable, then the 5 maxima.
        var optimizer = h5.Group("optimizer").Group("vars");
        Assert.Equal(2 + 15, optimizer.Children().Count());
        Assert.Equal(1L, optimizer.Dataset("0").Read<long>());
        Assert.Equal(0.002f, optimizer.Dataset("1").Read<float>());
        Assert.Equal([4UL, 5UL], optimizer.Dataset("2").Space.Dimensions);
        Assert.Equal([4UL, 5UL], optimizer.Dataset("3").Space.Dimensions);
        Assert.Equal([5UL], optimizer.Dataset("4").Space.Dimensions);
        Assert.Equal([4UL, 5UL], optimizer.Dataset("12").Space.Dimensions);
    }

    [Fact]
    public void A_config_as_Python_Keras_writes_it_loads_with_its_weights()
    {
        // config.json as Keras 3 serializes a Sequential (dtype policies, initializer objects, lora keys, null constraints).
        const string config = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
             "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
             "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer"}, "registered_name": null},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
                "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
                "units": 2, "activation": "relu", "use_bias": true,
                "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
                "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
                "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null},
                "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "lora_rank": null},
               "registered_name": null, "build_config": {"input_shape": [null, 3]}},
              {"module": "keras.layers", "class_name": "LeakyReLU", "config": {"name": "leaky_re_lu", "trainable": true, "dtype": "float32", "negative_slope": 0.1}, "registered_name": null},
              {"module": "keras.layers", "class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "dtype": "float32", "rate": 0.5, "seed": null, "noise_shape": null}, "registered_name": null}],
             "build_input_shape": [null, 3]},
             "registered_name": null, "build_config": {"input_shape": [null, 3]},
             "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05,
                "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
                "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null, "momentum": 0.9, "nesterov": false}, "registered_name": null},
              "loss": "mse", "loss_weights": null, "metrics": ["mae"], "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}
            """;
        float[] kernel = [1, -2, 0.5f, 3, -1, 2];
        float[] bias = [0.25f, -0.5f];
        var h5 = new H5File
        {
            ["layers"] = new H5Group
            {
                ["dense"] = new H5Group { ["vars"] = new H5Group { ["0"] = new H5Dataset(kernel, fileDims: [3, 2]), ["1"] = new H5Dataset(bias, fileDims: [2]) } },
            },
            ["vars"] = new H5Group(),
        };
        var path = PathFor("python.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Write(zip, "metadata.json", "{\"keras_version\": \"3.15.0\", \"date_saved\": \"2026-05-13@21:23:40\"}");
            Write(zip, "config.json", config);
            using var weights = new MemoryStream();
            h5.Write(weights);
            using var entry = zip.CreateEntry("model.weights.h5").Open();
            entry.Write(weights.ToArray());
        }

        var model = Model.Load(path);

        var x = Tensor.From([1f, 2, 3, -1, 0, 1], 2, 3);
        // relu(x·K + b), computed here; LeakyReLU leaves the non-negative values alone and Dropout is off at inference.
        var expected = new float[4];
        for (var r = 0; r < 2; r++)
        {
            for (var u = 0; u < 2; u++)
            {
                var z = bias[u];
                for (var i = 0; i < 3; i++)
                {
                    z += x.ToArray()[(r * 3) + i] * kernel[(i * 2) + u];
                }

                expected[(r * 2) + u] = MathF.Max(z, 0);
            }
        }

        Assert.Equal(expected, model.Predict(x).ToArray());
        Assert.Equal(["InputLayer", "Dense", "LeakyReLU", "Dropout"], model.Layers.Select(l => l.TypeName));
        Assert.Equal(0.01, ((Dense)model.Layers[1]).KernelRegularizer!.L2Factor);
        var sgd = Assert.IsType<SGD>(model.Optimizer);
        Assert.Equal((0.05, 0.9), (sgd.LearningRate, sgd.Momentum));
        Assert.Equal("mse", model.Loss!.Name);
        Assert.Equal(["mae"], model.Metrics.Select(m => m.Name));
    }

    [FactWhenKerasFile]
    public void The_HDF5_weights_that_Python_Keras_wrote_are_readable_and_its_custom_model_is_refused_by_name()
    {
        using (var zip = ZipFile.OpenRead(s_fixture))
        using (var weights = new MemoryStream())
        {
            using (var entry = zip.GetEntry("model.weights.h5")!.Open())
            {
                entry.CopyTo(weights);
            }

            weights.Position = 0;
            using var h5 = H5File.Open(weights, leaveOpen: true);
            Assert.NotEmpty(Datasets(h5).ToList());
        }

        var error = Assert.Throws<InvalidDataException>(() => Model.Load(s_fixture));

        Assert.Contains("NestedDenseModel", error.Message);
        Assert.Contains(s_fixture, error.Message);
    }

    private static IEnumerable<IH5Dataset> Datasets(IH5Group group)
    {
        foreach (var child in group.Children())
        {
            if (child is IH5Dataset dataset)
            {
                yield return dataset;
            }
            else if (child is IH5Group inner)
            {
                foreach (var nested in Datasets(inner))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }
}

/// <summary>
/// Runs only when DIFFGEN_KERAS_FILE names a .keras file written by Python Keras 3 whose model is a custom subclass
/// named NestedDenseModel (e.g. keras/src/saving/test_data/pre_pr22362_nested_container.keras from the Keras
/// repository, Apache-2.0); otherwise it is reported as skipped, visibly.
/// </summary>
public sealed class FactWhenKerasFileAttribute : FactAttribute
{
    public const string Variable = "DIFFGEN_KERAS_FILE";

    public FactWhenKerasFileAttribute()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            Skip = "Set " + Variable + " to a .keras file written by Python Keras 3 (a NestedDenseModel) to check that its HDF5 weights are readable.";
        }
    }
}
