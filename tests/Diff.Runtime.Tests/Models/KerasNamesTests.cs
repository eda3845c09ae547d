namespace DiffGen.Runtime.Tests.Models;

public sealed class KerasNamesTests
{
    // Expected values printed by Keras' own naming.to_snake_case (its two regular expressions run in Python's re).
    [Theory]
    [InlineData("Dense", "dense")]
    [InlineData("LeakyReLU", "leaky_re_lu")]
    [InlineData("Conv2D", "conv2d")]
    [InlineData("Conv2DTranspose", "conv2d_transpose")]
    [InlineData("BatchNormalization", "batch_normalization")]
    [InlineData("GlobalAveragePooling2D", "global_average_pooling2d")]
    [InlineData("MaxPooling2D", "max_pooling2d")]
    [InlineData("PReLU", "p_re_lu")]
    [InlineData("LSTM", "lstm")]
    [InlineData("SimpleRNN", "simple_rnn")]
    [InlineData("RadialBasisUnits", "radial_basis_units")]
    [InlineData("GlorotUniform", "glorot_uniform")]
    public void Snake_case_is_Keras_naming(string className, string expected) =>
        Assert.Equal(expected, KerasNames.ToSnakeCase(className));

    [Fact]
    public void Weight_keys_number_repeated_classes_in_order() =>
        Assert.Equal(
            ["dense", "dropout", "dense_1", "leaky_re_lu", "dense_2", "dropout_1"],
            KerasNames.WeightKeys(["Dense", "Dropout", "Dense", "LeakyReLU", "Dense", "Dropout"]));
}
