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
