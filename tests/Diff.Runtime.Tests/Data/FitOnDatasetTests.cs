using DiffGen.Runtime.Tests.Models;

namespace DiffGen.Runtime.Tests.Data;

/// <summary>Fit, Evaluate and Predict over datasets and enumerables of batches, against the same over tensors.</summary>
public sealed class FitOnDatasetTests
{
    private static Sequential Model(string loss = "mse")
    {
        var model = new Sequential(new Dense(4, activation: "tanh"), new Dense(1));
        model.Build(1);
        model.Layers[0].SetWeights(Tensor.From(new float[] { 0.5f, -0.3f, 0.8f, 0.1f }, 1, 4), Tensor.From(new float[] { 0.1f, 0, -0.1f, 0.2f }, 4));
        model.Layers[1].SetWeights(Tensor.From(new float[] { 0.4f, -0.6f, 0.2f, 0.9f }, 4, 1), Tensor.From(new float[] { 0.05f }, 1));
        model.Compile(optimizer: new Adam(learningRate: 0.05), loss: loss, metrics: ["mae"]);
        return model;
    }

    private static float[] Weights(Model model) => [.. model.GetWeights().SelectMany(w => w.ToArray())];

    [Fact]
    public void Fit_over_a_dataset_is_bit_identical_to_fit_over_the_same_tensors_unshuffled()
    {
        var (x, y, _, _) = FitTests.Linear(37, seed: 4, noise: 0.3);
        var (xv, yv, _, _) = FitTests.Linear(11, seed: 5);
        var onTensors = Model();
        var expected = onTensors.Fit(x, y, epochs: 3, batchSize: 8, shuffle: false, verbose: 0, validationData: (xv, yv));

        var batches = Dataset.FromTensorSlices(x, y).Batch(8);
        foreach (var dataset in new[] { batches, batches.Prefetch(2), Dataset.FromGenerator(batches.Select(b => (b.X, b.Y!)).ToList()) })
        {
            var model = Model();
            var history = model.Fit(dataset, epochs: 3, verbose: 0, validationData: Dataset.FromTensorSlices(xv, yv).Batch(8));
            Assert.Equal(expected["loss"], history["loss"]);
            Assert.Equal(expected["mae"], history["mae"]);
            Assert.Equal(expected["val_loss"], history["val_loss"]);
            Assert.Equal(Weights(onTensors), Weights(model));
        }

        // An enumerable of (x, y) batches, as is.
        var listed = Model();
        var fromList = listed.Fit(batches.Select(b => (b.X, b.Y!)).ToList(), epochs: 3, verbose: 0, validationData: Dataset.FromTensorSlices(xv, yv).Batch(8));
        Assert.Equal(expected["loss"], fromList["loss"]);
        Assert.Equal(expected["val_loss"], fromList["val_loss"]);

        // Arrays as validation data of a dataset Fit are batched by 32, as Keras' default.
        var byArrays = Model().Fit(batches, epochs: 1, verbose: 0, validationData: (xv, yv));
        var byBatches = Model().Fit(batches, epochs: 1, verbose: 0, validationData: Dataset.FromTensorSlices(xv, yv).Batch(32));
        Assert.Equal(byBatches["val_loss"], byArrays["val_loss"]);
    }

    [Fact]
    public void Evaluate_and_predict_over_a_dataset_equal_those_over_tensors()
    {
        var (x, y, _, _) = FitTests.Linear(29, seed: 6);
        var model = Model();
        var batches = Dataset.FromTensorSlices(x, y).Batch(32);
        Assert.Equal(model.EvaluateAll(x, y, verbose: 0), model.EvaluateAll(batches, verbose: 0));
        Assert.Equal(model.Evaluate(x, y, batchSize: 5, verbose: 0), model.Evaluate(Dataset.FromTensorSlices(x, y).Batch(5), verbose: 0), 6);
        Assert.Equal(model.Predict(x).ToArray(), model.Predict(Dataset.FromTensorSlices(x).Batch(32)).ToArray());
        Assert.Equal(model.Predict(x, batchSize: 4).ToArray(), model.Predict(Dataset.FromTensorSlices(x, y).Batch(4).Prefetch(1)).ToArray());
        Assert.Equal([8, 1], model.Predict(Dataset.FromTensorSlices(x).Batch(4), steps: 2).Shape.ToArray());

        // Steps: the first batches only (here the first 8 samples).
        Assert.Equal(model.Evaluate(Batches(x, 8), Batches(y, 8), verbose: 0), model.Evaluate(Dataset.FromTensorSlices(x, y).Batch(4), steps: 2, verbose: 0), 6);
    }

