namespace DiffGen.Runtime.Tests.Losses;

/// <summary>Keras' reconciliation of (n,) against (n, 1), and the errors for everything else.</summary>
public sealed class LossShapeTests
{
    public static TheoryData<Func<Loss>> ElementwiseLosses => new()
    {
        () => new MeanSquaredError(),
        () => new MeanAbsoluteError(),
        () => new Huber(),
        () => new BinaryCrossentropy(),
        () => new BinaryCrossentropy(fromLogits: true),
    };

    [Theory]
    [MemberData(nameof(ElementwiseLosses))]
    public void A_vector_against_a_column_is_the_column_against_the_column(Func<Loss> create)
    {
        float[] labels = [1, 0, 0, 1];
        float[] predictions = [0.8f, 0.3f, 0.1f, 0.6f];
        var expected = create().Call(Tensor.From(labels, 4, 1), Tensor.From(predictions, 4, 1)).Item;

        Assert.Equal(expected, create().Call(Tensor.From(labels, 4), Tensor.From(predictions, 4, 1)).Item);
        Assert.Equal(expected, create().Call(Tensor.From(labels, 4, 1), Tensor.From(predictions, 4)).Item);
        Assert.Equal(expected, create().Call(Tensor.From(labels, 4), Tensor.From(predictions, 4)).Item, 1e-6);
    }

    [Fact]
    public void A_trailing_axis_of_1_is_squeezed_for_higher_ranks()
    {
        var loss = new MeanSquaredError();
        var yPred = Tensor.From([1f, 2, 3, 4, 5, 6], 2, 3);
        var yTrue = Tensor.Zeros(2, 3, 1);
        Assert.Equal(91 / 6.0, loss.Call(yTrue, yPred).Item, 1e-5);
    }

    [Fact]
    public void Shapes_that_do_not_fit_name_the_loss_and_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Losses.Get("mse").Call(Tensor.Zeros(32, 3), Tensor.Zeros(32, 2)));
        Assert.Equal("mse: y_true has shape (32,3) but y_pred has shape (32,2).", error.Message);

        error = Assert.Throws<ArgumentException>(() => new BinaryCrossentropy().Call(Tensor.Zeros(8), Tensor.Zeros(4, 2)));
        Assert.Equal("binary_crossentropy: y_true has shape (8,) but y_pred has shape (4,2).", error.Message);

        error = Assert.Throws<ArgumentException>(() => new Huber().Call(Tensor.Zeros(5, 1), Tensor.Zeros(4, 1)));
        Assert.Equal("huber_loss: y_true has shape (5,1) but y_pred has shape (4,1).", error.Message);
    }

    [Fact]
    public void Predictions_broadcast_only_within_the_same_samples()
    {
        // Keras broadcasts (4, 1) against (4, 3); shapes that do not broadcast, or other sample counts, are errors.
        Assert.Equal(0f, new MeanSquaredError().Call(Tensor.Zeros(4, 3), Tensor.Zeros(4, 1)).Item);
        Assert.Throws<ArgumentException>(() => new MeanSquaredError().Call(Tensor.Zeros(4, 3), Tensor.Zeros(4, 2)));
        Assert.Throws<ArgumentException>(() => new MeanAbsoluteError().Call(Tensor.Zeros(4, 3), Tensor.Zeros(3)));
    }

    [Fact]
    public void Scalars_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Call(Tensor.Scalar(1), Tensor.Scalar(2)));
        Assert.Contains("mean_squared_error: y_true and y_pred are scalars", error.Message);
    }

    [Fact]
    public void Categorical_crossentropy_with_class_indices_suggests_the_sparse_loss()
    {
        var error = Assert.Throws<ArgumentException>(() => new CategoricalCrossentropy().Call(Tensor.Zeros(4), Tensor.Zeros(4, 3)));
        Assert.Equal("categorical_crossentropy: y_true has shape (4,) but y_pred has shape (4,3) (y_true looks like class indices: use sparse_categorical_crossentropy).", error.Message);
    }

    [Fact]
    public void Sparse_labels_may_be_a_vector_or_a_column()
    {
        var yPred = Tensor.From([0.2f, 0.5f, 0.3f, 0.6f, 0.1f, 0.3f], 2, 3);
        var loss = new SparseCategoricalCrossentropy();
        Assert.Equal(loss.Call(Tensor.From([1f, 0], 2), yPred).Item, loss.Call(Tensor.From([1f, 0], 2, 1), yPred).Item);
    }

    [Fact]
    public void Sparse_labels_of_the_wrong_shape_are_an_error_that_says_what_fits()
    {
        var error = Assert.Throws<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(Tensor.Zeros(4, 3), Tensor.Zeros(4, 3)));
        Assert.Equal("sparse_categorical_crossentropy: y_true has shape (4,3) but y_pred has shape (4,3); y_true should hold one class index per sample, shape (4,) or (4,1) (one-hot labels: use categorical_crossentropy).", error.Message);

        Assert.Throws<ArgumentException>(() => new SparseCategoricalCrossentropy().Call(Tensor.Zeros(5), Tensor.Zeros(4, 3)));
    }

    [Theory]
    [InlineData(3f, "label 3 (sample 1) is outside [0, 3): y_pred has 3 classes.")]
    [InlineData(-1f, "label -1 (sample 1) is outside [0, 3): y_pred has 3 classes.")]
    [InlineData(1.5f, "label 1.5 (sample 1) is not a class index (an integer in [0, 3)).")]
    [InlineData(float.NaN, "label NaN (sample 1) is not a class index (an integer in [0, 3)).")]
    public void A_sparse_label_outside_the_classes_is_named(float label, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new SparseCategoricalCrossentropy(fromLogits: true).Call(Tensor.From([0f, label, 2f], 3), Tensor.Zeros(3, 3)));
        Assert.Equal($"sparse_categorical_crossentropy: {message} (Parameter 'yTrue')", error.Message);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Label_smoothing_must_be_in_0_1(double smoothing)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryCrossentropy(labelSmoothing: smoothing));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalCrossentropy(labelSmoothing: smoothing));
    }

    [Fact]
    public void Targets_with_one_column_broadcast_against_several_outputs_as_in_keras()
    {
        // The lecture fits y of shape (100,1) with a Dense(10) model: each output is compared with y.
        var yTrue = Tensor.From([1f, 2f], 2, 1);
        var yPred = Tensor.From([0f, 1f, 3f, 4f, 2f, 0f], 2, 3);
        var expected = ((1 + 0 + 4) / 3.0 + (4 + 0 + 4) / 3.0) / 2;

        Assert.Equal(expected, DiffGen.Losses.Get("mse").Call(yTrue, yPred).Item, 1e-6);
        var metric = DiffGen.Metrics.Get("mse");
        metric.UpdateState(yTrue, yPred);
        Assert.Equal(expected, metric.Result(), 1e-6);
    }
}
