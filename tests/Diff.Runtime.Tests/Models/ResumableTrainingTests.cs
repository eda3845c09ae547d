using System.IO.Compression;
using System.Text.Json.Nodes;

namespace DiffGen.Runtime.Tests.Models;

public sealed class ResumableTrainingTests : IDisposable
{
    private static readonly Tensor s_x = Tensor.RandomNormal(new Shape(40, 3), seed: 1);
    private static readonly Tensor s_y = Tensor.From([.. Enumerable.Range(0, 80).Select(i => i % 3 == 0 ? 1f : 0f)], 40, 2);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private static readonly string[] s_optimizers =
    [
        "sgd_momentum", "sgd_nesterov", "adam", "adam_amsgrad", "rmsprop", "rmsprop_momentum_centered", "adagrad",
        "adamw", "adamw_amsgrad", "nadam", "sgd_weight_decay", "adam_exponential_decay", "sgd_cosine_decay_warmup",
        "nadam_piecewise_constant", "adamw_excluding_bias",
    ];

    /// <summary>Weight-decay exclusions have no place in Keras' config, so only DiffGen's format keeps them.</summary>
    private static readonly string[] s_dgmodelOnly = ["adamw_excluding_bias"];

    /// <summary>Every optimizer, through DiffGen's format and through Keras 3's (its optimizer/vars).</summary>
    public static TheoryData<string, string> OptimizerCases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var optimizer in s_optimizers)
            {
                cases.Add(optimizer, ".dgmodel");
                if (!s_dgmodelOnly.Contains(optimizer))
                {
                    cases.Add(optimizer, ".keras");
                }
            }

            return cases;
        }
    }

    private static Optimizer Create(string optimizer) => optimizer switch
    {
        "sgd_momentum" => new SGD(learningRate: 0.05, momentum: 0.9),
        "sgd_nesterov" => new SGD(learningRate: 0.05, momentum: 0.8, nesterov: true) { ClipNorm = 0.5 },
        "adam" => new Adam(learningRate: 0.01),
        "adam_amsgrad" => new Adam(learningRate: 0.01, beta1: 0.8, amsgrad: true),
        "rmsprop" => new RMSprop(learningRate: 0.01),
        "rmsprop_momentum_centered" => new RMSprop(learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true) { GlobalClipNorm = 2 },
        "adagrad" => new Adagrad(learningRate: 0.1, initialAccumulatorValue: 0.2),
        "adamw" => new AdamW(learningRate: 0.01, weightDecay: 0.05),
        "adamw_amsgrad" => new AdamW(learningRate: 0.01, weightDecay: 0.1, beta2: 0.99, amsgrad: true) { ClipValue = 0.3 },
        "nadam" => new Nadam(learningRate: 0.01, beta1: 0.85),
        "sgd_weight_decay" => new SGD(learningRate: 0.05, momentum: 0.5) { WeightDecay = 0.2 },
        "adam_exponential_decay" => new Adam(new ExponentialDecay(0.02, decaySteps: 3, decayRate: 0.7)),
        "sgd_cosine_decay_warmup" => new SGD(new CosineDecay(0.01, decaySteps: 15, alpha: 0.1, warmupTarget: 0.1, warmupSteps: 4), momentum: 0.9),
        "nadam_piecewise_constant" => new Nadam(new PiecewiseConstantDecay([3, 12], [0.02, 0.01, 0.002])),
        "adamw_excluding_bias" => ExcludingBias(new AdamW(learningRate: 0.01, weightDecay: 0.1)),
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };

    private static AdamW ExcludingBias(AdamW optimizer)
    {
        optimizer.ExcludeFromWeightDecay(names: ["bias"]);
        return optimizer;
    }

    private static Sequential Compiled(string optimizer)
    {
        Sequential model;
        using (RandomSeed.Scope(5))
        {
            model = new Sequential(new Input(3), new Dense(6, activation: "tanh"), new Dense(2));
        }

        var created = Create(optimizer);
        if (optimizer == "adamw_excluding_bias")
        {
            // One variable excluded by reference too, as Keras' var_list.
            created.ExcludeFromWeightDecay([model.Layers[^1].Weights[0]]);
        }

        model.Compile(created, new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1), [new BinaryAccuracy("acc", threshold: 0.3)]);
        return model;
    }

    private static History Fit(Model model, int epochs, int initialEpoch = 0) =>
        model.Fit(s_x, s_y, epochs: epochs, batchSize: 8, seed: 11, verbose: 0, initialEpoch: initialEpoch);

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Load_then_Fit_continues_bit_for_bit_as_an_uninterrupted_run(string optimizer, string extension)
    {
        var uninterrupted = Compiled(optimizer);
        var whole = Fit(uninterrupted, epochs: 4);

        var first = Compiled(optimizer);
        Fit(first, epochs: 2);
        var path = Path.Combine(_directory.FullName, "checkpoint" + extension);
        first.Save(path);
        var resumed = Model.Load(path);
        var rest = Fit(resumed, epochs: 4, initialEpoch: 2);

        Assert.Equal(whole["loss"].Skip(2), rest["loss"]);
        Assert.Equal(whole["acc"].Skip(2), rest["acc"]);
        Assert.Equal(uninterrupted.Optimizer!.Iterations, resumed.Optimizer!.Iterations);
        var expected = uninterrupted.GetWeights();
        var actual = resumed.GetWeights();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].ToArray(), actual[i].ToArray());
        }
    }

    [Fact]
    public void The_loaded_optimizer_loss_and_metrics_keep_every_setting()
    {
        var model = new Sequential(new Input(3), new Dense(2));
        var sgd = new SGD(learningRate: 0.05, momentum: 0.7, nesterov: true) { ClipValue = 0.25 };
        model.Compile(sgd, new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.2, name: "cce"), [new BinaryAccuracy("strict", threshold: 0.8), "mae"]);
        sgd.LearningRate = 0.0125; // as a scheduler would have left it
        var path = Path.Combine(_directory.FullName, "settings.dgmodel");
        model.Save(path);

        var loaded = Model.Load(path);

        var optimizer = Assert.IsType<SGD>(loaded.Optimizer);
        Assert.Equal((0.0125, 0.7, true, 0.25), (optimizer.LearningRate, optimizer.Momentum, optimizer.Nesterov, optimizer.ClipValue));
        var loss = Assert.IsType<CategoricalCrossentropy>(loaded.Loss);
        Assert.Equal(("cce", true, 0.2), (loss.Name, loss.FromLogits, loss.LabelSmoothing));
        var strict = Assert.IsType<BinaryAccuracy>(loaded.Metrics[0]);
        Assert.Equal(("strict", 0.8), (strict.Name, strict.Threshold));
        Assert.Equal("mae", loaded.Metrics[1].Name);
    }

    [Fact]
    public void A_Huber_delta_and_Adam_betas_come_back()
    {
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(new Adam(learningRate: 0.003, beta1: 0.85, beta2: 0.99, epsilon: 1e-6), new Huber(delta: 0.25));
        var path = Path.Combine(_directory.FullName, "huber.dgmodel");
        model.Save(path);

        var loaded = Model.Load(path);

        Assert.Equal(0.25, Assert.IsType<Huber>(loaded.Loss).Delta);
        var adam = Assert.IsType<Adam>(loaded.Optimizer);
        Assert.Equal((0.003, 0.85, 0.99, 1e-6, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        Assert.Equal(0, adam.Iterations);
    }

    [Fact]
    public void A_file_in_the_earlier_format_still_loads_with_named_optimizer_and_loss()
    {
        var model = Compiled("adam");
        Fit(model, epochs: 1);
        var path = Path.Combine(_directory.FullName, "old.dgmodel");
        model.Save(path);
        RewriteAsEarlierFormat(path);

        var loaded = Model.Load(path);

        Assert.Equal(model.Predict(s_x).ToArray(), loaded.Predict(s_x).ToArray());
        Assert.IsType<Adam>(loaded.Optimizer);
        Assert.Equal(0.01, loaded.Optimizer!.LearningRate);
        Assert.Equal(0, loaded.Optimizer.Iterations);
        Assert.Equal("binary_crossentropy", loaded.Loss!.Name);
        Assert.Equal(["accuracy"], loaded.Metrics.Select(m => m.Name));
    }

    /// <summary>What Save wrote before this change: bare names in compile_config, no optimizer state.</summary>
    private static void RewriteAsEarlierFormat(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("config.json")!;
        JsonObject root;
        using (var reader = new StreamReader(entry.Open()))
        {
            root = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        }

        root.Remove("optimizer_state");
        root["compile_config"] = new JsonObject
        {
            ["optimizer"] = "adam",
            ["learning_rate"] = 0.01,
            ["loss"] = "binary_crossentropy",
            ["metrics"] = new JsonArray("accuracy"),
        };
        entry.Delete();
        using (var writer = new StreamWriter(zip.CreateEntry("config.json").Open()))
        {
            writer.Write(root.ToJsonString());
        }

        zip.GetEntry("optimizer.weights.bin")!.Delete();
    }
}
