using DiffGen.Generated;

namespace DiffGen.Runtime.Tests.Generated;

public class GradientKernelsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(1000)]
    public void AddScaled_adds_scale_times_source_into_destination(int length)
    {
        var random = new Random(length);
        var source = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var destination = Enumerable.Range(0, length).Select(_ => random.NextDouble()).ToArray();
        var expected = destination.Select((d, i) => d + (-1.75 * source[i])).ToArray();

        GradientKernels.AddScaled(destination, -1.75, source);

        for (var i = 0; i < length; i++)
        {
            Assert.Equal(expected[i], destination[i], 1e-15);
        }
    }

    [Fact]
    public void AddScaled_in_float()
    {
        float[] source = { 1, 2, 3 };
        float[] destination = { 10, 20, 30 };
        GradientKernels.AddScaled(destination, 0.5f, source);
        Assert.Equal(new[] { 10.5f, 21f, 31.5f }, destination);
    }

    [Fact]
    public void AddScaled_in_a_generic_math_type()
    {
        Half[] source = { (Half)1, (Half)2, (Half)3 };
        Half[] destination = { (Half)10, (Half)20, (Half)30 };
        GradientKernels.AddScaled<Half>(destination, (Half)0.5, source);
        Assert.Equal(new[] { (Half)10.5, (Half)21, (Half)31.5 }, destination);
        Assert.Throws<ArgumentException>(() => GradientKernels.AddScaled<Half>(destination, (Half)1, new Half[2]));
    }

    [Fact]
    public void AddScaled_rejects_lengths_that_differ_and_leaves_the_destination_alone()
    {
        double[] destination = { 1, 2 };
        var error = Assert.Throws<ArgumentException>(() => GradientKernels.AddScaled(destination, 2.0, new double[] { 1, 2, 3 }));
        Assert.Contains("length 3", error.Message);
        Assert.Contains("length 2", error.Message);
        Assert.Equal(new double[] { 1, 2 }, destination);
    }
}
