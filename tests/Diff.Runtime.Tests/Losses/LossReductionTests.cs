namespace DiffGen.Runtime.Tests.Losses;

/// <summary>
/// Keras 3's <c>reduction</c> and <c>sample_weight</c> on every loss, against values worked out by hand. The mse data:
/// y_true = [[1,2],[3,4],[0,0]], y_pred = [[1,4],[3,5],[2,0]] give per-sample losses (0+4)/2 = 2, (0+1)/2 = 0.5 and
/// (4+0)/2 = 2.
/// </summary>
public sealed class LossReductionTests
{
    private static readonly Tensor YTrue = Tensor.From(new float[] { 1, 2, 3, 4, 0, 0 }, 3, 2);
    private static readonly Tensor YPred = Tensor.From(new float[] { 1, 4, 3, 5, 2, 0 }, 3, 2);

    public static TheoryData<string, Func<string?, Loss>> EveryLoss => new()
    {
        { "mse", r => new MeanSquaredError(reduction: r) },
        { "mae", r => new MeanAbsoluteError(reduction: r) },
        { "huber", r => new Huber(reduction: r) },
        { "bce", r => new BinaryCrossentropy(reduction: r) },
        { "cce", r => new CategoricalCrossentropy(reduction: r) },
        { "scce", r => new SparseCategoricalCrossentropy(reduction: r) },
    };

    [Fact]
    public void Default_is_the_mean_of_the_per_sample_losses()
    {
        var loss = new MeanSquaredError();
        Assert.Equal("sum_over_batch_size", loss.Reduction);
        Assert.Equal(4.5 / 3, loss.Call(YTrue, YPred).Item, 6);
    }

    [Fact]
    public void Sum_adds_the_per_sample_losses() =>
        Assert.Equal(4.5, new MeanSquaredError(reduction: "sum").Call(YTrue, YPred).Item, 6);

    [Fact]
    public void None_returns_one_loss_per_sample()
    {
        var values = new MeanSquaredError(reduction: "none").Call(YTrue, YPred);
        Assert.Equal([3], values.Shape.ToArray());
        Assert.Equal(new float[] { 2, 0.5f, 2 }, values.ToArray());
        Assert.Equal("none", new MeanSquaredError(reduction: null).Reduction);
    }

    [Fact]
    public void Sample_weights_multiply_each_sample_before_reducing()
    {
        // Weights 1, 2, 0.5: weighted losses 2, 1, 1.
        var weights = Tensor.From(new float[] { 1, 2, 0.5f }, 3);
        Assert.Equal(new float[] { 2, 1, 1 }, new MeanSquaredError(reduction: "none").Call(YTrue, YPred, weights).ToArray());
        Assert.Equal(4.0, new MeanSquaredError(reduction: "sum").Call(YTrue, YPred, weights).Item, 6);
        Assert.Equal(4.0 / 3, new MeanSquaredError().Call(YTrue, YPred, weights).Item, 6);

        // (n, 1) weights: Keras expands the (n,) losses to (n, 1) to match.
        Assert.Equal(4.0 / 3, new MeanSquaredError().Call(YTrue, YPred, Tensor.From(new float[] { 1, 2, 0.5f }, 3, 1)).Item, 6);
        Assert.Equal([3, 1], new MeanSquaredError(reduction: "none").Call(YTrue, YPred, Tensor.From(new float[] { 1, 2, 0.5f }, 3, 1)).Shape.ToArray());
    }

    [Fact]
    public void Sum_over_batch_size_divides_by_the_number_of_samples_not_by_the_sum_of_the_weights()
    {
        // Only the last sample counts: Keras 3 gives 2/3, not 2 (which dividing by the weights' sum would give).
        var weights = Tensor.From(new float[] { 0, 0, 1 }, 3);
        Assert.Equal(2.0 / 3, new MeanSquaredError().Call(YTrue, YPred, weights).Item, 6);
    }

    [Fact]
    public void A_scalar_weight_scales_every_sample() =>
        Assert.Equal(3.0, new MeanSquaredError().Call(YTrue, YPred, Tensor.From(new float[] { 2 })).Item, 6);

    [Fact]
    public void Per_timestep_weights_match_per_timestep_losses()
    {
        // Predictions (2, 2, 1): per-sample losses of shape (2, 2) are the squared errors 1, 4, 0, 9.
        var yTrue = Tensor.From(new float[] { 0, 0, 0, 0 }, 2, 2, 1);
        var yPred = Tensor.From(new float[] { 1, 2, 0, 3 }, 2, 2, 1);
        var weights = Tensor.From(new float[] { 1, 0, 1, 1 }, 2, 2);
        Assert.Equal(10.0 / 4, new MeanSquaredError().Call(yTrue, yPred, weights).Item, 6);
    }

