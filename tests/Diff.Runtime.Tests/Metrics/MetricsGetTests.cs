namespace DiffGen.Runtime.Tests.Metrics;

/// <summary>Metrics by Keras name, reported under that name.</summary>
public sealed class MetricsGetTests
{
    [Theory]
    [InlineData("mse", typeof(MeanSquaredErrorMetric))]
    [InlineData("mean_squared_error", typeof(MeanSquaredErrorMetric))]
    [InlineData("mae", typeof(MeanAbsoluteErrorMetric))]
    [InlineData("mean_absolute_error", typeof(MeanAbsoluteErrorMetric))]
    [InlineData("binary_accuracy", typeof(BinaryAccuracy))]
    [InlineData("categorical_accuracy", typeof(CategoricalAccuracy))]
    [InlineData("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy))]
    public void Known_names(string name, Type type)
    {
        var metric = DiffGen.Metrics.Get(name);
        Assert.IsType(type, metric);
        Assert.Equal(name, metric.Name);
    }

    [Fact]
    public void Class_defaults_are_Kerases_names()
    {
        Assert.Equal("mean_squared_error", new MeanSquaredErrorMetric().Name);
        Assert.Equal("mean_absolute_error", new MeanAbsoluteErrorMetric().Name);
        Assert.Equal(0.5, new BinaryAccuracy().Threshold);
    }

    [Theory]
    [InlineData("precision")]
    [InlineData("f1")]
    [InlineData("accuracy_score")]
    public void An_unknown_name_is_an_error_listing_the_known_ones(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Metrics.Get(name));
        Assert.Contains($"Unknown metric '{name}'", error.Message);
        Assert.Contains("Known metrics: 'acc', 'accuracy', 'binary_accuracy', 'categorical_accuracy', 'mae', 'mean_absolute_error', 'mean_squared_error', 'mse', 'sparse_categorical_accuracy'.", error.Message);
    }
}
