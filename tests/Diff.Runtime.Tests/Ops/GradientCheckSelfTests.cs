using Xunit.Sdk;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>The checker must be able to fail: a wrong gradient, a wrong forward value and a wrong shape are caught.</summary>
public class GradientCheckSelfTests
{
    private static readonly Tensor X = Tensor.From([0.5f, -1.25f, 2f], 3);

    [Fact]
    public void A_correct_gradient_passes() =>
        GradientCheck.Check("x·x", t => t[0] * t[0], r => Reference.Map(r[0], v => v * v), [X], 1);

    [Fact]
    public void A_gradient_off_by_a_factor_fails()
    {
        // StopGradient hides one of the two paths: the tape gives x where the derivative of x² is 2x.
        var error = Assert.Throws<XunitException>(() =>
            GradientCheck.Check("x·stop(x)", t => t[0] * Ops.StopGradient(t[0]), r => Reference.Map(r[0], v => v * v), [X], 1));
        Assert.Contains("gradient of input 0", error.Message);
    }

    [Fact]
    public void A_missing_gradient_fails()
    {
        var error = Assert.Throws<XunitException>(() =>
            GradientCheck.Check("stop(x)", t => Ops.StopGradient(t[0]) * 2f, r => Reference.Map(r[0], v => 2 * v), [X], 1));
        Assert.Contains("no gradient", error.Message);
    }

    [Fact]
    public void A_wrong_forward_value_fails()
    {
        var error = Assert.Throws<XunitException>(() =>
            GradientCheck.Check("x²  vs x³", t => t[0] * t[0], r => Reference.Map(r[0], v => v * v * v), [X], 1));
        Assert.Contains("forward value", error.Message);
    }

    [Fact]
    public void A_wrong_shape_fails()
    {
        var error = Assert.Throws<XunitException>(() =>
            GradientCheck.Check("sum", t => Ops.ReduceSum(t[0], 0, keepDims: true), r => Reference.Reduce(r[0], Reference.Reduction.Sum), [X], 1));
        Assert.Contains("forward shape", error.Message);
    }

    [Fact]
    public void Finite_differences_of_the_reference_are_accurate()
    {
        var point = new Ref([2], [0.7, -1.3]);
        var w = new Ref([2], [1.5, -2]);
        var fd = GradientCheck.FiniteDifferences(r => Reference.Map(r[0], Math.Sin), [point], w, 0);
        Assert.Equal(1.5 * Math.Cos(0.7), fd.Data[0], 9);
        Assert.Equal(-2 * Math.Cos(-1.3), fd.Data[1], 9);
    }
}
