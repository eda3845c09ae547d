namespace DiffGen.Runtime.Tests.Models;

public sealed class FitTests
{
    /// <summary>The lecture's data: x ~ N(0, 1), y = 2x + 1 (+ a little noise when asked).</summary>
    internal static (Tensor X, Tensor Y, float[] Xs, float[] Ys) Linear(int count, int seed, double noise = 0)
    {
        var random = new Random(seed);
        var xs = new float[count];
        var ys = new float[count];
        for (var i = 0; i < count; i++)
        {
            xs[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            ys[i] = (2 * xs[i]) + 1 + (float)(noise * (random.NextDouble() - 0.5));
        }

        return (Tensor.From(xs, count, 1), Tensor.From(ys, count, 1), xs, ys);
    }

    private static (double W, double B) LeastSquares(float[] xs, float[] ys)
    {
        double mx = xs.Average(v => (double)v), my = ys.Average(v => (double)v), sxy = 0, sxx = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }

        return (sxy / sxx, my - (sxy / sxx * mx));
    }

    [Fact]
    public void Fit_on_the_lecture_problem_reaches_the_closed_form()
    {
        var (x, y, xs, ys) = Linear(100, seed: 1, noise: 0.2);
        var dense = new Dense(1);
        var model = new Sequential(dense);
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");

        var history = model.Fit(x, y, epochs: 300, batchSize: 100, verbose: 0);

        var (w, b) = LeastSquares(xs, ys);
        Assert.Equal(w, dense.Kernel!.ToArray()[0], 1e-3);
        Assert.Equal(b, dense.Bias!.ToArray()[0], 1e-3);
        Assert.Equal(300, history["loss"].Count);
        Assert.True(history["loss"][^1] < history["loss"][0]);
    }

    [Fact]
    public void Epoch_loss_is_the_mean_over_samples_of_uneven_batches()
    {
        var (x, y, xs, ys) = Linear(10, seed: 2);
        var model = new Sequential(new Dense(1, kernelInitializer: "ones", biasInitializer: "zeros"));
        model.Compile(optimizer: new SGD(learningRate: 0), loss: "mse");

        var history = model.Fit(x, y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0);

        // ŷ = x, so the loss is mean((x + 1)²) over all ten samples, whatever the batches (4, 4, 2).
        var expected = xs.Select((v, i) => Math.Pow(ys[i] - v, 2)).Average();
        Assert.Equal(expected, history["loss"][0], 5);
    }

    [Fact]
    public void ValidationSplit_holds_out_the_last_samples_before_shuffling()
    {
        var (x, y, xs, ys) = Linear(10, seed: 3);
        var model = new Sequential(new Dense(1, kernelInitializer: "ones"));
        model.Compile(optimizer: new SGD(learningRate: 0), loss: "mse");

        var history = model.Fit(x, y, epochs: 2, validationSplit: 0.2, verbose: 0, seed: 5);

        var validation = new[] { 8, 9 }.Select(i => Math.Pow(ys[i] - xs[i], 2)).Average();
        var training = Enumerable.Range(0, 8).Select(i => Math.Pow(ys[i] - xs[i], 2)).Average();
        Assert.Equal(validation, history["val_loss"][0], 5);
        Assert.Equal(training, history["loss"][0], 5);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_training()
    {
        float[] Train()
        {
            // The weights come from a private seed stream (other tests draw from the global one meanwhile).
            using var seeds = RandomSeed.Scope(11);
            var model = new Sequential(new Dense(8, activation: "relu"), new Dense(1));
            model.Compile(optimizer: "adam", loss: "mse");
            var (x, y, _, _) = Linear(64, seed: 4, noise: 0.5);
            model.Fit(x, y, epochs: 5, batchSize: 16, verbose: 0, seed: 21);
            return [.. model.GetWeights().SelectMany(w => w.ToArray())];
        }

        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Fit_before_Compile_says_to_compile()
    {
        var model = new Sequential(new Dense(1));
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), verbose: 0));
        Assert.Contains("Compile", error.Message);
    }

    [Fact]
    public void Different_sample_counts_are_an_error_that_changes_nothing()
    {
        var model = new Sequential(new Dense(1, kernelInitializer: "ones"));
        model.Compile(optimizer: "sgd", loss: "mse");
        model.Build(1);

        var error = Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Ones(100, 1), Tensor.Ones(90, 1), verbose: 0));

        Assert.Contains("100", error.Message);
        Assert.Contains("90", error.Message);
        Assert.Equal(1f, model.GetWeights()[0].Item);
    }

    [Fact]
    public void A_NaN_loss_stops_with_epoch_and_batch_named_and_the_last_good_weights()
    {
        var (x, y, _, _) = Linear(40, seed: 6);
        var big = Tensor.From([.. x.ToArray().Select(v => v * 1e18f)], 40, 1);
        var model = new Sequential(new Dense(1, kernelInitializer: "ones"));
        model.Compile(optimizer: new SGD(learningRate: 1), loss: "mse");
        float[]? lastGood = null;
        var record = new LambdaCallback(onBatchEnd: (_, _) => lastGood = [.. model.GetWeights().SelectMany(w => w.ToArray())]);

        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(big, y, epochs: 3, batchSize: 10, shuffle: false, verbose: 0, callbacks: [record]));

        Assert.Matches("epoch \\d+, batch \\d+", error.Message);
        var now = model.GetWeights().SelectMany(w => w.ToArray()).ToArray();
        Assert.All(now, v => Assert.True(float.IsFinite(v)));
        if (lastGood is not null)
        {
            Assert.Equal(lastGood, now);
        }
    }

    [Fact]
    public void TerminateOnNaN_stops_quietly()
    {
        var model = new Sequential(new Dense(1, kernelInitializer: "ones"));
        model.Compile(optimizer: new SGD(learningRate: 1), loss: "mse");
        var x = Tensor.From([float.NaN, 1f], 2, 1);
        var terminate = new TerminateOnNaN();

        var history = model.Fit(x, Tensor.Ones(2, 1), epochs: 5, batchSize: 1, shuffle: false, verbose: 0, callbacks: [terminate]);

        Assert.Equal(0, terminate.TerminatedAtBatch);
        Assert.True(history.Epochs.Count <= 1);
    }

    [Fact]
    public void Evaluate_reports_loss_and_metrics()
    {
        var model = new Sequential(new Dense(1, kernelInitializer: "ones"));
        model.Compile(optimizer: "sgd", loss: "mse", metrics: ["mae"]);
        var x = Tensor.From([1f, 2f, 3f], 3, 1);
        var y = Tensor.From([2f, 2f, 5f], 3, 1);

        var all = model.EvaluateAll(x, y, verbose: 0);

        Assert.Equal((1 + 0 + 4) / 3.0, all["loss"], 5);
        Assert.Equal((1 + 0 + 2) / 3.0, all["mae"], 5);
        Assert.Equal(all["loss"], model.Evaluate(x, y, verbose: 0));
    }
}
