using System.Diagnostics;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Argument checks as library code writes them: <c>throw</c> statements behind passive conditions, throw
/// expressions, a throw after a loop that did not converge, and <c>Debug.Assert</c>. The checks run in the forward
/// sweep (Grad and Pullback throw the primal's exception, before any gradient is written); the rest is
/// differentiated as if they were not there.
/// </summary>
public partial class ArgumentCheckTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    [Differentiable]
    public static double SqrtOfPositive(double x, double scale)
    {
        if (x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must not be negative.");
        }

        if (double.IsNaN(scale))
            throw new ArgumentException($"scale is NaN (x = {x})", nameof(scale));

        return scale * Math.Sqrt(x);
    }

    [Differentiable]
    public static double LogWithThrowExpression(double x) => x > 0 ? Math.Log(x) * x : throw new ArgumentOutOfRangeException(nameof(x));

    [Differentiable]
    public static double ThrowInElse(double x, int order)
    {
        double r;
        if (order == 1)
            r = x * x;
        else if (order == 2)
            r = Math.Exp(x);
        else
            throw new NotSupportedException("order " + order);
        return r + x;
    }

    [Differentiable]
    public static double SeriesOrThrow(double x)
    {
        // exp(x) by its series; a library throws when it has not converged.
        var term = 1.0;
        var sum = 1.0;
        for (var k = 1; k < 100; k++)
        {
            term *= x / k;
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum))
                return sum;
        }

        throw new ArithmeticException("The series did not converge for x = " + x);
    }

    [Differentiable]
    public static double Asserted(double x, double y)
    {
        Debug.Assert(y != 0, "y must not be zero");
        Trace.WriteLineIf(x > 1e300, "huge x");
        var q = x / y;
        Debug.Assert(!double.IsNaN(q));
        return q * x;
    }

    [Differentiable]
    public static double ValidatedArray(double[] v, int n)
    {
        if (v == null)
            throw new ArgumentNullException(nameof(v));
        if (v.Length < n)
            throw new ArgumentException($"v has {v.Length} elements, fewer than n = {n}.", nameof(v));
        var s = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (double.IsInfinity(v[i]))
                throw new ArgumentException("v[" + i + "] is infinite");
            s += v[i] * v[i];
        }

        return s;
    }

    // ---- gradients ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.3, 2.0)]
    [InlineData(4.0, -1.5)]
    public void A_throw_behind_a_passive_condition_leaves_the_gradient_alone(double x, double scale) =>
        new GradientCheck(
            nameof(SqrtOfPositive), "x scale",
            p => SqrtOfPositive(p[0], p[1]),
            (p, d) => SqrtOfPositiveGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => SqrtOfPositivePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [p[1] * 0.5 / Math.Sqrt(p[0]), Math.Sqrt(p[0])]).Check(x, scale);

    [Fact]
    public void Grad_and_pullback_throw_the_primals_exception_and_write_nothing()
    {
        var primal = Assert.Throws<ArgumentOutOfRangeException>(() => SqrtOfPositive(-1, 2));
        var grad = Assert.Throws<ArgumentOutOfRangeException>(() => SqrtOfPositiveGrad(-1, 2, out _, out _));
        Assert.Equal(primal.Message, grad.Message);

        double dx = 7, dscale = 8;
        var pullback = Assert.Throws<ArgumentException>(() => SqrtOfPositivePullback(1, double.NaN, 1, ref dx, ref dscale));
        Assert.Equal("scale is NaN (x = 1) (Parameter 'scale')", pullback.Message);
        Assert.Equal((7.0, 8.0), (dx, dscale));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void A_throw_expression_in_the_branch_not_taken(double x)
    {
        new GradientCheck(
            nameof(LogWithThrowExpression), "x",
            p => LogWithThrowExpression(p[0]),
            (p, d) => LogWithThrowExpressionGrad(p[0], out d[0]),
            (p, s, d) => LogWithThrowExpressionPullback(p[0], s, ref d[0]),
            p => [Math.Log(p[0]) + 1]).Check(x);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogWithThrowExpressionGrad(-x, out _));
    }

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(-1.2, 2)]
    public void A_throw_in_the_last_else(double x, int order)
    {
        new GradientCheck(
            nameof(ThrowInElse), "x",
            p => ThrowInElse(p[0], order),
            (p, d) => ThrowInElseGrad(p[0], order, out d[0]),
            (p, s, d) => ThrowInElsePullback(p[0], order, s, ref d[0]),
            p => [(order == 1 ? 2 * p[0] : Math.Exp(p[0])) + 1]).Check(x);
        Assert.Equal("order 3", Assert.Throws<NotSupportedException>(() => ThrowInElseGrad(x, 3, out _)).Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void A_loop_that_returns_when_converged_and_throws_otherwise(double x)
    {
        new GradientCheck(
            nameof(SeriesOrThrow), "x",
            p => SeriesOrThrow(p[0]),
            (p, d) => SeriesOrThrowGrad(p[0], out d[0]),
            (p, s, d) => SeriesOrThrowPullback(p[0], s, ref d[0]),
            p => [Math.Exp(p[0])]) { AnalyticTolerance = 1e-13 }.Check(x);
        Assert.Throws<ArithmeticException>(() => SeriesOrThrowGrad(200, out _));
    }

    [Theory]
    [InlineData(1.5, -0.5)]
    [InlineData(-3.0, 2.0)]
    public void Assertions_and_trace_calls_stay_in_the_forward_sweep(double x, double y) =>
        new GradientCheck(
            nameof(Asserted), "x y",
            p => Asserted(p[0], p[1]),
            (p, d) => AssertedGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => AssertedPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [2 * p[0] / p[1], -p[0] * p[0] / (p[1] * p[1])]).Check(x, y);

    [Fact]
    public void Checks_on_an_array_parameter_and_its_elements()
    {
        var v = new[] { 0.5, -1.5, 2.0, 9.0 };
        var dv = new double[4];
        var value = ValidatedArrayGrad(v, 3, dv);
        Assert.Equal(ValidatedArray(v, 3), value);
        Assert.Equal([1.0, -3.0, 4.0, 0.0], dv);

        Assert.Throws<ArgumentNullException>(() => ValidatedArrayGrad(null!, 3, dv));
        Assert.Equal(
            "v has 4 elements, fewer than n = 5. (Parameter 'v')",
            Assert.Throws<ArgumentException>(() => ValidatedArrayGrad(v, 5, new double[4])).Message);
        var infinite = new[] { 1.0, double.PositiveInfinity };
        Assert.Equal("v[1] is infinite", Assert.Throws<ArgumentException>(() => ValidatedArrayGrad(infinite, 2, new double[2])).Message);
    }
}