    [Fact]
    public void Weights_of_the_wrong_length_are_an_error_naming_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Call(YTrue, YPred, Tensor.From(new float[] { 1, 2 }, 2)));
        Assert.Contains("sampleWeight has shape (2,)", error.Message);
        Assert.Contains("(3,)", error.Message);
    }

    [Fact]
    public void An_unknown_reduction_is_an_error_listing_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new MeanSquaredError(reduction: "average"));
        Assert.Contains("'average'", error.Message);
        Assert.Contains("\"sum_over_batch_size\"", error.Message);
    }

    [Theory]
    [MemberData(nameof(EveryLoss))]
    public void Every_loss_reduces_its_own_per_sample_losses(string name, Func<string?, Loss> create)
    {
        var (yTrue, yPred) = name == "scce"
            ? (Tensor.From(new float[] { 0, 1, 1 }, 3), Tensor.From(new float[] { 0.5f, 0.5f, 0.25f, 0.75f, 0.9f, 0.1f }, 3, 2))
            : name is "bce" or "cce"
                ? (Tensor.From(new float[] { 1, 0, 0, 1, 1, 0 }, 3, 2), Tensor.From(new float[] { 0.5f, 0.5f, 0.25f, 0.75f, 0.9f, 0.1f }, 3, 2))
                : (YTrue, YPred);
        var perSample = create("none").Call(yTrue, yPred).ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(3, perSample.Length);
        Assert.Equal(perSample.Sum(), create("sum").Call(yTrue, yPred).Item, 5);
        Assert.Equal(perSample.Average(), create("sum_over_batch_size").Call(yTrue, yPred).Item, 5);
        var weighted = create("none").Call(yTrue, yPred, Tensor.From(new float[] { 3, 0, 1 }, 3)).ToArray();
        Assert.Equal((3 * perSample[0]) + perSample[2], weighted.Sum(), 5);
        Assert.Equal(0, weighted[1]);
        Assert.Equal(name == "huber" ? "huber_loss" : name switch
        {
            "mse" => "mean_squared_error",
            "mae" => "mean_absolute_error",
            "bce" => "binary_crossentropy",
            "cce" => "categorical_crossentropy",
            _ => "sparse_categorical_crossentropy",
        }, create("sum").Name);
        Assert.Equal("sum", create("sum").GetConfig()["reduction"]);
    }

    [Fact]
    public void Cross_entropy_per_sample_values_are_minus_log_of_the_true_class_probability()
    {
        var values = new SparseCategoricalCrossentropy(reduction: "none").Call(
            Tensor.From(new float[] { 0, 1 }, 2), Tensor.From(new float[] { 0.5f, 0.5f, 0.25f, 0.75f }, 2, 2));
        Assert.Equal(-Math.Log(0.5), values.ToArray()[0], 6);
        Assert.Equal(-Math.Log(0.75), values.ToArray()[1], 6);
    }

    [Fact]
    public void Gradient_of_sum_is_the_batch_size_times_that_of_the_mean()
    {
        var prediction = new Variable(YPred);
        float[] Gradient(string reduction)
        {
            using var tape = new GradientTape();
            var value = new MeanSquaredError(reduction: reduction).Call(YTrue, prediction, Tensor.From(new float[] { 1, 2, 0 }, 3));
            return tape.Gradient(value, prediction)!.ToArray();
        }

        // d/dp of Σ w·mean((p − t)²) is w·(p − t) (two columns): weights 1, 2, 0 on errors (0, 2), (0, 1), (2, 0).
        Assert.Equal(new float[] { 0, 2, 0, 2, 0, 0 }, Gradient("sum"));
        Assert.Equal(new float[] { 0, 2 / 3f, 0, 2 / 3f, 0, 0 }, Gradient("sum_over_batch_size"));
    }

    [Fact]
    public void Fit_with_an_unreduced_loss_is_an_error_naming_the_reduction()
    {
        var model = new Sequential(new Dense(1));
        model.Compile(optimizer: new SGD(), loss: new MeanSquaredError(reduction: "none"));
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.From(new float[] { 1, 2 }, 2, 1), Tensor.From(new float[] { 1, 2 }, 2, 1), verbose: 0));
        Assert.Contains("\"none\"", error.Message);
    }
}
