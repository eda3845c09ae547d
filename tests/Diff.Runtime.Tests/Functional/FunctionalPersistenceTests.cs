using System.IO.Compression;
using System.Text.Json.Nodes;

namespace DiffGen.Runtime.Tests.Functional;

/// <summary>
/// Save/Load of a functional model in DiffGen's format and Keras 3's <c>.keras</c>: the same graph, weights, compile
/// settings and optimizer state, so predictions match and training continues bit for bit.
/// </summary>
public sealed class FunctionalPersistenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("model.dgmodel")]
    [InlineData("model.keras")]
    public void A_round_trip_keeps_predictions_and_continued_training_bit_identical(string file)
    {
        var path = Path.Combine(_directory.FullName, file);
        var net = new TwoTowerModel($"persist_{Path.GetExtension(file)[1..]}");
        var (xa, xb) = TwoTowerModel.Inputs(30, 3);
        var (yw, yn) = TwoTowerModel.Targets(30, 5);
        net.Model.Compile(new Adam(learningRate: 0.01), [new MeanSquaredError(), new MeanAbsoluteError()], lossWeights: [1.0, 0.25]);
        net.Model.Fit([xa, xb], [yw, yn], epochs: 2, batchSize: 8, verbose: 0, seed: 4);

        net.Model.Save(path);
        var loaded = Model.Load(path);

        Assert.Equal("Functional", loaded.TypeName);
        Assert.Equal(net.Model.Name, loaded.Name);
        Assert.Equal(net.Model.Layers.Select(l => (l.Name, l.TypeName)), loaded.Layers.Select(l => (l.Name, l.TypeName)));
        Assert.Equal(net.Model.OutputNames, loaded.OutputNames);
        Assert.Equal(["mean_squared_error", "mean_absolute_error"], loaded.OutputLosses.Select(l => l.Name));
        Assert.Equal([1.0, 0.25], loaded.LossWeights!);
        var before = net.Model.Predict([xa, xb]);
        var after = loaded.Predict([xa, xb]);
        Assert.Equal(before[0].ToArray(), after[0].ToArray());
        Assert.Equal(before[1].ToArray(), after[1].ToArray());

        // The shared layer is still one layer called twice.
        Assert.Single(loaded.Layers, l => l.Name == net.Shared.Name);
        Assert.Equal(6, loaded.TrainableVariables.Count);

        var h1 = net.Model.Fit([xa, xb], [yw, yn], epochs: 4, batchSize: 8, verbose: 0, seed: 4, initialEpoch: 2);
        var h2 = loaded.Fit([xa, xb], [yw, yn], epochs: 4, batchSize: 8, verbose: 0, seed: 4, initialEpoch: 2);
        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(net.Model.Weights.Select(w => w.Peek().ToArray()), loaded.Weights.Select(w => w.Peek().ToArray()));
    }

    [Fact]
    public void A_keras_file_holds_a_functional_config_as_keras_3_writes_it()
    {
        var path = Path.Combine(_directory.FullName, "graph.keras");
        var net = new TwoTowerModel("kcfg");
        net.Model.Save(path);

        JsonNode root;
        using (var zip = ZipFile.OpenRead(path))
        using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
        {
            root = JsonNode.Parse(reader.ReadToEnd())!;
        }

        Assert.Equal("Functional", (string?)root["class_name"]);
        var config = root["config"]!;
        Assert.Equal("""[["kcfg_a",0,0],["kcfg_b",0,0]]""", config["input_layers"]!.ToJsonString());
        Assert.Equal("""[["kcfg_wide",0,0],["kcfg_narrow",0,0]]""", config["output_layers"]!.ToJsonString());
        var layers = config["layers"]!.AsArray().ToDictionary(l => (string)l!["name"]!);
        Assert.Equal("InputLayer", (string?)layers["kcfg_a"]!["class_name"]);
        Assert.Empty(layers["kcfg_a"]!["inbound_nodes"]!.AsArray());

        // The shared layer: two calls, each on one __keras_tensor__ naming the input's layer, call and tensor index.
        var shared = layers["kcfg_shared"]!["inbound_nodes"]!.AsArray();
        Assert.Equal(2, shared.Count);
        var tensor = shared[1]!["args"]![0]!;
        Assert.Equal("__keras_tensor__", (string?)tensor["class_name"]);
        Assert.Equal("""["kcfg_b",0,0]""", tensor["config"]!["keras_history"]!.ToJsonString());
        Assert.Equal("[null,3]", tensor["config"]!["shape"]!.ToJsonString());

        // A merge layer's one argument is the list of its inputs: the shared layer's first and second call.
        var concat = layers["kcfg_concat"]!["inbound_nodes"]![0]!["args"]![0]!.AsArray();
        Assert.Equal(["""["kcfg_shared",0,0]""", """["kcfg_shared",1,0]"""], concat.Select(t => t!["config"]!["keras_history"]!.ToJsonString()));
        Assert.Equal("[[null,4],[null,4]]", layers["kcfg_concat"]!["build_config"]!["input_shape"]!.ToJsonString());
        Assert.Equal(-1, (int)layers["kcfg_concat"]!["config"]!["axis"]!);
    }

    [Theory]
    [InlineData("single.keras")]
    [InlineData("single.dgmodel")]
    public void A_model_made_from_one_tensor_writes_bare_triples_as_keras_3_does_and_keeps_them(string file)
    {
        var path = Path.Combine(_directory.FullName, file);
        var input = new Input([2], $"single_{Path.GetExtension(file)[1..]}_in");
        var model = new Model(input, new Dense(1, name: $"single_{Path.GetExtension(file)[1..]}_out").Call(input));
        model.Save(path);

        var loaded = Model.Load(path);
        using (var zip = ZipFile.OpenRead(path))
        using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
        {
            var config = JsonNode.Parse(reader.ReadToEnd())!["config"]!;
            Assert.Equal($"""["{input.Name}",0,0]""", config["input_layers"]!.ToJsonString());
        }

        var x = Tensor.RandomNormal(new Shape(3, 2), 1);
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(model.GetConfig()),
            System.Text.Json.JsonSerializer.Serialize(loaded.GetConfig()));
    }

    [Fact]
    public void Sequential_Load_of_a_functional_file_says_to_use_Model_Load()
    {
        var path = Path.Combine(_directory.FullName, "f.dgmodel");
        new TwoTowerModel("seqload").Model.Save(path);

        var error = Assert.Throws<InvalidDataException>(() => Sequential.Load(path));
        Assert.Contains("Model.Load", error.Message);
    }

}
