using static DiffGen.Runtime.Tests.Losses.LossTestData;

namespace DiffGen.Runtime.Tests.Losses;

/// <summary>
/// Each loss's gradient with respect to the predictions, taken by a <see cref="GradientTape"/>, against central
/// finite differences of the double-precision reference; and the gradients where the reference cannot go (extreme
/// logits, clipped probabilities).
/// </summary>
public sealed class LossGradientTests
{
    public static TheoryData<string, Func<Loss>, Func<double[], double[], double>, string> Cases => LossValueTests.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tape_gradient_matches_finite_differences(string name, Func<Loss> create, Func<double[], double[], double> perRow, string kind)
    {
        var (yTrue, yPred) = LossValueTests.Data(kind);
        var expected = LossReference.FiniteDifferences(p => LossReference.Mean(yTrue, p, Columns, perRow), yPred);

        var gradient = PredictionGradient(create(), Matrix(yTrue), Matrix(yPred));

        AssertClose(expected, gradient, name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sparse_categorical_crossentropy_gradient_matches_finite_differences(bool fromLogits)
    {
        var predictions = fromLogits ? Logits() : Scores();
        var reference = fromLogits ? LossReference.CategoricalCrossentropyFromLogits() : LossReference.CategoricalCrossentropy();
        var oneHot = LossReference.OneHot(Labels(), Columns);
        var expected = LossReference.FiniteDifferences(p => LossReference.Mean(oneHot, p, Columns, reference), predictions);

        var gradient = PredictionGradient(new SparseCategoricalCrossentropy(fromLogits), Tensor.From(Labels(), Rows, 1), Matrix(predictions));

        AssertClose(expected, gradient, $"sparse, fromLogits {fromLogits}");
    }

    [Fact]
    public void Binary_crossentropy_gradient_at_extreme_logits_is_sigmoid_minus_label()
    {
        // ∂/∂x of the mean over 4 elements: (σ(x) − z)/4: 0 or ±1/4 at ±100, never NaN.
        var gradient = PredictionGradient(new BinaryCrossentropy(fromLogits: true), Tensor.From([1f, 0, 1, 0], 4), Tensor.From([100f, 100, -100, -100], 4));
        AssertClose([0, 0.25, -0.25, 0], gradient, "bce at ±100");
    }

    [Fact]
    public void Binary_crossentropy_gradient_at_a_logit_of_exactly_0_is_one_half_minus_the_label()
    {
        // A layer initialised at zero outputs logits of exactly 0: the gradient must be σ(0) − z there, not a one-sided guess.
        var gradient = PredictionGradient(new BinaryCrossentropy(fromLogits: true), Tensor.From([1f, 0], 2), Tensor.From([0f, 0], 2));
        AssertClose([-0.25, 0.25], gradient, "bce at 0");
    }

    [Fact]
    public void Categorical_crossentropy_gradient_at_extreme_logits_is_softmax_minus_label()
    {
        var gradient = PredictionGradient(new CategoricalCrossentropy(fromLogits: true), Tensor.From([0f, 1, 0], 1, 3), Tensor.From([100f, -100, 0], 1, 3));
        AssertClose([1, -1, 0], gradient, "cce at ±100");
    }

    [Fact]
    public void Random_logits_up_to_150_give_finite_losses_and_the_closed_form_gradients()
    {
        // 100 seeded batches of 3×4 logits in [−150, 150]: values against log-sum-exp and softplus in double, gradients
        // against (σ(x) − z)/N for the binary loss and (softmax(x) − z)/rows for the categorical ones.
        var random = new Random(20240607);
        for (var trial = 0; trial < 100; trial++)
        {
            var logits = Enumerable.Range(0, 12).Select(_ => (double)(float)((random.NextDouble() * 300) - 150)).ToArray();
            var bits = Enumerable.Range(0, 12).Select(_ => (double)random.Next(2)).ToArray();
            var labels = Enumerable.Range(0, 3).Select(_ => (double)random.Next(4)).ToArray();
            var oneHot = LossReference.OneHot(labels, 4);
            var x = Tensor.From(logits, 3, 4);

            var binary = new BinaryCrossentropy(fromLogits: true);
            var expectedBinary = logits.Zip(bits, (l, z) => Math.Max(l, 0) - (l * z) + Math.Log(1 + Math.Exp(-Math.Abs(l)))).Average();
            Assert.Equal(expectedBinary, binary.Call(Tensor.From(bits, 3, 4), x).Item, 1e-6 * Math.Max(1, expectedBinary));
            AssertClose(logits.Zip(bits, (l, z) => ((1 / (1 + Math.Exp(-l))) - z) / 12).ToArray(), PredictionGradient(binary, Tensor.From(bits, 3, 4), x), $"bce trial {trial}");

            var expectedCategorical = 0.0;
            var expectedGradient = new double[12];
            for (var r = 0; r < 3; r++)
            {
                var row = logits[(r * 4)..((r + 1) * 4)];
                var max = row.Max();
                var logSumExp = max + Math.Log(row.Sum(l => Math.Exp(l - max)));
                expectedCategorical += (logSumExp - row[(int)labels[r]]) / 3;
                for (var k = 0; k < 4; k++)
                {
                    expectedGradient[(r * 4) + k] = (Math.Exp(row[k] - logSumExp) - oneHot[(r * 4) + k]) / 3;
                }
            }

            var categorical = new CategoricalCrossentropy(fromLogits: true);
            var sparse = new SparseCategoricalCrossentropy(fromLogits: true);
            Assert.Equal(expectedCategorical, categorical.Call(Tensor.From(oneHot, 3, 4), x).Item, 1e-6 * Math.Max(1, expectedCategorical));
            Assert.Equal(expectedCategorical, sparse.Call(Tensor.From(labels, 3), x).Item, 1e-6 * Math.Max(1, expectedCategorical));
            AssertClose(expectedGradient, PredictionGradient(categorical, Tensor.From(oneHot, 3, 4), x), $"cce trial {trial}");
            AssertClose(expectedGradient, PredictionGradient(sparse, Tensor.From(labels, 3), x), $"sparse trial {trial}");
        }
    }

    [Fact]
    public void Clipped_probabilities_get_no_gradient()
    {
        // Outside [1e-7, 1 − 1e-7] the loss is flat (TensorFlow's clip_by_value passes no gradient there).
        var bce = PredictionGradient(new BinaryCrossentropy(), Tensor.From([1f, 0f], 2), Tensor.From([0f, 1f], 2));
        Assert.Equal([0f, 0f], bce);
        var cce = PredictionGradient(new CategoricalCrossentropy(), Tensor.From([1f, 0, 0], 1, 3), Tensor.From([0f, 1, 0], 1, 3));
        Assert.All(cce, g => Assert.True(float.IsFinite(g)));
        Assert.Equal(0f, cce[0]);
    }

    [Fact]
    public void Reconciled_shapes_give_the_gradient_in_the_predictions_shape()
    {
        // Labels (4,) against predictions (4, 1): the gradient has the predictions' shape.
        var yPred = Tensor.From([0.5f, 1.5f, -1f, 2f], 4, 1);
        using var tape = new GradientTape();
        tape.Watch(yPred);
        var loss = new MeanSquaredError().Call(Tensor.From([1f, 1, 1, 1], 4), yPred);
        var gradient = tape.Gradient(loss, yPred);

        Assert.Equal(new Shape(4, 1), gradient.Shape);
        AssertClose([-0.25, 0.25, -1, 0.5], gradient.ToArray(), "mse (4,) vs (4,1)");
    }

    /// <summary>∂loss/∂yPred recorded by a tape.</summary>
    private static float[] PredictionGradient(Loss loss, Tensor yTrue, Tensor yPred)
    {
        using var tape = new GradientTape();
        tape.Watch(yPred);
        var value = loss.Call(yTrue, yPred);
        var gradient = tape.Gradient(value, yPred);
        Assert.Equal(yPred.Shape, gradient.Shape);
        return gradient.ToArray();
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-5 + (1e-4 * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}, element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
