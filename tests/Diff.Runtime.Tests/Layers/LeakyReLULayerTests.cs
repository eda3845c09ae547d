using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// The <see cref="LeakyReLU"/> layer: Keras' layer slope 0.3 by default (not the function's 0.2), value and gradient
/// against x &gt; 0 ? x : s·x in double on a batch of any rank, the kink's slope at 0, and its config.
/// </summary>
public sealed class LeakyReLULayerTests
{
    [Theory]
    [InlineData(null, 0.3)]
    [InlineData(0.05, 0.05)]
    [InlineData(1.5, 1.5)]
    public void Value_and_gradient_match_the_reference(double? slope, double expectedSlope)
    {
        var layer = slope is { } s ? new LeakyReLU(s) : new LeakyReLU();
        var x = Rand.AwayFromZero(new Random(3), [4, 2, 3], 0.05, 3);
        GradientCheck.Check($"LeakyReLU({slope})", t => layer.Call(t[0]), r => Reference.Map(r[0], v => v > 0 ? v : expectedSlope * v), [x], 3);
        Assert.Equal(expectedSlope, layer.NegativeSlope);
    }

    [Fact]
    public void At_0_the_gradient_is_the_slope()
    {
        var x = Tensor.From([-0f, 0f, 2f], 1, 3);
        using var tape = new GradientTape();
        tape.Watch(x);
        var gradient = tape.Gradient(Ops.ReduceSum(new LeakyReLU().Call(x)), x);
        Assert.Equal(new[] { 0.3f, 0.3f, 1f }, gradient.ToArray());
    }

    [Fact]
    public void Config_names_the_slope_and_the_shape_passes_through()
    {
        var layer = new LeakyReLU(0.1, name: "leaky");
        Assert.Equal(0.1, layer.GetConfig()["negative_slope"]);
        Assert.Equal("leaky", layer.GetConfig()["name"]);
        Assert.Equal(new Shape(2, 5), layer.ComputeOutputShape(new Shape(2, 5)));
    }
}
