using DiffGen.Generator.Tests.Infrastructure;
using Xunit.Sdk;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// The checker itself: each of its checks must fail on a deliberately wrong hand-written Grad/Pullback, so a green
/// pattern test means something. The reference implementation is f(x, y) = x²y with a correct hand-written gradient.
/// </summary>
public class GradientCheckSelfTests
{
    private static double F(double x, double y) => x * x * y;

    private static double Grad(double x, double y, out double dx, out double dy)
    {
        dx = 2 * x * y;
        dy = x * x;
        return F(x, y);
    }

    private static double Pullback(double x, double y, double seed, ref double dx, ref double dy)
    {
        dx += seed * 2 * x * y;
        dy += seed * x * x;
        return F(x, y);
    }

    private static GradientCheck Check(GradCall? grad = null, PullbackCall? pullback = null, Func<double[], double[]>? analytic = null)
        => new(
            "F", "x y",
            p => F(p[0], p[1]),
            grad ?? ((p, d) => Grad(p[0], p[1], out d[0], out d[1])),
            pullback ?? ((p, s, d) => Pullback(p[0], p[1], s, ref d[0], ref d[1])),
            analytic ?? (p => [2 * p[0] * p[1], p[0] * p[0]]));

    [Fact]
    public void A_correct_implementation_passes()
    {
        var gradient = Check().Check(1.5, -0.5);
        Assert.Equal([-1.5, 2.25], gradient);
    }

    [Fact]
    public void A_wrong_gradient_fails_against_finite_differences()
    {
        var error = Assert.Throws<XunitException>(() => Check(
            grad: (p, d) => { var v = Grad(p[0], p[1], out d[0], out d[1]); d[1] *= 1.001; return v; },
            analytic: p => [2 * p[0] * p[1], p[0] * p[0] * 1.001]).Check(1.5, -0.5));
        Assert.Contains("∂F/∂y", error.Message);
        Assert.Contains("central difference", error.Message);
        Assert.Contains("(x = 1.5, y = -0.5)", error.Message);
    }

    [Fact]
    public void A_gradient_off_by_1e_minus_9_fails_against_the_closed_form()
    {
        var error = Assert.Throws<XunitException>(() => Check(
            grad: (p, d) => { var v = Grad(p[0], p[1], out d[0], out d[1]); d[0] += 1e-9; return v; }).Check(1.5, -0.5));
        Assert.Contains("closed form", error.Message);
    }

    [Fact]
    public void A_value_one_ulp_away_fails()
    {
        var error = Assert.Throws<XunitException>(() => Check(
            grad: (p, d) => Math.BitIncrement(Grad(p[0], p[1], out d[0], out d[1]))).Check(1.5, -0.5));
        Assert.Contains("bit-for-bit", error.Message);
    }

    [Fact]
    public void A_pullback_that_overwrites_instead_of_adding_fails()
    {
        var error = Assert.Throws<XunitException>(() => Check(
            pullback: (p, s, d) => { d[0] = 0; d[1] = 0; return Pullback(p[0], p[1], s, ref d[0], ref d[1]); }).Check(1.5, -0.5));
        Assert.Contains("Pullback", error.Message);
    }

    [Fact]
    public void A_pullback_that_ignores_the_seed_fails()
    {
        var error = Assert.Throws<XunitException>(() => Check(
            pullback: (p, _, d) => Pullback(p[0], p[1], 1.0, ref d[0], ref d[1])).Check(1.5, -0.5));
        Assert.Contains("seed·gradient", error.Message);
    }

    [Fact]
    public void Central_differences_are_second_order_accurate()
    {
        // d/dx sin x at 1: the error of a central difference with h = 1e-6 is far below the 1e-5 tolerance.
        var fd = FiniteDifferences.Central(p => Math.Sin(p[0]), [1.0], 0);
        Assert.True(Math.Abs(fd - Math.Cos(1.0)) < 1e-9, $"central difference {fd} vs {Math.Cos(1.0)}");

        var fdFloat = FiniteDifferences.Central(p => MathF.Sin(p[0]), [1f], 0);
        Assert.True(Math.Abs(fdFloat - Math.Cos(1.0)) < 1e-4, $"float central difference {fdFloat} vs {Math.Cos(1.0)}");
    }

    [Fact]
    public void Float_checker_catches_a_wrong_float_gradient()
    {
        var check = new FloatGradientCheck(
            "G", "x",
            p => p[0] * p[0],
            (p, d) => { d[0] = 2.01f * p[0]; return p[0] * p[0]; },
            (p, s, d) => { d[0] += s * 2.01f * p[0]; return p[0] * p[0]; });
        Assert.Throws<XunitException>(() => check.Check(1.5f));
    }
}