    private static Tensor Batches(Tensor t, int count) => Tensor.From(t.ToArray()[..count], count, 1);

    [Fact]
    public void Sample_weights_in_the_batches_equal_sample_weights_given_to_fit()
    {
        var (x, y, _, _) = FitTests.Linear(20, seed: 7, noise: 0.5);
        var weights = Tensor.From([.. Enumerable.Range(0, 20).Select(i => (i % 3) * 0.5f)], 20);
        var expected = Model().Fit(x, y, epochs: 2, batchSize: 6, shuffle: false, verbose: 0, sampleWeight: weights);
        var history = Model().Fit(Dataset.FromTensorSlices(x, y, weights).Batch(6), epochs: 2, verbose: 0);
        Assert.Equal(expected["loss"], history["loss"]);

        var evaluated = Model();
        Assert.Equal(evaluated.Evaluate(x, y, batchSize: 6, verbose: 0, sampleWeight: weights), evaluated.Evaluate(Dataset.FromTensorSlices(x, y, weights).Batch(6), verbose: 0), 6);
    }

    [Fact]
    public void Class_weight_over_a_dataset_equals_the_corresponding_sample_weights()
    {
        var random = new Random(9);
        var x = Tensor.From([.. Enumerable.Range(0, 24).Select(_ => (float)random.NextDouble())], 24, 1);
        var labels = Tensor.From([.. Enumerable.Range(0, 24).Select(i => (float)(i % 2))], 24);
        var weights = Tensor.From([.. Enumerable.Range(0, 24).Select(i => i % 2 == 0 ? 1f : 4f)], 24);
        Sequential Classifier()
        {
            var model = new Sequential(new Dense(1));
            model.Build(1);
            model.Layers[0].SetWeights(Tensor.From(new float[] { 0.3f }, 1, 1), Tensor.From(new float[] { -0.2f }, 1));
            model.Compile(optimizer: new SGD(learningRate: 0.5), loss: new BinaryCrossentropy(fromLogits: true));
            return model;
        }

        var bySample = Classifier().Fit(Dataset.FromTensorSlices(x, labels, weights).Batch(5), epochs: 3, verbose: 0);
        var byClass = Classifier().Fit(Dataset.FromTensorSlices(x, labels).Batch(5), epochs: 3, verbose: 0, classWeight: new Dictionary<int, double> { [1] = 4 });
        Assert.Equal(bySample["loss"], byClass["loss"]);

        var error = Assert.Throws<ArgumentException>(() => Classifier().Fit(Dataset.FromTensorSlices(x, labels, weights).Batch(5), verbose: 0, classWeight: new Dictionary<int, double> { [1] = 4 }));
        Assert.Contains("classWeight", error.Message);
    }

    [Fact]
    public void A_shuffled_dataset_trains_reproducibly_from_its_seed_and_sees_every_sample_each_epoch()
    {
        var (x, y, _, _) = FitTests.Linear(30, seed: 8);
        History Run() => Model().Fit(Dataset.FromTensorSlices(x, y).Shuffle(30, seed: 3).Batch(7), epochs: 3, verbose: 0);
        Assert.Equal(Run()["loss"], Run()["loss"]);

        // Every epoch's batches hold each sample once.
        var seen = new List<float>();
        var perEpoch = new List<List<float>>();
        var model = Model();
        var source = Dataset.FromGenerator(Dataset.FromTensorSlices(x, y).Shuffle(30, seed: 3).Batch(7).Select(b =>
        {
            seen.AddRange(b.X.ToArray());
            return (b.X, b.Y!);
        }));
        model.Fit(source, epochs: 2, verbose: 0, callbacks: [new LambdaCallback(onEpochEnd: (_, _) => { perEpoch.Add([.. seen]); seen.Clear(); })]);
        Assert.All(perEpoch, epoch => Assert.Equal(x.ToArray().Order(), epoch.Order()));
        Assert.NotEqual(perEpoch[0], perEpoch[1]);
    }

