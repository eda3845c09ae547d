namespace DiffGen.Runtime.Tests.Models;

/// <summary>
/// Keras' <c>sample_weight</c> and <c>class_weight</c> in Fit and Evaluate, against values worked out by hand. The
/// model y = w·x + b starts at w = 1, b = 0; on x = (1, 2, 3), y = (2, 2, 2) its errors are (−1, 0, 1).
/// </summary>
public sealed class SampleWeightTests
{
    private static readonly Tensor X = Tensor.From(new float[] { 1, 2, 3 }, 3, 1);
    private static readonly Tensor Y = Tensor.From(new float[] { 2, 2, 2 }, 3, 1);

    private static Sequential Line(double learningRate = 0.1)
    {
        var model = new Sequential(new Dense(1, kernelInitializer: "ones"));
        model.Compile(optimizer: new SGD(learningRate: learningRate), loss: "mse");
        model.Build(1);
        return model;
    }

    [Fact]
    public void Fit_weighs_each_sample_loss_and_divides_by_the_batch_size()
    {
        var model = Line();

        // Weights (2, 1, 0) on squared errors (1, 0, 1): (2 + 0 + 0) / 3.
        var history = model.Fit(X, Y, batchSize: 3, shuffle: false, verbose: 0, sampleWeight: Tensor.From(new float[] { 2, 1, 0 }, 3));
        Assert.Equal(2.0 / 3, history["loss"][0], 6);

        // d/dw of (1/3)·Σ s·e² is (2/3)·Σ s·e·x = (2/3)·(2·(−1)·1) = −4/3, and the same for b (x replaced by 1):
        // SGD with rate 0.1 moves both by +4/30.
        Assert.Equal(1 + (4.0 / 30), model.GetWeights()[0].Item, 6);
        Assert.Equal(4.0 / 30, model.GetWeights()[1].Item, 6);
    }

    [Fact]
    public void Evaluate_weighs_samples_and_batching_does_not_change_the_mean()
    {
        var model = Line();
        var weights = Tensor.From(new float[] { 1, 1, 3 }, 3);

        // (1·1 + 1·0 + 3·1) / 3 in one batch; in batches of 2: (1 + 0)/2 and 3/1, weighted by 2 and 1 samples: 4/3 too.
        Assert.Equal(4.0 / 3, model.Evaluate(X, Y, batchSize: 3, verbose: 0, sampleWeight: weights), 6);
        Assert.Equal(4.0 / 3, model.Evaluate(X, Y, batchSize: 2, verbose: 0, sampleWeight: weights), 6);
        Assert.Equal(2.0 / 3, model.Evaluate(X, Y, verbose: 0), 6);
    }

    [Fact]
    public void Validation_split_takes_the_last_samples_weights_with_them()
    {
        var model = Line(learningRate: 0);

        // Training on samples 1-2 (weights 1, 1): (1 + 0)/2; validation on sample 3 (weight 5): 5·1.
        var history = model.Fit(X, Y, validationSplit: 0.3, shuffle: false, verbose: 0, sampleWeight: Tensor.From(new float[] { 1, 1, 5 }, 3));
        Assert.Equal(0.5, history["loss"][0], 6);
        Assert.Equal(5.0, history["val_loss"][0], 6);
    }

    [Fact]
    public void Validation_arrays_with_weights_are_weighted()
    {
        // Weights (1, 1, 3) on squared errors (1, 0, 1): (1 + 0 + 3) / 3; training is unweighted: 2/3.
        var history = Line(learningRate: 0).Fit(X, Y, batchSize: 2, shuffle: false, verbose: 0, validationData: (X, Y, Tensor.From(new float[] { 1, 1, 3 }, 3)));
        Assert.Equal(2.0 / 3, history["loss"][0], 6);
        Assert.Equal(4.0 / 3, history["val_loss"][0], 6);
    }

