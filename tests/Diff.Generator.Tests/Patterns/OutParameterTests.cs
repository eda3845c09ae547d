using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Methods with <c>out</c> results (a value and its derivative, a pair of values, a count): Grad and Pullback return
/// them too, exactly as the primal does; Pullback takes each floating-point out's adjoint as <c>seed_name</c>, so a
/// caller can differentiate through every result, while Grad differentiates the return value alone.
/// </summary>
public partial class OutParameterTests
{
    /// <summary>A value with its analytic derivative as a by-product, in a loop that also counts its steps.</summary>
    [Differentiable]
    public static double Horner(double x, double[] c, out double derivative, out int steps)
    {
        var p = c[^1];
        derivative = 0;
        steps = 0;
        for (var i = c.Length - 2; i >= 0; i--)
        {
            derivative = derivative * x + p;
            p = p * x + c[i];
            steps++;
        }

        return p;
    }

    [Differentiable]
    public static double SinCos(double x, double y, out double cosine)
    {
        if (x > 10)
        {
            cosine = 0;
            return 0;
        }

        cosine = Math.Cos(x * y);
        return Math.Sin(x * y);
    }

    /// <summary>Callers use every result: out var, an existing local, a discard, in a loop.</summary>
    [Differentiable]
    public static double UsesBoth(double x, double y)
    {
        var s = SinCos(x, y, out var c);
        double c2;
        var s2 = SinCos(y, x * 0.5, out c2);
        var only = SinCos(x, 2.0, out _);
        var total = 0.0;
        for (var i = 0; i < 3; i++)
        {
            total += SinCos(x + i, y, out var ci) * ci;
        }

        return s * c + c2 * c2 + s2 + only + total;
    }

    [Differentiable]
    public static double NewtonStep(double x, double[] c)
    {
        var p = Horner(x, c, out var slope, out var steps);
        return x - p / slope + 0 * steps;
    }

    /// <summary>An out argument into a local declared before a loop: the loop carries it to the next iteration.</summary>
    [Differentiable]
    public static double OutCarriedAcrossALoop(double x, int n)
    {
        double c = 0;
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            total += SinCos(x + c, 0.5, out c);
        }

        return total + c;
    }

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, 3)]
    [InlineData(-1.1, 4)]
    public void An_out_result_carried_across_loop_iterations(double x, int n) =>
        new GradientCheck(
            nameof(OutCarriedAcrossALoop), "x",
            p => OutCarriedAcrossALoop(p[0], n),
            (p, d) => OutCarriedAcrossALoopGrad(p[0], n, out d[0]),
            (p, s, d) => OutCarriedAcrossALoopPullback(p[0], n, s, ref d[0])).Check(x);

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void Callers_differentiate_through_every_out_result(double x, double y) =>
        new GradientCheck(
            nameof(UsesBoth), "x y",
            p => UsesBoth(p[0], p[1]),
            (p, d) => UsesBothGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => UsesBothPullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, y);

    [Theory]
    [InlineData(0.7)]
    [InlineData(2.5)]
    public void A_newton_step_through_a_value_and_its_derivative(double x)
    {
        double[] c = [1.0, -2.0, 0.5, 3.0];
        var dc = new double[4];
        Assert.Equal(NewtonStep(x, c), NewtonStepGrad(x, c, out var dx, dc));
        var fd = FiniteDifferences.Gradient(p => NewtonStep(p[0], p[1..]), [x, .. c]);
        Assert.Equal(fd[0], dx, 7);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(fd[1 + i], dc[i], 7);
        }
    }

    /// <summary>A void helper whose results are its out parameters, with an early return.</summary>
    [Differentiable]
    internal static void Polar(double x, double y, out double radius, out double angle)
    {
        radius = Math.Sqrt(x * x + y * y);
        if (radius == 0)
        {
            angle = 0;
            return;
        }

        angle = Math.Atan2(y, x);
    }

    [Differentiable]
    public static double UsesPolar(double x, double y)
    {
        Polar(x, y, out var r, out var a);
        double s = 0;
        for (var i = 1; i <= 2; i++)
        {
            Polar(x * i, y, out var ri, out _);
            s += ri;
        }

        return r * Math.Cos(2 * a) + s;
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void A_void_helper_with_out_results(double x, double y)
    {
        double dx = 0, dy = 0;
        PolarPullback(x, y, out var radius, out var angle, 1.0, 0.0, ref dx, ref dy);
        Polar(x, y, out var r, out var a);
        Assert.Equal((r, a), (radius, angle));
        Assert.Equal(x / r, dx, 12);
        Assert.Equal(y / r, dy, 12);

        new GradientCheck(
            nameof(UsesPolar), "x y",
            p => UsesPolar(p[0], p[1]),
            (p, d) => UsesPolarGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => UsesPolarPullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, y);
    }

    [Fact]
    public void Grad_returns_the_outs_as_the_primal_does_and_differentiates_the_return_value()
    {
        double[] c = [1.0, -2.0, 0.5, 3.0];
        var value = Horner(0.7, c, out var derivative, out var steps);
        var dc = new double[4];
        Assert.Equal(value, HornerGrad(0.7, c, out var d2, out var s2, out var dx, dc));
        Assert.Equal((derivative, steps), (d2, s2));
        Assert.Equal(derivative, dx, 12);
        Assert.Equal([1.0, 0.7, 0.49, 0.343], dc.Select(v => Math.Round(v, 12)).ToArray());
    }

    [Theory]
    [InlineData(0.7, 1.3, 1.0, 0.0)]
    [InlineData(0.7, 1.3, 0.0, 1.0)]
    [InlineData(-1.1, 0.4, 0.75, -2.5)]
    public void Pullback_takes_each_outs_adjoint_as_its_seed(double x, double y, double seed, double seedCosine)
    {
        double dx = 0.25, dy = -0.5;
        var value = SinCosPullback(x, y, out var cosine, seed, seedCosine, ref dx, ref dy);
        Assert.Equal(SinCos(x, y, out var expectedCosine), value);
        Assert.Equal(expectedCosine, cosine);

        // The vector-Jacobian product of (sin xy, cos xy) with (seed, seedCosine), added to what was there.
        double Combined(double a, double b) => seed * SinCos(a, b, out var c) + seedCosine * c;
        var fd = FiniteDifferences.Gradient(p => Combined(p[0], p[1]), [x, y]);
        Assert.Equal(0.25 + fd[0], dx, 8);
        Assert.Equal(-0.5 + fd[1], dy, 8);
    }
}
