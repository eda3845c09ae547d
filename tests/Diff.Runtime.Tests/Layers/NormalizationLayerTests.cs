using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// LayerNormalization and BatchNormalization: values against direct double loops, gradients (input, gamma, beta)
/// against central differences — through the batch statistics while training — and BatchNormalization's moving
/// statistics: Keras' update rule, non-trainable, used at inference, and what Fit/Evaluate/Predict pass.
/// </summary>
public sealed class NormalizationLayerTests
{
    [Theory]
    [InlineData(new[] { 4, 6 }, -1, 1)]
    [InlineData(new[] { 2, 3, 5 }, -1, 2)]
    [InlineData(new[] { 2, 4, 3 }, 1, 3)]
    public void LayerNormalization_matches_a_direct_loop(int[] shape, int axis, int seed)
    {
        var random = new Random(seed);
        var layer = new LayerNormalization(axis: axis);
        layer.Build(shape[1..]);
        var normalized = axis < 0 ? shape.Length + axis : axis;
        layer.SetWeights(Rand.Uniform(random, [shape[normalized]], 0.5, 1.5), Rand.Uniform(random, [shape[normalized]], -1, 1));
        var x = Rand.Uniform(random, shape, -2, 2);
        var (outer, n, inner) = Split(shape, normalized);

        LayerCheck.Check($"LayerNormalization axis {axis}", layer, x, r => NormalizationReference.Normalize(r[0], outer, n, inner, perSample: true, 1e-3, r[1], r[2]), seed);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 1, 2 }, 5)]
    [InlineData(new[] { 2, 3, 2, 2 }, new[] { -1, -2 }, 6)]
    [InlineData(new[] { 2, 3, 2, 2 }, new[] { 1, 2 }, 7)]
    public void LayerNormalization_over_adjacent_axes_matches_a_direct_loop(int[] shape, int[] axes, int seed)
    {
        var random = new Random(seed);
        var layer = new LayerNormalization(axes);
        layer.Build(shape[1..]);
        var normalized = axes.Select(a => a < 0 ? a + shape.Length : a).Order().ToArray();
        int[] weightShape = [.. shape[normalized[0]..(normalized[^1] + 1)]];
        Assert.Equal(weightShape, layer.Gamma!.Shape.ToArray());
        layer.SetWeights(Rand.Uniform(random, weightShape, 0.5, 1.5), Rand.Uniform(random, weightShape, -1, 1));
        var x = Rand.Uniform(random, shape, -2, 2);
        var outer = shape[..normalized[0]].Aggregate(1, (p, d) => p * d);
        var n = weightShape.Aggregate(1, (p, d) => p * d);

        LayerCheck.Check($"LayerNormalization axes [{string.Join(", ", axes)}]", layer, x, r => NormalizationReference.Normalize(r[0], outer, n, x.Size / (outer * n), perSample: true, 1e-3, r[1], r[2]), seed);
    }

    [Fact]
    public void LayerNormalization_rejects_separated_axes_naming_the_layer()
    {
        var error = Assert.Throws<ArgumentException>(() => new LayerNormalization([1, 3], name: "ln_b").Call(Tensor.Ones(2, 3, 4, 5)));
        Assert.Contains("'ln_b'", error.Message);
        Assert.Contains("adjacent", error.Message);
        Assert.Contains("(None, 3, 4, 5)", error.Message);
    }

    [Theory]
    [InlineData(new[] { 6, 4 }, -1, true, 11)]
    [InlineData(new[] { 3, 2, 2, 3 }, -1, true, 12)]
    [InlineData(new[] { 3, 4, 5 }, 1, true, 13)]
    [InlineData(new[] { 6, 4 }, -1, false, 14)]
    [InlineData(new[] { 3, 2, 2, 3 }, -1, false, 15)]
    public void BatchNormalization_matches_a_direct_loop_in_training_and_inference(int[] shape, int axis, bool training, int seed)
    {
        var random = new Random(seed);
        var layer = new BatchNormalization(axis: axis);
        layer.Build(shape[1..]);
        var normalized = axis < 0 ? shape.Length + axis : axis;
        var c = shape[normalized];
        layer.SetWeights(Rand.Uniform(random, [c], 0.5, 1.5), Rand.Uniform(random, [c], -1, 1), Rand.Uniform(random, [c], -1, 1), Rand.Uniform(random, [c], 0.5, 2));
        var x = Rand.Uniform(random, shape, -2, 2);
        var (outer, n, inner) = Split(shape, normalized);

        LayerCheck.Check(
            $"BatchNormalization axis {axis} training {training}",
            layer,
            x,
            r => training
                ? NormalizationReference.Normalize(r[0], outer, n, inner, perSample: false, 1e-3, r[1], r[2])
                : NormalizationReference.Normalize(r[0], outer, n, inner, perSample: false, 1e-3, r[1], r[2], r[3], r[4]),
            seed,
            training: training);
    }

    [Fact]
    public void BatchNormalization_weights_are_in_keras_order_with_non_trainable_moving_statistics()
    {
        var layer = new BatchNormalization();
        layer.Build(3);

        Assert.Equal(["gamma", "beta", "moving_mean", "moving_variance"], layer.Weights.Select(w => w.Name));
        Assert.Equal(["gamma", "beta"], layer.TrainableVariables.Select(w => w.Name));
        Assert.Equal(["moving_mean", "moving_variance"], layer.NonTrainableVariables.Select(w => w.Name));
        Assert.Equal([1f, 1f, 1f], layer.Gamma!.ToArray());
        Assert.Equal([0f, 0f, 0f], layer.MovingMean!.ToArray());
        Assert.Equal([1f, 1f, 1f], layer.MovingVariance!.ToArray());
        Assert.Equal(0.99, layer.Momentum);
        Assert.Equal(1e-3, layer.Epsilon);
    }

    [Fact]
    public void BatchNormalization_moves_its_statistics_by_the_keras_rule_only_while_training()
    {
        var layer = new BatchNormalization(momentum: 0.9);
        var x = Tensor.From([1f, 10, 3, 20, 8, 60], 3, 2);

        layer.Call(x); // inference: nothing moves
        Assert.Equal([0f, 0f], layer.MovingMean!.ToArray());

        layer.Call(x, training: true);
        // Column means 4 and 30; biased variances (9+1+16)/3 and (400+100+900)/3.
        double[] mean = [4, 30], variance = [26.0 / 3, 1400.0 / 3];
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(0.1 * mean[c], layer.MovingMean.ToArray()[c], 1e-5);
            Assert.Equal((0.9 * 1) + (0.1 * variance[c]), layer.MovingVariance!.ToArray()[c], 1e-4);
        }

        var frozen = new BatchNormalization { Trainable = false };
        frozen.Call(x, training: true); // a frozen layer runs in inference mode, as in Keras 3
        Assert.Equal([0f, 0f], frozen.MovingMean!.ToArray());
    }

    [Fact]
    public void Fit_trains_with_batch_statistics_and_Evaluate_and_Predict_use_the_moving_ones()
    {
        using var seed = RandomSeed.Scope(5);
        var bn = new BatchNormalization();
        var model = new Sequential(new Input(2), bn, new Dense(1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var x = Tensor.From([2f, 5, 4, 7, 6, 9, 8, 11], 4, 2);
        var y = Tensor.From([1f, 2, 3, 4], 4, 1);

        var beforeMean = bn.MovingMean!.ToArray();
        model.Fit(x, y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0);
        Assert.NotEqual(beforeMean, bn.MovingMean.ToArray()); // Fit passed training: true

        var afterFit = bn.MovingMean.ToArray();
        model.Evaluate(x, y, verbose: 0);
        model.Predict(x);
        Assert.Equal(afterFit, bn.MovingMean.ToArray()); // neither moved them

        // Predict normalizes with the moving statistics: compare with the formula on them.
        var gamma = bn.Gamma!.ToArray();
        var beta = bn.Beta!.ToArray();
        var mm = bn.MovingMean.ToArray();
        var mv = bn.MovingVariance!.ToArray();
        var dense = (Dense)model.Layers[^1];
        var kernel = dense.Kernel!.ToArray();
        var bias = dense.Bias!.ToArray();
        var predicted = model.Predict(x).ToArray();
        for (var i = 0; i < 4; i++)
        {
            double expected = bias[0];
            for (var c = 0; c < 2; c++)
            {
                expected += (((x.ToArray()[(i * 2) + c] - mm[c]) / Math.Sqrt(mv[c] + 1e-3) * gamma[c]) + beta[c]) * kernel[c];
            }

            Assert.Equal(expected, predicted[i], 1e-4);
        }
    }

    [Fact]
    public void A_batch_with_a_NaN_leaves_the_moving_statistics_as_they_were()
    {
        // Fit discards a step whose loss is NaN and keeps the weights of the last good step; the moving statistics too.
        var layer = new BatchNormalization();
        layer.Call(Tensor.From([1f, 2, 3, 4], 2, 2), training: true);
        var mean = layer.MovingMean!.ToArray();
        var variance = layer.MovingVariance!.ToArray();

        var y = layer.Call(Tensor.From([1f, float.NaN, 3, 4], 2, 2), training: true);

        Assert.Contains(float.NaN, y.ToArray());
        Assert.Equal(mean, layer.MovingMean.ToArray());
        Assert.Equal(variance, layer.MovingVariance!.ToArray());
    }

    [Fact]
    public void Normalization_errors_name_the_layer_and_the_shapes()
    {
        var bn = new BatchNormalization(name: "bn_a");
        bn.Call(Tensor.Ones(2, 3));
        var channels = Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Ones(2, 4)));
        Assert.Contains("'bn_a'", channels.Message);
        Assert.Contains("(2, 4)", channels.Message);
        Assert.Contains("3", channels.Message);

        var axis = Assert.Throws<ArgumentException>(() => new LayerNormalization(axis: 2, name: "ln_a").Call(Tensor.Ones(2, 3)));
        Assert.Contains("'ln_a'", axis.Message);
        Assert.Contains("axis 2", axis.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(momentum: 1.5));
    }

    private static (int Outer, int N, int Inner) Split(int[] shape, int axis) =>
        (shape[..axis].Aggregate(1, (p, d) => p * d), shape[axis], shape[(axis + 1)..].Aggregate(1, (p, d) => p * d));
}