    [Fact]
    public void Class_weight_is_the_sample_weight_of_each_sample_class()
    {
        var random = new Random(5);
        var x = Tensor.From([.. Enumerable.Range(0, 40).Select(_ => (float)random.NextDouble())], 20, 2);
        var labels = new float[] { 0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0, 1, 1, 2, 0, 0, 2, 1 };
        var classWeight = new Dictionary<int, double> { [0] = 2, [2] = 0.25 };
        var sampleWeight = Tensor.From([.. labels.Select(l => l == 0 ? 2f : l == 2 ? 0.25f : 1f)], 20);

        Sequential Model()
        {
            var model = new Sequential(new Dense(3, kernelInitializer: "glorot_uniform"));
            model.Build(2);
            model.Layers[0].SetWeights(Tensor.From([.. Enumerable.Range(0, 6).Select(i => (i - 2.5f) / 5)], 2, 3), Tensor.From(new float[] { 0.1f, 0, -0.1f }, 3));
            model.Compile(optimizer: new Adam(learningRate: 0.05), loss: new SparseCategoricalCrossentropy(fromLogits: true));
            return model;
        }

        var byClass = Model().Fit(x, Tensor.From(labels, 20), epochs: 3, batchSize: 8, seed: 3, verbose: 0, classWeight: classWeight);
        var bySample = Model().Fit(x, Tensor.From(labels, 20), epochs: 3, batchSize: 8, seed: 3, verbose: 0, sampleWeight: sampleWeight);
        Assert.Equal(bySample["loss"], byClass["loss"]);

        // One-hot labels: the class is the argmax of each row.
        var oneHot = new float[60];
        for (var i = 0; i < 20; i++)
        {
            oneHot[(i * 3) + (int)labels[i]] = 1;
        }

        var categorical = Model();
        categorical.Compile(optimizer: new Adam(learningRate: 0.05), loss: new CategoricalCrossentropy(fromLogits: true));
        var byOneHot = categorical.Fit(x, Tensor.From(oneHot, 20, 3), epochs: 3, batchSize: 8, seed: 3, verbose: 0, classWeight: classWeight);
        Assert.Equal(bySample["loss"][0], byOneHot["loss"][0], 5);
    }

    [Fact]
    public void Class_weight_reads_rounded_labels_and_defaults_to_one()
    {
        // 0.9 and 1.2 round to class 1, 2.5 to 2 (halves to even, as NumPy's round), 4 is not listed.
        var weights = ClassWeightsProbe.Of(new Dictionary<int, double> { [1] = 3, [2] = 5 }, Tensor.From(new float[] { 0.9f, 1.2f, 2.5f, 4 }, 4, 1));
        Assert.Equal(new float[] { 3, 3, 5, 1 }, weights);
    }

    [Fact]
    public void Sample_weights_of_the_wrong_length_are_an_error_naming_both_shapes()
    {
        var model = Line();
        var error = Assert.Throws<ArgumentException>(() => model.Fit(X, Y, verbose: 0, sampleWeight: Tensor.From(new float[] { 1, 2 }, 2)));
        Assert.Contains("(2,)", error.Message);
        Assert.Contains("3 samples", error.Message);
        Assert.Equal(1f, model.GetWeights()[0].Item);
        Assert.Throws<ArgumentException>(() => model.Evaluate(X, Y, verbose: 0, sampleWeight: Tensor.From(new float[] { 1, 2, 3, 4 }, 4)));
    }

    [Fact]
    public void Class_and_sample_weights_together_are_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Line().Fit(X, Y, verbose: 0, sampleWeight: Tensor.Ones(3), classWeight: new Dictionary<int, double> { [0] = 1 }));
        Assert.Contains("not both", error.Message);
    }

    /// <summary>The sample weights a class-weight dictionary gives, read through a one-sample-per-batch Fit.</summary>
    private static class ClassWeightsProbe
    {
        public static float[] Of(Dictionary<int, double> classWeight, Tensor y)
        {
            // A model whose loss is exactly its weight per sample: prediction 0 against label y under a loss with
            // per-sample value 1 would need a custom loss; instead compare Evaluate of a constant error per sample.
            var result = new float[y.Shape[0]];
            for (var i = 0; i < result.Length; i++)
            {
                var model = new Sequential(new Dense(1, kernelInitializer: "zeros"));
                model.Compile(optimizer: new SGD(learningRate: 0), loss: "mae");
                model.Build(1);

                // One sample, x = 0, so the prediction is 0 and the mae is |label|; the loss Fit records is weight·|label|.
                var label = Tensor.From(new float[] { y.ToArray()[i] }, 1, 1);
                var loss = model.Fit(Tensor.Zeros(1, 1), label, verbose: 0, classWeight: classWeight)["loss"][0];
                result[i] = (float)Math.Round(loss / Math.Abs(label.Item), 5);
            }

            return result;
        }
    }
}
