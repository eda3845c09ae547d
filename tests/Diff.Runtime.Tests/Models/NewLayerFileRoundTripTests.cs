using System.IO.Compression;
using System.Text.Json;
using PureHDF;

namespace DiffGen.Runtime.Tests.Models;

/// <summary>
/// Every layer added for convnets, normalisation and recurrence through both file formats: predictions identical
/// after Save/Load (BatchNormalization's moving statistics included), configs unchanged, and the .keras weights where
/// Keras 3 puts them.
/// </summary>
public sealed class NewLayerFileRoundTripTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Conv2D → BatchNormalization → pooling → Reshape → Conv1D → LayerNormalization → LSTM → GRU → Dense.</summary>
    private static (Sequential Model, Tensor X) Convolutional()
    {
        Sequential model;
        using (RandomSeed.Scope(17))
        {
            model = new Sequential(
                new Input(8, 8, 2),
                new Conv2D(4, 3, padding: "same", activation: "relu", name: "conv"),
                new BatchNormalization(momentum: 0.8, name: "bn"),
                new MaxPooling2D(2),
                new AveragePooling2D(2, strides: 1, padding: "same"),
                new Conv2D(3, (2, 2), strides: (2, 2), dilationRate: (1, 1), useBias: false),
                new Reshape([4, 3]),
                new Conv1D(5, 2, padding: "causal", dilationRate: 2, activation: "tanh"),
                new LayerNormalization(epsilon: 1e-4),
                new LSTM(3, returnSequences: true),
                new GRU(2, returnSequences: true),
                new GRU(2, resetAfter: false),
                new Dense(2));
        }

        var x = Tensor.RandomNormal(new Shape(6, 8, 8, 2), seed: 5);
        model.Compile(new Adam(learningRate: 0.01), "mse");
        model.Fit(x, Tensor.RandomNormal(new Shape(6, 2), seed: 6), epochs: 2, batchSize: 3, verbose: 0, seed: 1);
        return (model, x);
    }

    /// <summary>Embedding → Conv1D → GlobalAveragePooling2D over a reshaped map → Dense.</summary>
    private static (Sequential Model, Tensor X) Embedded()
    {
        Sequential model;
        using (RandomSeed.Scope(18))
        {
            model = new Sequential(
                new Input(6),
                new Embedding(10, 4),
                new Conv1D(4, 3),
                new Reshape([2, 2, 4]),
                new GlobalAveragePooling2D(),
                new BatchNormalization(center: false),
                new Dense(1));
        }

        var x = Tensor.From([.. Enumerable.Range(0, 24).Select(i => (float)((i * 7) % 10))], 4, 6);
        model.Compile(new SGD(learningRate: 0.1), "mse");
        model.Fit(x, Tensor.RandomNormal(new Shape(4, 1), seed: 2), epochs: 2, batchSize: 2, verbose: 0, seed: 1);
        return (model, x);
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "convolutional", ".keras" }, { "convolutional", ".dgmodel" }, { "embedded", ".keras" }, { "embedded", ".dgmodel" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predictions_weights_and_configs_are_identical_after_Save_and_Load(string which, string extension)
    {
        var (model, x) = which == "convolutional" ? Convolutional() : Embedded();
        var path = Path.Combine(_directory.FullName, which + extension);

        model.Save(path);
        var loaded = Model.Load(path);

        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Layers.Select(l => l.TypeName), loaded.Layers.Select(l => l.TypeName));
        Assert.Equal(
            model.Layers.Skip(1).Select(l => JsonSerializer.Serialize(l.GetConfig())),
            loaded.Layers.Skip(1).Select(l => JsonSerializer.Serialize(l.GetConfig())));
        Assert.Equal(model.Weights.Select(w => (w.Name, w.Trainable)), loaded.Weights.Select(w => (w.Name, w.Trainable)));
        Assert.Equal(model.Weights.Select(w => w.Peek().ToArray()), loaded.Weights.Select(w => w.Peek().ToArray()));

        // Training resumes from the same point too (moving statistics and optimizer state included).
        var y = model.Predict(x);
        model.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 4);
        loaded.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 4);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
    }

    [Theory]
    [InlineData("conv2d", "data_format", "\"channels_first\"")]
    [InlineData("conv2d", "groups", "2")]
    [InlineData("lstm", "return_state", "true")]
    public void A_Keras_option_that_changes_predictions_and_DiffGen_lacks_is_refused_naming_the_layer(string layer, string option, string value)
    {
        var model = new Sequential(new Input(4, 4, 2), new Conv2D(2, 2, name: "conv"), new Reshape([9, 2]), new LSTM(2, name: "rnn"));
        var path = Path.Combine(_directory.FullName, "options.keras");
        model.Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("config.json")!;
            System.Text.Json.Nodes.JsonNode root;
            using (var reader = new StreamReader(entry.Open()))
            {
                root = System.Text.Json.Nodes.JsonNode.Parse(reader.ReadToEnd())!;
            }

            var target = root["config"]!["layers"]!.AsArray().Single(l => (string?)l!["config"]!["name"] == (layer == "conv2d" ? "conv" : "rnn"))!;
            target["config"]![option] = System.Text.Json.Nodes.JsonNode.Parse(value);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("config.json").Open());
            writer.Write(root.ToJsonString());
        }

        var error = Assert.Throws<InvalidDataException>(() => Model.Load(path));

        Assert.Contains(layer == "conv2d" ? "'conv'" : "'rnn'", error.Message);
        Assert.Contains(option, error.Message);
    }

    [Fact]
    public void The_keras_file_uses_Keras_class_names_and_puts_recurrent_weights_in_the_cell()
    {
        var (model, _) = Convolutional();
        var path = Path.Combine(_directory.FullName, "layout.keras");
        model.Save(path);

        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var layers = System.Text.Json.Nodes.JsonNode.Parse(reader.ReadToEnd())!["config"]!["layers"]!.AsArray();
        Assert.Equal(
            ["InputLayer", "Conv2D", "BatchNormalization", "MaxPooling2D", "AveragePooling2D", "Conv2D", "Reshape", "Conv1D", "LayerNormalization", "LSTM", "GRU", "GRU", "Dense"],
            layers.Select(l => (string?)l!["class_name"]));
        Assert.Equal([2, 2], layers[3]!["config"]!["pool_size"]!.AsArray().Select(n => (int)n!));
        Assert.Equal("causal", (string?)layers[7]!["config"]!["padding"]);

        using var weights = new MemoryStream();
        using (var entry = zip.GetEntry("model.weights.h5")!.Open())
        {
            entry.CopyTo(weights);
        }

        weights.Position = 0;
        using var h5 = H5File.Open(weights, leaveOpen: true);
        var group = h5.Group("layers");
        Assert.Equal(
            ["average_pooling2d", "batch_normalization", "conv1d", "conv2d", "conv2d_1", "dense", "gru", "gru_1", "layer_normalization", "lstm", "max_pooling2d", "reshape"],
            group.Children().Select(c => c.Name).Order(StringComparer.Ordinal));

        // Conv2D kernel (kh, kw, in, out); BatchNormalization gamma, beta, moving_mean, moving_variance.
        Assert.Equal([3UL, 3UL, 2UL, 4UL], group.Group("conv2d").Group("vars").Dataset("0").Space.Dimensions);
        var bn = (BatchNormalization)model.Layers[2];
        Assert.Equal(bn.Weights[3].Peek().ToArray(), group.Group("batch_normalization").Group("vars").Dataset("3").Read<float[]>());

        // Keras 3's LSTM and GRU keep their variables in their cell: layers/lstm/cell/vars.
        Assert.False(group.Group("lstm").Group("vars").LinkExists("0"));
        Assert.Equal([5UL, 12UL], group.Group("lstm").Group("cell").Group("vars").Dataset("0").Space.Dimensions);
        Assert.Equal("lstm_cell", group.Group("lstm").Group("cell").Group("vars").Attribute("name").Read<string>());
        Assert.Equal(model.Layers[9].Name, group.Group("lstm").Group("vars").Attribute("name").Read<string>());
        Assert.Equal([2UL, 6UL], group.Group("gru").Group("cell").Group("vars").Dataset("2").Space.Dimensions);
        Assert.Equal([6UL], group.Group("gru_1").Group("cell").Group("vars").Dataset("2").Space.Dimensions);
    }
}
