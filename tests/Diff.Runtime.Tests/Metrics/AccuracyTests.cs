namespace DiffGen.Runtime.Tests.Metrics;

/// <summary>The three accuracies on Keras' docstring examples, and how "accuracy" picks one.</summary>
public sealed class AccuracyTests
{
    [Fact]
    public void Binary_accuracy_thresholds_predictions()
    {
        // keras.metrics.BinaryAccuracy docstring: 0.75.
        var accuracy = new BinaryAccuracy();
        accuracy.UpdateState(Tensor.From([1f, 1, 0, 0], 4, 1), Tensor.From([0.98f, 1, 0, 0.6f], 4, 1));
        Assert.Equal(0.75, accuracy.Result());
        Assert.Equal("binary_accuracy", accuracy.Name);

        // A higher threshold: 0.6 now counts as 0, 0.98 still as 1.
        var strict = new BinaryAccuracy(threshold: 0.7);
        strict.UpdateState(Tensor.From([1f, 1, 0, 0], 4, 1), Tensor.From([0.98f, 1, 0, 0.6f], 4, 1));
        Assert.Equal(1.0, strict.Result());
    }

    [Fact]
    public void Binary_accuracy_averages_the_last_axis_per_sample()
    {
        // Multi-label rows: (3/3 right) and (2/3 right) → 5/6.
        var accuracy = new BinaryAccuracy();
        accuracy.UpdateState(Tensor.From([1f, 0, 1, 0, 1, 0], 2, 3), Tensor.From([0.9f, 0.2f, 0.8f, 0.1f, 0.3f, 0.2f], 2, 3));
        Assert.Equal(5.0 / 6, accuracy.Result(), 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Binary_accuracy_threshold_must_be_strictly_between_0_and_1(double threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryAccuracy(threshold: threshold));
    }

    [Fact]
    public void Categorical_accuracy_compares_argmaxes()
    {
        // keras.metrics.CategoricalAccuracy docstring: 0.5.
        var accuracy = new CategoricalAccuracy();
        accuracy.UpdateState(Tensor.From([0f, 0, 1, 0, 1, 0], 2, 3), Tensor.From([0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0], 2, 3));
        Assert.Equal(0.5, accuracy.Result());
        Assert.Equal("categorical_accuracy", accuracy.Name);
    }

    [Fact]
    public void Categorical_accuracy_breaks_ties_towards_the_first_class()
    {
        var accuracy = new CategoricalAccuracy();
        accuracy.UpdateState(Tensor.From([1f, 0, 0, 0, 1, 0], 2, 3), Tensor.From([0.4f, 0.4f, 0.2f, 0.4f, 0.4f, 0.2f], 2, 3));
        Assert.Equal(0.5, accuracy.Result());
    }

    [Fact]
    public void Sparse_categorical_accuracy_compares_labels_with_the_argmax()
    {
        // keras.metrics.SparseCategoricalAccuracy docstring: 0.5, with labels as a column and as a vector.
        var predictions = Tensor.From([0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0], 2, 3);
        var column = new SparseCategoricalAccuracy();
        column.UpdateState(Tensor.From([2f, 1], 2, 1), predictions);
        var vector = new SparseCategoricalAccuracy();
        vector.UpdateState(Tensor.From([2f, 1], 2), predictions);

        Assert.Equal(0.5, column.Result());
        Assert.Equal(0.5, vector.Result());
        Assert.Equal("sparse_categorical_accuracy", vector.Name);
    }

    [Theory]
    [InlineData("accuracy")]
    [InlineData("acc")]
    [InlineData("ACC")]
    public void Accuracy_keeps_the_name_it_was_asked_by(string name)
    {
        Assert.Equal(name, DiffGen.Metrics.Get(name).Name);
    }

    [Fact]
    public void Accuracy_with_one_output_is_binary()
    {
        // Binary gives 2/4 here; categorical would give 4/4 (argmax of one column is always 0), sparse 1/4.
        var accuracy = DiffGen.Metrics.Get("accuracy", DiffGen.Losses.Get("mse"));
        accuracy.UpdateState(Tensor.From([1f, 1, 1, 0], 4, 1), Tensor.From([0.9f, 0.8f, 0.3f, 0.6f], 4, 1));
        Assert.Equal(0.5, accuracy.Result());
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 4, 1 })]
    public void Accuracy_with_class_indices_is_sparse(int[] labelShape)
    {
        var accuracy = DiffGen.Metrics.Get("accuracy", new SparseCategoricalCrossentropy());
        accuracy.UpdateState(Tensor.From(new[] { 0f, 2, 1, 1 }, labelShape), Tensor.From([0.7f, 0.2f, 0.1f, 0.1f, 0.2f, 0.7f, 0.3f, 0.3f, 0.4f, 0.1f, 0.8f, 0.1f], 4, 3));
        Assert.Equal(0.75, accuracy.Result());
    }

    [Fact]
    public void Accuracy_with_one_hot_labels_is_categorical()
    {
        var accuracy = DiffGen.Metrics.Get("acc", new CategoricalCrossentropy());
        accuracy.UpdateState(Tensor.From([1f, 0, 0, 0, 0, 1], 2, 3), Tensor.From([0.7f, 0.2f, 0.1f, 0.5f, 0.3f, 0.2f], 2, 3));
        Assert.Equal(0.5, accuracy.Result());
    }

    [Fact]
    public void Accuracy_follows_the_shapes_not_the_loss_as_in_Keras_3()
    {
        // Multi-label outputs trained with binary_crossentropy: Keras 3 picks categorical accuracy from the shapes
        // (both argmaxes agree on both rows → 1.0), where binary accuracy would give 5/6.
        var accuracy = DiffGen.Metrics.Get("accuracy", new BinaryCrossentropy());
        accuracy.UpdateState(Tensor.From([1f, 0, 1, 0, 1, 0], 2, 3), Tensor.From([0.9f, 0.2f, 0.8f, 0.1f, 0.3f, 0.2f], 2, 3));
        Assert.Equal(1.0, accuracy.Result());
    }

    [Fact]
    public void The_kind_chosen_on_the_first_batch_holds()
    {
        var accuracy = DiffGen.Metrics.Get("accuracy");
        accuracy.UpdateState(Tensor.From([1f, 0], 2, 1), Tensor.From([0.9f, 0.4f], 2, 1));

        // Binary accuracy was chosen; a batch of three-class predictions no longer fits it.
        var error = Assert.Throws<ArgumentException>(() => accuracy.UpdateState(Tensor.Zeros(2, 2), Tensor.Zeros(2, 3)));
        Assert.Equal("accuracy: y_true has shape (2,2) but y_pred has shape (2,3).", error.Message);
        Assert.Equal(1.0, accuracy.Result());
    }

    [Fact]
    public void Categorical_accuracy_needs_the_same_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().UpdateState(Tensor.Zeros(4), Tensor.Zeros(4, 3)));
        Assert.StartsWith("categorical_accuracy: y_true has shape (4,) but y_pred has shape (4,3)", error.Message);
    }
}
