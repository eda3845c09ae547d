using static DiffGen.Runtime.Tests.Losses.LossTestData;

namespace DiffGen.Runtime.Tests.Losses;

/// <summary>Each loss's value against the double-precision reference, Keras' docstring examples, and the extremes.</summary>
public sealed class LossValueTests
{
    public static TheoryData<string, Func<Loss>, Func<double[], double[], double>, string> Cases => new()
    {
        { "mse", () => new MeanSquaredError(), LossReference.Mse, "regression" },
        { "mae", () => new MeanAbsoluteError(), LossReference.Mae, "regression" },
        { "huber", () => new Huber(), LossReference.Huber(1.0), "regression" },
        { "huber δ 0.5", () => new Huber(0.5), LossReference.Huber(0.5), "regression" },
        { "bce", () => new BinaryCrossentropy(), LossReference.BinaryCrossentropy(), "binary" },
        { "bce smoothing", () => new BinaryCrossentropy(labelSmoothing: 0.2), LossReference.BinaryCrossentropy(0.2), "binary" },
        { "bce logits", () => new BinaryCrossentropy(fromLogits: true), LossReference.BinaryCrossentropyFromLogits(), "binary logits" },
        { "bce logits smoothing", () => new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1), LossReference.BinaryCrossentropyFromLogits(0.1), "binary logits" },
        { "cce", () => new CategoricalCrossentropy(), LossReference.CategoricalCrossentropy(), "categorical" },
        { "cce smoothing", () => new CategoricalCrossentropy(labelSmoothing: 0.3), LossReference.CategoricalCrossentropy(0.3), "categorical" },
        { "cce logits", () => new CategoricalCrossentropy(fromLogits: true), LossReference.CategoricalCrossentropyFromLogits(), "categorical logits" },
        { "cce logits smoothing", () => new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.3), LossReference.CategoricalCrossentropyFromLogits(0.3), "categorical logits" },
    };

    /// <summary>Labels and predictions of each kind of data.</summary>
    public static (double[] YTrue, double[] YPred) Data(string kind) => kind switch
    {
        "regression" => Regression(),
        "binary" => Binary(),
        "binary logits" => (Binary().YTrue, Logits()),
        "categorical" => (LossReference.OneHot(Labels(), Columns), Scores()),
        "categorical logits" => (LossReference.OneHot(Labels(), Columns), Logits()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Value_is_the_mean_over_the_batch_of_the_per_sample_loss(string name, Func<Loss> create, Func<double[], double[], double> perRow, string kind)
    {
        var (yTrue, yPred) = Data(kind);
        var expected = LossReference.Mean(yTrue, yPred, Columns, perRow);

        var loss = create().Call(Matrix(yTrue), Matrix(yPred));

        Assert.Equal(Shape.Scalar, loss.Shape);
        Assert.True(Math.Abs(expected - loss.Item) <= 2e-6 * Math.Max(1, Math.Abs(expected)), $"{name}: expected {expected:R}, got {loss.Item:R}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sparse_categorical_crossentropy_is_categorical_crossentropy_of_the_one_hot_labels(bool fromLogits)
    {
        var predictions = fromLogits ? Logits() : Scores();
        var reference = fromLogits ? LossReference.CategoricalCrossentropyFromLogits() : LossReference.CategoricalCrossentropy();
        var expected = LossReference.Mean(LossReference.OneHot(Labels(), Columns), predictions, Columns, reference);

        var loss = new SparseCategoricalCrossentropy(fromLogits).Call(Tensor.From(Labels(), Rows), Matrix(predictions));

        Assert.Equal(expected, loss.Item, 2e-6 * expected);
    }

    [Fact]
    public void Kerases_docstring_examples()
    {
        // keras.losses.CategoricalCrossentropy / SparseCategoricalCrossentropy: 1.177.
        var probabilities = Tensor.From([0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f], 2, 3);
        Assert.Equal(1.177, new CategoricalCrossentropy().Call(Tensor.From([0f, 1, 0, 0, 0, 1], 2, 3), probabilities).Item, 1e-3);
        Assert.Equal(1.177, new SparseCategoricalCrossentropy().Call(Tensor.From([1f, 2], 2), probabilities).Item, 1e-3);

        // keras.losses.binary_crossentropy: per sample [0.916, 0.714]; keras.losses.huber: 0.155.
        var yTrue = Tensor.From([0f, 1, 0, 0], 2, 2);
        var yPred = Tensor.From([0.6f, 0.4f, 0.4f, 0.6f], 2, 2);
        Assert.Equal((0.916290731874155 + 0.7135581778200728) / 2, new BinaryCrossentropy().Call(yTrue, yPred).Item, 1e-6);
        Assert.Equal(0.155, new Huber().Call(yTrue, yPred).Item, 1e-6);
    }

    [Fact]
    public void Probabilities_of_0_and_1_are_clipped_to_1e7()
    {
        // −log(1e-7) = 16.118 for p = 0 against 1; for p = 1 against 0 the upper clip is float32's 1 − 1e-7 = 0.99999988,
        // so −log(1.19e-7) = 15.942 — what Keras computes in float32 too.
        var bce = new BinaryCrossentropy();
        Assert.Equal(16.11809565095832, bce.Call(Tensor.From([1f], 1), Tensor.From([0f], 1)).Item, 1e-4);
        Assert.Equal(15.942385152878742, bce.Call(Tensor.From([0f], 1), Tensor.From([1f], 1)).Item, 1e-4);
        Assert.Equal(0, bce.Call(Tensor.From([1f, 0f], 2), Tensor.From([1f, 0f], 2)).Item, 1e-6);

        var cce = new CategoricalCrossentropy();
        Assert.Equal(16.11809565095832, cce.Call(Tensor.From([1f, 0, 0], 1, 3), Tensor.From([0f, 1, 0], 1, 3)).Item, 1e-4);
    }

    [Fact]
    public void Extreme_logits_give_finite_exact_losses()
    {
        // Binary: log(1 + e^100) − 100·z is 100 for z = 0 and about 0 for z = 1; x = −100 mirrors it.
        var bce = new BinaryCrossentropy(fromLogits: true);
        Assert.Equal(0, bce.Call(Tensor.From([1f], 1), Tensor.From([100f], 1)).Item, 1e-6);
        Assert.Equal(100, bce.Call(Tensor.From([0f], 1), Tensor.From([100f], 1)).Item, 1e-4);
        Assert.Equal(100, bce.Call(Tensor.From([1f], 1), Tensor.From([-100f], 1)).Item, 1e-4);
        Assert.Equal(0, bce.Call(Tensor.From([0f], 1), Tensor.From([-100f], 1)).Item, 1e-6);

        // Categorical: logits (100, −100, 0) with the label on the second class: log-sum-exp 100 − (−100) = 200.
        var cce = new CategoricalCrossentropy(fromLogits: true);
        Assert.Equal(200, cce.Call(Tensor.From([0f, 1, 0], 1, 3), Tensor.From([100f, -100, 0], 1, 3)).Item, 1e-3);
        Assert.Equal(0, cce.Call(Tensor.From([1f, 0, 0], 1, 3), Tensor.From([100f, -100, 0], 1, 3)).Item, 1e-6);
        var scce = new SparseCategoricalCrossentropy(fromLogits: true);
        Assert.Equal(200, scce.Call(Tensor.From([1f], 1), Tensor.From([100f, -100, 0], 1, 3)).Item, 1e-3);
    }

    [Fact]
    public void Label_smoothing_by_hand()
    {
        // Binary, s = 0.2: z = 1 becomes 0.9; −(0.9·log 0.9 + 0.1·log 0.1) = 0.325083.
        Assert.Equal(0.3250829733914482, new BinaryCrossentropy(labelSmoothing: 0.2).Call(Tensor.From([1f], 1, 1), Tensor.From([0.9f], 1, 1)).Item, 1e-6);

        // Categorical, s = 0.3 over 3 classes: (1, 0, 0) becomes (0.8, 0.1, 0.1).
        var expected = -((0.8 * Math.Log(0.7)) + (0.1 * Math.Log(0.2)) + (0.1 * Math.Log(0.1)));
        Assert.Equal(expected, new CategoricalCrossentropy(labelSmoothing: 0.3).Call(Tensor.From([1f, 0, 0], 1, 3), Tensor.From([0.7f, 0.2f, 0.1f], 1, 3)).Item, 1e-6);
    }

    [Fact]
    public void Categorical_crossentropy_rescales_rows_before_the_log()
    {
        // (2, 1, 1) is read as (0.5, 0.25, 0.25).
        Assert.Equal(-Math.Log(0.5), new CategoricalCrossentropy().Call(Tensor.From([1f, 0, 0], 1, 3), Tensor.From([2f, 1, 1], 1, 3)).Item, 1e-6);
    }

    [Fact]
    public void Categorical_crossentropy_along_another_axis()
    {
        // Classes on axis 0: the transpose of a batch gives the same loss.
        var yTrue = LossReference.OneHot(Labels(), Columns);
        var expected = new CategoricalCrossentropy(fromLogits: true).Call(Matrix(yTrue), Matrix(Logits())).Item;
        var transposed = new CategoricalCrossentropy(fromLogits: true, axis: 0).Call(Ops.Transpose(Matrix(yTrue)), Ops.Transpose(Matrix(Logits()))).Item;
        Assert.Equal(expected, transposed, 1e-6);
    }

    [Fact]
    public void An_empty_batch_gives_0()
    {
        Assert.Equal(0f, new MeanSquaredError().Call(Tensor.Zeros(0, 3), Tensor.Zeros(0, 3)).Item);
    }

    [Fact]
    public void Ranks_above_2_average_every_position()
    {
        // (2, 2, 2): four per-sample values, each a mean over the last axis.
        var yTrue = Tensor.From([1f, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2);
        var yPred = Tensor.Zeros(2, 2, 2);
        Assert.Equal((1 + 4 + 9 + 16 + 25 + 36 + 49 + 64) / 8.0, new MeanSquaredError().Call(yTrue, yPred).Item, 1e-5);
    }
}
