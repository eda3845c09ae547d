using System.IO.Compression;
using System.Text.Json.Nodes;
using PureHDF;

namespace DiffGen.Runtime.Tests.Models;

/// <summary>Where a .keras file keeps AdamW, Nadam and schedule-driven optimizers: as Keras 3's saving code does.</summary>
public sealed class KerasOptimizerLayoutTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private (JsonNode Config, IH5Group Vars, IDisposable File, MemoryStream Stream) SaveStepped(Optimizer optimizer)
    {
        Sequential model;
        using (RandomSeed.Scope(3))
        {
            model = new Sequential(new Input(3), new Dense(4), new Dense(1));
        }

        model.Compile(optimizer, "mse");
        model.Fit(Tensor.RandomNormal(new Shape(8, 3), seed: 2), Tensor.RandomNormal(new Shape(8, 1), seed: 4), epochs: 1, batchSize: 4, shuffle: false, verbose: 0);
        var path = Path.Combine(_directory.FullName, "m.keras");
        model.Save(path);

        using var zip = ZipFile.OpenRead(path);
        JsonNode config;
        using (var reader = new StreamReader(zip.GetEntry("config.json")!.Open()))
        {
            config = JsonNode.Parse(reader.ReadToEnd())!;
        }

        var stream = new MemoryStream();
        using (var entry = zip.GetEntry("model.weights.h5")!.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        var h5 = H5File.Open(stream, leaveOpen: true);
        return (config["compile_config"]!["optimizer"]!, h5.Group("optimizer").Group("vars"), h5, stream);
    }

    [Fact]
    public void A_schedule_is_saved_under_learning_rate_and_leaves_no_learning_rate_variable()
    {
        var (config, vars, file, stream) = SaveStepped(new Adam(new ExponentialDecay(0.01, decaySteps: 5, decayRate: 0.5, staircase: true)) { WeightDecay = 0.01 });
        using (file)
        using (stream)
        {
            var rate = config["config"]!["learning_rate"]!;
            Assert.Equal(("keras.optimizers.schedules", "ExponentialDecay"), ((string?)rate["module"], (string?)rate["class_name"]));
            Assert.Equal((0.01, 5.0, 0.5, true), ((double)rate["config"]!["initial_learning_rate"]!, (double)rate["config"]!["decay_steps"]!, (double)rate["config"]!["decay_rate"]!, (bool)rate["config"]!["staircase"]!));
            Assert.Equal(0.01, (double)config["config"]!["weight_decay"]!);

            // Step count, then momentum and velocity of the 4 variables interleaved: no learning-rate variable.
            Assert.Equal(1 + 8, vars.Children().Count());
            Assert.Equal(2L, vars.Dataset("0").Read<long>());
            Assert.Equal([3UL, 4UL], vars.Dataset("1").Space.Dimensions);
            Assert.Equal([3UL, 4UL], vars.Dataset("2").Space.Dimensions);
        }
    }

    [Fact]
    public void Nadam_keeps_momentum_and_velocity_per_variable_then_its_momentum_product()
    {
        var (config, vars, file, stream) = SaveStepped(new Nadam(learningRate: 0.01));
        using (file)
        using (stream)
        {
            Assert.Equal("Nadam", (string?)config["class_name"]);

            // Step count, learning rate, momentum and velocity of each of the 4 variables, then _u_product = Π μₜ
            // (Keras 3.10+: add_optimizer_variables(var_list, ["momentum", "velocity"]) interleaves them).
            Assert.Equal(2 + 8 + 1, vars.Children().Count());
            Assert.Equal([3UL, 4UL], vars.Dataset("2").Space.Dimensions);
            Assert.Equal([3UL, 4UL], vars.Dataset("3").Space.Dimensions);
            Assert.Equal([4UL], vars.Dataset("4").Space.Dimensions);
            Assert.Equal([4UL, 1UL], vars.Dataset("6").Space.Dimensions);
            Assert.Empty(vars.Dataset("10").Space.Dimensions);
            var product = 1f;
            for (var t = 1; t <= 2; t++)
            {
                product = product * 0.9f * (1f - (0.5f * MathF.Pow(0.96f, t))); // Keras' order: (u·β₁)·(1 − ½·0.96ᵗ)
            }

            Assert.Equal(product, vars.Dataset("10").Read<float>());
        }
    }

    [Fact]
    public void A_Nadam_file_of_Keras_3_9_with_its_momentum_product_first_resumes_bit_for_bit()
    {
        static Sequential Compiled()
        {
            Sequential model;
            using (RandomSeed.Scope(9))
            {
                model = new Sequential(new Input(3), new Dense(4, activation: "tanh"), new Dense(1));
            }

            model.Compile(new Nadam(learningRate: 0.02), "mse");
            return model;
        }

        var x = Tensor.RandomNormal(new Shape(8, 3), seed: 2);
        var y = Tensor.RandomNormal(new Shape(8, 1), seed: 4);
        var whole = Compiled();
        whole.Fit(x, y, epochs: 4, batchSize: 4, seed: 3, verbose: 0);
        var first = Compiled();
        first.Fit(x, y, epochs: 2, batchSize: 4, seed: 3, verbose: 0);
        var path = Path.Combine(_directory.FullName, "nadam39.keras");
        first.Save(path);
        MoveMomentumProductFirst(path);

        var resumed = Model.Load(path);
        resumed.Fit(x, y, epochs: 4, initialEpoch: 2, batchSize: 4, seed: 3, verbose: 0);

        Assert.Equal(whole.Weights.Select(w => w.Peek().ToArray()), resumed.Weights.Select(w => w.Peek().ToArray()));
    }

    /// <summary>Rewrites optimizer/vars as Keras 3.9 wrote Nadam's: step, learning rate, _u_product, then the slots.</summary>
    private static void MoveMomentumProductFirst(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("model.weights.h5")!;
        using var source = new MemoryStream();
        using (var read = entry.Open())
        {
            read.CopyTo(source);
        }

        source.Position = 0;
        H5File rewritten;
        using (var h5 = H5File.Open(source, leaveOpen: true))
        {
            var vars = h5.Group("optimizer").Group("vars");
            var count = vars.Children().Count();
            var optimizer = new H5Group { ["0"] = new H5Dataset(vars.Dataset("0").Read<long>()), ["1"] = new H5Dataset(vars.Dataset("1").Read<float>()) };
            optimizer["2"] = new H5Dataset(vars.Dataset((count - 1).ToString()).Read<float>());
            for (var i = 2; i < count - 1; i++)
            {
                var dataset = vars.Dataset(i.ToString());
                optimizer[(i + 1).ToString()] = new H5Dataset(dataset.Read<float[]>(), fileDims: dataset.Space.Dimensions);
            }

            rewritten = new H5File { ["layers"] = Copy(h5.Group("layers")), ["vars"] = new H5Group(), ["optimizer"] = new H5Group { ["vars"] = optimizer } };
        }

        entry.Delete();
        using var buffer = new MemoryStream();
        rewritten.Write(buffer);
        using var write = zip.CreateEntry("model.weights.h5").Open();
        write.Write(buffer.ToArray());
    }

    private static H5Group Copy(IH5Group group)
    {
        var copy = new H5Group();
        foreach (var child in group.Children())
        {
            copy[child.Name] = child is IH5Group inner
                ? Copy(inner)
                : new H5Dataset(((IH5Dataset)child).Read<float[]>(), fileDims: ((IH5Dataset)child).Space.Dimensions);
        }

        return copy;
    }

    [Fact]
    public void AdamW_loads_back_with_its_weight_decay_and_a_cosine_schedule_with_its_warmup()
    {
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(new AdamW(new CosineDecay(0.001, decaySteps: 100, alpha: 0.2, warmupTarget: 0.01, warmupSteps: 10), weightDecay: 0.03, beta1: 0.8), "mse");
        foreach (var extension in new[] { ".keras", ".dgmodel" })
        {
            var path = Path.Combine(_directory.FullName, "adamw" + extension);
            model.Save(path);

            var adamw = Assert.IsType<AdamW>(Model.Load(path).Optimizer);
            Assert.Equal((0.03, 0.8), (adamw.WeightDecay, adamw.Beta1));
            var cosine = Assert.IsType<CosineDecay>(adamw.LearningRateSchedule);
            Assert.Equal((0.001, 100L, 0.2, 0.01, 10L), (cosine.InitialLearningRate, cosine.DecaySteps, cosine.Alpha, cosine.WarmupTarget, cosine.WarmupSteps));
        }
    }

    [Fact]
    public void An_unknown_schedule_class_is_an_error_naming_it_and_the_file()
    {
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(new SGD(new Halving()), "mse");
        var path = Path.Combine(_directory.FullName, "custom.dgmodel");
        model.Save(path);

        var error = Assert.Throws<InvalidDataException>(() => Model.Load(path));
        Assert.Contains("Halving", error.Message);
        Assert.Contains(path, error.Message);
    }

    private sealed class Halving : LearningRateSchedule
    {
        public override double Call(long step) => 0.1 / (1 << (int)Math.Min(step, 20));
    }
}
