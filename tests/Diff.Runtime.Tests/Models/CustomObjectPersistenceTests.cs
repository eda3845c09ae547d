using System.Text.Json.Nodes;
using DiffGen.Runtime.Tests.Generated;

namespace DiffGen.Runtime.Tests.Models;

/// <summary>The radial basis layer of samples/CustomOps, with a name so that a loaded model keeps its layer names.</summary>
public sealed partial class RadialBasisUnits(int units, string? name = null)
    : SpanLayer(units, kernelInitializer: new RandomUniform(-1.5, 1.5, seed: 7), name: name)
{
    /// <summary>exp(−e^s·‖x − c‖²): the unit's centre c, then its log-width s.</summary>
    [Differentiable, TapeOp]
    public static float Unit(ReadOnlySpan<float> weights, ReadOnlySpan<float> input)
    {
        var distance = 0f;
        for (var i = 0; i < input.Length; i++)
        {
            var d = input[i] - weights[i];
            distance += d * d;
        }

        return MathF.Exp(-MathF.Exp(weights[input.Length]) * distance);
    }

    protected override Tensor Apply(Tensor kernel, Tensor inputs) => UnitOp(kernel, inputs);
}

/// <summary>
/// <see cref="Model.Save"/> and <see cref="Model.Load"/> of a model built from custom pieces — a <see cref="SpanLayer"/>,
/// lifted activations and a lifted loss — given back to Load as Keras' <c>custom_objects</c> are; and the errors that
/// name what is missing and where to pass it.
/// </summary>
public sealed class CustomObjectPersistenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private static readonly ActivationFunction Clip = LiftedFunctions.SoftClipActivation(2f);

    private static readonly Loss Huber = ConstantLosses.HuberLoss(0.5f);

    private static Dictionary<string, Func<Tensor, Tensor>> Activations() => new()
    {
        [LiftedFunctions.SwishActivation.Name] = LiftedFunctions.SwishActivation.Function,
        [Clip.Name] = Clip.Function,
    };

    private static Dictionary<string, Func<JsonObject, Layer>> Layers() => new()
    {
        ["RadialBasisUnits"] = config => new RadialBasisUnits((int)config["units"]!, (string?)config["name"]),
    };

    private static Dictionary<string, Loss> Losses() => new() { [Huber.Name] = Huber };

    /// <summary>A model of the custom pieces, trained a little and saved; with the data it was trained on.</summary>
    private (string Path, Sequential Model, Tensor X, Tensor Y) SaveTrained(string extension = ".dgmodel")
    {
        var random = new Random(4);
        var xs = Enumerable.Range(0, 64).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var x = Tensor.From(xs, 32, 2);
        var y = Tensor.From([.. Enumerable.Range(0, 32).Select(i => MathF.Sin(xs[2 * i]) * xs[(2 * i) + 1])], 32, 1);
        var model = new Sequential(
            new RadialBasisUnits(6, name: "rbf"),
            new Dense(5, activation: LiftedFunctions.SwishActivation),
            new Dense(4, activation: Clip),
            new Dense(1));
        model.Compile(optimizer: new Adam(learningRate: 0.02), loss: Huber, metrics: ["mae"]);
        model.Fit(x, y, epochs: 3, batchSize: 8, seed: 2, verbose: 0);
        var path = Path.Combine(_directory.FullName, "custom" + extension);
        model.Save(path);
        return (path, model, x, y);
    }

    private string SavedModel() => SaveTrained().Path;

    [Theory]
    [InlineData(".dgmodel")]
    [InlineData(".keras")]
    public void A_model_of_custom_pieces_loads_with_identical_predictions_layers_and_compile_settings(string extension)
    {
        var (path, model, x, y) = SaveTrained(extension);

        var loaded = Model.Load(path, customActivations: Activations(), customLayers: Layers(), customLosses: Losses());

        var probe = Tensor.RandomNormal(new Shape(9, 2), seed: 8);
        Assert.Equal(model.Predict(probe).ToArray(), loaded.Predict(probe).ToArray());
        Assert.Equal(model.Layers.Select(l => (l.TypeName, l.Name)), loaded.Layers.Select(l => (l.TypeName, l.Name)));
        Assert.Equal(6, Assert.IsType<RadialBasisUnits>(loaded.Layers[0]).Units);
        Assert.Equal(
            ["LiftedFunctions.Swish", "LiftedFunctions.SoftClip(limit=2)", "linear"],
            loaded.Layers.Skip(1).Select(l => ((Dense)l).Activation.Name));
        Assert.Same(Huber, loaded.Loss);
        Assert.Equal(model.Optimizer!.Name, loaded.Optimizer!.Name);
        Assert.Equal(model.Optimizer.LearningRate, loaded.Optimizer.LearningRate);
        Assert.Equal(model.Metrics.Select(m => m.Name), loaded.Metrics.Select(m => m.Name));
        Assert.Equal(model.Evaluate(x, y, verbose: 0), loaded.Evaluate(x, y, verbose: 0));
    }

    [Fact]
    public void A_missing_custom_layer_is_named_with_its_saved_config_and_the_parameter_to_pass_it_in()
    {
        var path = SavedModel();

        var error = Assert.Throws<InvalidDataException>(() => Model.Load(path, customActivations: Activations(), customLosses: Losses()));

        Assert.Contains("'RadialBasisUnits'", error.Message);
        Assert.Contains("'rbf'", error.Message);
        Assert.Contains("customLayers", error.Message);
        Assert.Contains("\"units\":6", error.Message);
    }

    [Fact]
    public void A_missing_custom_activation_is_named_with_its_layer_and_the_parameter_to_pass_it_in()
    {
        var path = SavedModel();
        var onlySwish = new Dictionary<string, Func<Tensor, Tensor>> { [LiftedFunctions.SwishActivation.Name] = LiftedFunctions.SwishActivation.Function };

        var error = Assert.Throws<InvalidDataException>(() => Model.Load(path, customActivations: onlySwish, customLayers: Layers(), customLosses: Losses()));

        Assert.Contains("'LiftedFunctions.SoftClip(limit=2)'", error.Message);
        Assert.Contains("customActivations", error.Message);
    }

    [Fact]
    public void A_missing_custom_loss_is_named_with_the_parameter_to_pass_it_in()
    {
        var path = SavedModel();

        var error = Assert.Throws<InvalidDataException>(() => Model.Load(path, customActivations: Activations(), customLayers: Layers()));

        Assert.Contains("'ConstantLosses.Huber(delta=0.5)'", error.Message);
        Assert.Contains("customLosses", error.Message);
    }

    [Fact]
    public void A_custom_layer_factory_that_fails_or_returns_null_is_named()
    {
        var path = SavedModel();
        var failing = new Dictionary<string, Func<JsonObject, Layer>> { ["RadialBasisUnits"] = config => new RadialBasisUnits((int)config["width"]!) };
        var returningNull = new Dictionary<string, Func<JsonObject, Layer>> { ["RadialBasisUnits"] = _ => null! };

        var failed = Assert.Throws<InvalidDataException>(() => Model.Load(path, Activations(), failing, Losses()));
        var nulled = Assert.Throws<InvalidDataException>(() => Model.Load(path, Activations(), returningNull, Losses()));

        Assert.Contains("customLayers[\"RadialBasisUnits\"]", failed.Message);
        Assert.NotNull(failed.InnerException);
        Assert.Contains("customLayers[\"RadialBasisUnits\"] returned null", nulled.Message);
    }

    [Fact]
    public void The_saved_config_holds_the_span_layers_class_name_units_and_name_and_the_lifted_losss_name()
    {
        var path = SavedModel();
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("config.json")!.Open());
        var root = JsonNode.Parse(reader.ReadToEnd())!;

        var layer = root["config"]!["layers"]![0]!;
        Assert.Equal("RadialBasisUnits", (string?)layer["class_name"]);
        Assert.Equal(6, (int)layer["config"]!["units"]!);
        Assert.Equal("rbf", (string?)layer["config"]!["name"]);
        Assert.Equal("ConstantLosses.Huber(delta=0.5)", (string?)root["compile_config"]!["loss"]!["config"]!["name"]);
    }
}
