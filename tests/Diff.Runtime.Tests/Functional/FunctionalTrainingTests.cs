namespace DiffGen.Runtime.Tests.Functional;

/// <summary><c>Compile</c> with a loss per output and <c>Fit</c>/<c>Evaluate</c>/<c>Predict</c> on one array per input and output.</summary>
public sealed class FunctionalTrainingTests
{
    [Fact]
    public void The_loss_is_the_weighted_sum_of_each_outputs_loss()
    {
        var net = new TwoTowerModel("weighted");
        var (xa, xb) = TwoTowerModel.Inputs(12, 3);
        var (yWide, yNarrow) = TwoTowerModel.Targets(12, 5);
        net.Model.Compile(new SGD(), new Dictionary<string, Loss> { ["weighted_narrow"] = new MeanAbsoluteError(), ["weighted_wide"] = new MeanSquaredError() },
            lossWeights: new Dictionary<string, double> { ["weighted_wide"] = 1.0, ["weighted_narrow"] = 0.5 });

        var logs = net.Model.EvaluateAll([xa, xb], [yWide, yNarrow], batchSize: 12, verbose: 0);
        var predictions = net.Model.Predict([xa, xb]);
        var wide = new MeanSquaredError().Call(yWide, predictions[0]).Item;
        var narrow = new MeanAbsoluteError().Call(yNarrow, predictions[1]).Item;

        Assert.Equal(wide, logs["weighted_wide_loss"], 6);
        Assert.Equal(narrow, logs["weighted_narrow_loss"], 6);
        Assert.Equal(wide + (0.5 * narrow), logs["loss"], 5);
        Assert.Equal(["mean_squared_error", "mean_absolute_error"], net.Model.OutputLosses.Select(l => l.Name));
        Assert.Equal([1.0, 0.5], net.Model.LossWeights!);
    }

    [Fact]
    public void Fit_lowers_both_losses_and_logs_them_per_output()
    {
        var net = new TwoTowerModel("fit");
        var (xa, xb) = TwoTowerModel.Inputs(64, 11);
        var yWide = Ops.MatMul(Ops.Tanh(xa), Tensor.From([0.5f, -0.2f, 0.1f, 0.3f, -0.4f, 0.2f], 3, 2));
        var yNarrow = Ops.ReduceSum(xb, axis: 1, keepDims: true) * 0.2f;
        net.Model.Compile(new Adam(learningRate: 0.02), ["mse", "mse"], lossWeights: [1.0, 2.0]);

        var history = net.Model.Fit([xa, xb], [yWide, yNarrow], epochs: 30, batchSize: 16, validationSplit: 0.25, verbose: 0, seed: 1);

        Assert.True(history["loss"][^1] < 0.5 * history["loss"][0], $"loss {history["loss"][0]} → {history["loss"][^1]}");
        Assert.True(history["fit_wide_loss"][^1] < history["fit_wide_loss"][0]);
        Assert.True(history["fit_narrow_loss"][^1] < history["fit_narrow_loss"][0]);
        Assert.Equal(30, history["val_loss"].Count);
        Assert.Equal(2, net.Model.Predict([xa, xb], batchSize: 10).Length);
        Assert.Equal([64, 1], net.Model.Predict([xa, xb], batchSize: 10)[1].Shape.ToArray());
    }

    [Fact]
    public void Metrics_per_output_are_logged_with_the_outputs_name_and_saved()
    {
        var net = new TwoTowerModel("metric");
        var (xa, xb) = TwoTowerModel.Inputs(16, 3);
        var (yw, yn) = TwoTowerModel.Targets(16, 5);
        net.Model.Compile(new SGD(), ["mse", "mse"], metrics: [[new MeanAbsoluteErrorMetric()], []]);

        var logs = net.Model.EvaluateAll([xa, xb], [yw, yn], verbose: 0);
        var mae = new MeanAbsoluteError().Call(yw, net.Model.Predict([xa, xb])[0]).Item;

        Assert.Equal(["loss", "metric_wide_loss", "metric_narrow_loss", "metric_wide_mean_absolute_error"], logs.Keys);
        Assert.Equal(mae, logs["metric_wide_mean_absolute_error"], 6);
        var error = Assert.Throws<ArgumentException>(() => net.Model.Compile(new SGD(), new MeanSquaredError(), [new MeanAbsoluteErrorMetric()]));
        Assert.Contains("one list per output", error.Message);

        foreach (var file in new[] { "m.dgmodel", "m.keras" })
        {
            var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}{file}");
            try
            {
                net.Model.Save(path);
                Assert.Equal(logs, Model.Load(path).EvaluateAll([xa, xb], [yw, yn], verbose: 0));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void A_stream_of_array_batches_trains_as_the_arrays_do_unshuffled()
    {
        var fromArrays = new TwoTowerModel("stream_arrays");
        var fromStream = new TwoTowerModel("stream_batches");
        var (xa, xb) = TwoTowerModel.Inputs(24, 6);
        var (yw, yn) = TwoTowerModel.Targets(24, 8);
        fromArrays.Model.Compile(new SGD(learningRate: 0.1), ["mse", "mae"]);
        fromStream.Model.Compile(new SGD(learningRate: 0.1), ["mse", "mae"]);

        IEnumerable<(Tensor[] X, Tensor[] Y)> Batches()
        {
            for (var start = 0; start < 24; start += 8)
            {
                Tensor Rows(Tensor t) => Tensor.From(t.ToArray().AsSpan(start * t.Shape[1], 8 * t.Shape[1]), new Shape(8, t.Shape[1]));
                yield return ([Rows(xa), Rows(xb)], [Rows(yw), Rows(yn)]);
            }
        }

        var h1 = fromArrays.Model.Fit([xa, xb], [yw, yn], epochs: 3, batchSize: 8, shuffle: false, verbose: 0);
        var h2 = fromStream.Model.Fit(Batches(), epochs: 3, verbose: 0);

        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(h1["stream_arrays_narrow_loss"], h2["stream_batches_narrow_loss"]);
        Assert.Equal(fromArrays.Model.Weights.Select(w => w.Peek().ToArray()), fromStream.Model.Weights.Select(w => w.Peek().ToArray()));
        Assert.Equal(fromArrays.Model.EvaluateAll([xa, xb], [yw, yn], batchSize: 8, verbose: 0)["loss"], fromStream.Model.EvaluateAll(Batches(), verbose: 0)["loss"]);
    }

    [Fact]
    public void Fit_with_the_same_seed_is_deterministic()
    {
        double[] Run()
        {
            var net = new TwoTowerModel("repeat");
            var (xa, xb) = TwoTowerModel.Inputs(20, 2);
            var (yw, yn) = TwoTowerModel.Targets(20, 4);
            net.Model.Compile(new SGD(learningRate: 0.05, momentum: 0.9), new MeanSquaredError());
            return [.. net.Model.Fit([xa, xb], [yw, yn], epochs: 3, batchSize: 6, verbose: 0, seed: 5)["loss"]];
        }

        Assert.Equal(Run(), Run());
    }
}