    [Fact]
    public void Steps_per_epoch_continues_one_pass_across_epochs_and_restarts_when_it_runs_out()
    {
        var (x, y, _, _) = FitTests.Linear(10, seed: 9);
        var passes = 0;
        IEnumerable<(Tensor X, Tensor Y)> Counted()
        {
            passes++;
            foreach (var (bx, by, _) in Dataset.FromTensorSlices(x, y).Batch(2))
            {
                yield return (bx, by!);
            }
        }

        var steps = new List<int>();
        var firstX = new List<float>();
        var count = 0;
        var model = Model();
        var batches = Dataset.FromGenerator(Counted().Select(b => { firstX.Add(b.X.ToArray()[0]); return b; }));
        var history = model.Fit(batches, epochs: 4, verbose: 0, stepsPerEpoch: 2, callbacks: [new LambdaCallback(
            onBatchEnd: (_, _) => count++,
            onEpochEnd: (_, _) => { steps.Add(count); count = 0; })]);

        // 5 batches: epochs take 2, 2, then the last one (the pass ran out), then a new pass.
        Assert.Equal([2, 2, 1, 2], steps);
        Assert.Equal(2, passes);
        Assert.Equal(x.ToArray()[0], firstX[5]);
        Assert.Equal(4, history["loss"].Count);
    }

    [Fact]
    public void Steps_per_epoch_dividing_the_pass_exactly_restarts_without_losing_an_epoch()
    {
        var (x, y, _, _) = FitTests.Linear(8, seed: 10);
        var steps = new List<int>();
        var count = 0;
        Model().Fit(Dataset.FromTensorSlices(x, y).Batch(2), epochs: 3, verbose: 0, stepsPerEpoch: 2, callbacks: [new LambdaCallback(
            onBatchEnd: (_, _) => count++,
            onEpochEnd: (_, _) => { steps.Add(count); count = 0; })]);
        Assert.Equal([2, 2, 2], steps);
    }

    [Fact]
    public void Fit_propagates_an_exception_from_a_prefetched_pipeline()
    {
        IEnumerable<(Tensor X, Tensor Y)> Failing()
        {
            yield return (Tensor.Ones(2, 1), Tensor.Ones(2, 1));
            throw new IOException("disk gone");
        }

        var error = Assert.Throws<IOException>(() => Model().Fit(Dataset.FromGenerator(Failing()).Prefetch(4), verbose: 0));
        Assert.Equal("disk gone", error.Message);
    }

    [Fact]
    public void Batches_without_targets_or_with_mismatched_parts_are_errors_naming_them()
    {
        var noY = Assert.Throws<ArgumentException>(() => Model().Fit(Dataset.FromTensorSlices(Tensor.Ones(4, 1)).Batch(2), verbose: 0));
        Assert.Contains("no y", noY.Message);

        var mismatch = Assert.Throws<ArgumentException>(() => Model().Fit([(Tensor.Ones(4, 1), Tensor.Ones(3, 1))], verbose: 0));
        Assert.Contains("(4,1)", mismatch.Message);
        Assert.Contains("(3,1)", mismatch.Message);

        var weights = Assert.Throws<ArgumentException>(() => Model().Fit([(Tensor.Ones(4, 1), Tensor.Ones(4, 1), Tensor.Ones(3))], verbose: 0));
        Assert.Contains("sample weights of shape (3,)", weights.Message);

        var empty = Assert.Throws<ArgumentException>(() => Model().Fit(Dataset.FromTensorSlices(Tensor.Ones(4, 1), Tensor.Ones(4, 1)).Batch(2).Take(0), verbose: 0));
        Assert.Contains("no batches", empty.Message);
    }

    [Fact]
    public async Task An_async_stream_of_batches_trains_like_the_batches()
    {
        var (x, y, _, _) = FitTests.Linear(12, seed: 11);
        var list = Dataset.FromTensorSlices(x, y).Batch(5).Select(b => (b.X, b.Y!)).ToList();
        async IAsyncEnumerable<(Tensor X, Tensor Y)> Stream()
        {
            foreach (var batch in list)
            {
                await Task.Yield();
                yield return batch;
            }
        }

        var expected = Model().Fit(list, epochs: 2, verbose: 0);
        var history = await Task.Run(() => Model().Fit(Stream(), epochs: 2, verbose: 0));
        Assert.Equal(expected["loss"], history["loss"]);
    }
}
