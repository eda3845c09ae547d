namespace DiffGen.Runtime.Tests.Losses;

/// <summary>Losses by Keras name and alias.</summary>
public sealed class LossesGetTests
{
    [Theory]
    [InlineData("mse", typeof(MeanSquaredError))]
    [InlineData("mean_squared_error", typeof(MeanSquaredError))]
    [InlineData("MSE", typeof(MeanSquaredError))]
    [InlineData("mae", typeof(MeanAbsoluteError))]
    [InlineData("mean_absolute_error", typeof(MeanAbsoluteError))]
    [InlineData("binary_crossentropy", typeof(BinaryCrossentropy))]
    [InlineData("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [InlineData("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [InlineData("huber", typeof(Huber))]
    public void Known_names_and_aliases(string name, Type type)
    {
        var loss = DiffGen.Losses.Get(name);
        Assert.IsType(type, loss);
        Assert.Equal(name, loss.Name);
    }

    [Fact]
    public void Looked_up_losses_have_Kerases_defaults()
    {
        var bce = Assert.IsType<BinaryCrossentropy>(DiffGen.Losses.Get("binary_crossentropy"));
        Assert.Equal((false, 0.0), (bce.FromLogits, bce.LabelSmoothing));
        var cce = Assert.IsType<CategoricalCrossentropy>(DiffGen.Losses.Get("categorical_crossentropy"));
        Assert.Equal((false, 0.0, -1), (cce.FromLogits, cce.LabelSmoothing, cce.Axis));
        Assert.False(Assert.IsType<SparseCategoricalCrossentropy>(DiffGen.Losses.Get("sparse_categorical_crossentropy")).FromLogits);
        Assert.Equal(1.0, Assert.IsType<Huber>(DiffGen.Losses.Get("huber")).Delta);
    }

    [Fact]
    public void Class_names_are_Kerases()
    {
        Assert.Equal("mean_squared_error", new MeanSquaredError().Name);
        Assert.Equal("mean_absolute_error", new MeanAbsoluteError().Name);
        Assert.Equal("huber_loss", new Huber().Name);
        Assert.Equal("binary_crossentropy", new BinaryCrossentropy().Name);
        Assert.Equal("categorical_crossentropy", new CategoricalCrossentropy().Name);
        Assert.Equal("sparse_categorical_crossentropy", new SparseCategoricalCrossentropy().Name);
    }

    [Theory]
    [InlineData("crossentropy")]
    [InlineData("mean_square_error")]
    [InlineData("rmse")]
    public void An_unknown_name_is_an_error_listing_the_known_ones(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Losses.Get(name));
        Assert.Contains($"Unknown loss '{name}'", error.Message);
        Assert.Contains("Known losses: 'binary_crossentropy', 'categorical_crossentropy', 'huber', 'huber_loss', 'mae', 'mean_absolute_error', 'mean_squared_error', 'mse', 'sparse_categorical_crossentropy'.", error.Message);
    }
}
