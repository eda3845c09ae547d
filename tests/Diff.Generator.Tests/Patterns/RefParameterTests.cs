using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// <c>ref</c> parameters are inputs and results at once: Grad and Pullback update them as the primal does, Pullback
/// takes the adjoint of the final value as <c>seed_name</c> and adds ∂/∂(initial value) to the gradient; callers pass
/// locals by <c>ref</c> (accumulators, state updated in place) and differentiate through both. Checked against central
/// differences.
/// </summary>
public partial class RefParameterTests
{
    /// <summary>An accumulator updated in place, as numeric code sums into a ref local.</summary>
    [Differentiable]
    internal static void Accumulate(ref double sum, double value, double weight) => sum += weight * value * value;

    /// <summary>One explicit Euler step of dx/dt = −k·x³, returning the step's size; x is updated.</summary>
    [Differentiable]
    public static double Step(ref double x, double k, double h)
    {
        var change = -k * x * x * x * h;
        var before = x;
        x += change;
        return Math.Abs(x - before) + 0 * before;
    }

    [Differentiable]
    public static double Caller(double a, double b, int steps)
    {
        double s = 0;
        Accumulate(ref s, a, 2.0);
        Accumulate(ref s, b, a);
        var x = a;
        var total = 0.0;
        for (var i = 0; i < steps; i++)
        {
            total += Step(ref x, b, 0.1);
        }

        Accumulate(ref b, x, 1.0); // a value parameter passed by ref
        return s * x + total + b;
    }

    [Theory]
    [InlineData(0.7, 1.3, 0)]
    [InlineData(0.7, 1.3, 3)]
    [InlineData(-1.1, 0.4, 5)]
    public void Callers_differentiate_through_ref_arguments(double a, double b, int steps) =>
        new GradientCheck(
            nameof(Caller), "a b",
            p => Caller(p[0], p[1], steps),
            (p, d) => CallerGrad(p[0], p[1], steps, out d[0], out d[1]),
            (p, s, d) => CallerPullback(p[0], p[1], steps, s, ref d[0], ref d[1])).Check(a, b);

    [Theory]
    [InlineData(0.9, 0.5, 1.0, 0.0)]
    [InlineData(0.9, 0.5, 0.0, 1.0)]
    [InlineData(-1.3, 2.0, 0.75, -1.5)]
    public void Pullback_updates_the_ref_and_takes_its_final_adjoint_as_a_seed(double x0, double k, double seed, double seedX)
    {
        var x = x0;
        double dx = 0.25, dk = -0.5, dh = 0;
        var value = StepPullback(ref x, k, 0.1, seed, seedX, ref dx, ref dk, ref dh);
        var expectedX = x0;
        Assert.Equal(Step(ref expectedX, k, 0.1), value);
        Assert.Equal(expectedX, x);

        double Combined(double[] p)
        {
            var y = p[0];
            var v = Step(ref y, p[1], 0.1);
            return seed * v + seedX * y;
        }

        var fd = FiniteDifferences.Gradient(Combined, [x0, k]);
        Assert.Equal(0.25 + fd[0], dx, 8);
        Assert.Equal(-0.5 + fd[1], dk, 8);

        // Grad differentiates the return value, and updates x as the primal does.
        var y0 = x0;
        Assert.Equal(value, StepGrad(ref y0, k, 0.1, out var gx, out _, out _));
        Assert.Equal(expectedX, y0);
        Assert.Equal(FiniteDifferences.Gradient(p => { var y = p[0]; return Step(ref y, k, 0.1); }, [x0])[0], gx, 8);
    }
}
