using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// switch statements and expressions on passive values and on the differentiated value itself (relational and
/// logical patterns, when guards, several labels per section, default anywhere, sections that return or break),
/// and is-patterns in conditions. Each test point takes a different arm.
/// </summary>
public partial class SwitchTests
{
    public enum Kind { Linear, Square, Exponential, Unknown }

    // ---- the patterns -------------------------------------------------------------------------------------------

    /// <summary>A discard arm with a guard ('_ when …'), in an expression and in a statement.</summary>
    [Differentiable]
    public static double DiscardWithAGuard(double x, int n)
    {
        var scale = n switch
        {
            0 => 1.0,
            _ when n < 0 => -x,
            _ => x * x,
        };
        switch (n)
        {
            case 5:
                scale += 1;
                break;
            case > 10:
                scale *= x;
                break;
        }

        return scale * Math.Sin(x);
    }

    [Differentiable]
    public static double ByOrder(double x, int order)
    {
        double r;
        switch (order)
        {
            case 0:
                r = 1;
                break;
            case 1:
            case -1:
                r = x * order;
                break;
            default:
                r = Math.Pow(x, order);
                break;
            case 2 when x > 0:
                r = x * x + 1;
                break;
        }

        return r * x;
    }

    [Differentiable]
    public static double ByKind([NoDerivative] Kind kind, double x)
    {
        switch (kind)
        {
            case Kind.Linear: return 3 * x;
            case Kind.Square: return x * x;
            case Kind.Exponential: return Math.Exp(x);
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind");
        }
    }

    [Differentiable]
    public static double Piecewise(double x) => x switch
    {
        < -1 => -2 * x - 1,
        >= -1 and < 1 => x * x,
        _ => 2 * x - 1,
    };

    [Differentiable]
    public static double ExpressionOnAPassiveValue(double x, int n) => n switch
    {
        0 => Math.Sin(x),
        1 or 2 => Math.Cos(x) * n,
        > 10 when x > 0 => x / n,
        _ => x,
    };

#pragma warning disable CS8509 // not exhaustive: on purpose
    [Differentiable]
    public static double ExpressionWithoutDefault(double x, int n) => n switch { 0 => x, 1 => x * x };
#pragma warning restore CS8509

    [Differentiable]
    public static double IsPatterns(double x) => x is > 0 and < 1 ? Math.Sqrt(x) : x is < -3 or > 3 ? 3 * x : x;

    // ---- gradients ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, 1)]
    [InlineData(0.7, -1)]
    [InlineData(0.7, 2)]   // the guarded case, written after default
    [InlineData(-0.7, 2)]  // its guard fails: default
    [InlineData(1.3, 3)]
    public void A_switch_statement_on_a_passive_value(double x, int order) =>
        new GradientCheck(
            nameof(ByOrder), "x",
            p => ByOrder(p[0], order),
            (p, d) => ByOrderGrad(p[0], order, out d[0]),
            (p, s, d) => ByOrderPullback(p[0], order, s, ref d[0]),
            p => [order switch
            {
                0 => 1,
                1 or -1 => 2 * order * p[0],
                2 when p[0] > 0 => 3 * p[0] * p[0] + 1,
                _ => (order + 1) * Math.Pow(p[0], order),
            }]).Check(x);

    [Theory]
    [InlineData(Kind.Linear, 0.5)]
    [InlineData(Kind.Square, -1.5)]
    [InlineData(Kind.Exponential, 0.25)]
    public void A_switch_on_an_enum_that_returns_or_throws(Kind kind, double x)
    {
        new GradientCheck(
            nameof(ByKind), "x",
            p => ByKind(kind, p[0]),
            (p, d) => ByKindGrad(kind, p[0], out d[0]),
            (p, s, d) => ByKindPullback(kind, p[0], s, ref d[0]),
            p => [kind switch { Kind.Linear => 3, Kind.Square => 2 * p[0], _ => Math.Exp(p[0]) }]).Check(x);
        Assert.Throws<ArgumentOutOfRangeException>(() => ByKindGrad(Kind.Unknown, x, out _));
    }

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, -3)]
    [InlineData(0.7, 4)]
    [InlineData(-1.3, 12)]
    public void A_discard_arm_with_a_guard(double x, int n) =>
        new GradientCheck(
            nameof(DiscardWithAGuard), "x",
            p => DiscardWithAGuard(p[0], n),
            (p, d) => DiscardWithAGuardGrad(p[0], n, out d[0]),
            (p, s, d) => DiscardWithAGuardPullback(p[0], n, s, ref d[0]),
            p => [n == 0 ? Math.Cos(p[0]) : n < 0 ? -Math.Sin(p[0]) - p[0] * Math.Cos(p[0]) : n > 10 ? 3 * p[0] * p[0] * Math.Sin(p[0]) + p[0] * p[0] * p[0] * Math.Cos(p[0]) : 2 * p[0] * Math.Sin(p[0]) + p[0] * p[0] * Math.Cos(p[0])]).Check(x);

    [Theory]
    [InlineData(-2.5)]
    [InlineData(0.4)]
    [InlineData(3.0)]
    public void A_switch_expression_with_relational_patterns_on_the_active_value(double x) =>
        new GradientCheck(
            nameof(Piecewise), "x",
            p => Piecewise(p[0]),
            (p, d) => PiecewiseGrad(p[0], out d[0]),
            (p, s, d) => PiecewisePullback(p[0], s, ref d[0]),
            p => [p[0] < -1 ? -2 : p[0] < 1 ? 2 * p[0] : 2]).Check(x);

    [Theory]
    [InlineData(0.4, 0)]
    [InlineData(0.4, 2)]
    [InlineData(0.4, 12)]
    [InlineData(0.4, 5)]
    public void A_switch_expression_with_or_patterns_and_a_guard(double x, int n) =>
        new GradientCheck(
            nameof(ExpressionOnAPassiveValue), "x",
            p => ExpressionOnAPassiveValue(p[0], n),
            (p, d) => ExpressionOnAPassiveValueGrad(p[0], n, out d[0]),
            (p, s, d) => ExpressionOnAPassiveValuePullback(p[0], n, s, ref d[0]),
            p => [n switch { 0 => Math.Cos(p[0]), 1 or 2 => -Math.Sin(p[0]) * n, > 10 => 1.0 / n, _ => 1 }]).Check(x);

    [Fact]
    public void A_switch_expression_that_matches_nothing_throws_as_the_primal_does()
    {
        Assert.Equal(ExpressionWithoutDefault(1.5, 1), ExpressionWithoutDefaultGrad(1.5, 1, out var dx));
        Assert.Equal(3.0, dx);
        var primal = Assert.Throws<System.Runtime.CompilerServices.SwitchExpressionException>(() => ExpressionWithoutDefault(1.5, 7));
        var grad = Assert.Throws<System.Runtime.CompilerServices.SwitchExpressionException>(() => ExpressionWithoutDefaultGrad(1.5, 7, out _));
        Assert.Equal(primal.UnmatchedValue, grad.UnmatchedValue);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-4.0)]
    [InlineData(2.0)]
    public void Is_patterns_in_conditions(double x) =>
        new GradientCheck(
            nameof(IsPatterns), "x",
            p => IsPatterns(p[0]),
            (p, d) => IsPatternsGrad(p[0], out d[0]),
            (p, s, d) => IsPatternsPullback(p[0], s, ref d[0]),
            p => [p[0] is > 0 and < 1 ? 0.5 / Math.Sqrt(p[0]) : p[0] is < -3 or > 3 ? 3 : 1]).Check(x);
}
