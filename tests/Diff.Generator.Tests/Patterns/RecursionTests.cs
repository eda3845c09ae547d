using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Recursion as special-function code writes it: a reflection formula that recurses once, a range reduction,
/// mutual recursion between two functions, and recursion as deep as the primal's own (the pullbacks recurse as the
/// primal does, with no stack of their own).
/// </summary>
public partial class RecursionTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    /// <summary>Γ(x) by Lanczos for x ≥ 0.5, by the reflection formula Γ(x) = π / (sin πx · Γ(1 − x)) below.</summary>
    [Differentiable]
    public static double Gamma(double x)
    {
        if (x < 0.5)
            return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        x -= 1;
        var a = 0.99999999999980993;
        var t = x + 7.5;
        a += 676.5203681218851 / (x + 1);
        a += -1259.1392167224028 / (x + 2);
        a += 771.32342877765313 / (x + 3);
        a += -176.61503916999185 / (x + 4);
        a += 12.507343278686905 / (x + 5);
        a += -0.13857109526572012 / (x + 6);
        a += 9.9843695780195716e-6 / (x + 7);
        a += 1.5056327351493116e-7 / (x + 8);
        return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x + 0.5) * Math.Exp(-t) * a;
    }

    /// <summary>Erf and Erfc call each other: each is computed from the other outside its own range.</summary>
    [Differentiable]
    public static double Erf(double x)
    {
        if (x < 0)
            return -Erf(-x);
        if (x > 0.5)
            return 1 - Erfc(x);
        // Maclaurin series, fine for |x| ≤ 0.5.
        double sum = x, term = x, x2 = x * x;
        for (var n = 1; n < 30; n++)
        {
            term *= -x2 / n;
            sum += term / (2 * n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Differentiable]
    public static double Erfc(double x)
    {
        if (x < 0.5)
            return 1 - Erf(x);
        // The continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), from the bottom.
        var t = x;
        for (var k = 400; k >= 1; k--)
            t = x + k * 0.5 / t;
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / t;
    }

    /// <summary>A sum computed by recursion as deep as n (a thousand frames, as the primal has).</summary>
    [Differentiable]
    public static double PowerSum(double x, int n) => n == 0 ? 1 : 1 + x * PowerSum(x, n - 1);

    /// <summary>Halves the argument until it is small, then doubles back: sin by sin 2x = 2 sin x cos x.</summary>
    [Differentiable]
    public static double SinByHalving(double x)
    {
        if (Math.Abs(x) < 1e-3)
            return x - x * x * x / 6;
        var s = SinByHalving(x / 2);
        return 2 * s * Math.Sqrt(1 - s * s) * (Math.Cos(x / 2) >= 0 ? 1 : -1);
    }

    // ---- gradients ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(2.5)]
    [InlineData(0.3)]   // reflection
    [InlineData(-1.5)]  // reflection
    [InlineData(5.2)]
    public void A_reflection_formula_recurses_once(double x) =>
        new GradientCheck(
            nameof(Gamma), "x",
            p => Gamma(p[0]),
            (p, d) => GammaGrad(p[0], out d[0]),
            (p, s, d) => GammaPullback(p[0], s, ref d[0])).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.8)]
    [InlineData(1.7)]
    [InlineData(-2.2)]
    public void Mutually_recursive_functions(double x)
    {
        // d/dx erf(x) = 2/√π · e^(−x²), d/dx erfc(x) = −that.
        var derivative = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
        new GradientCheck(
            nameof(Erf), "x",
            p => Erf(p[0]),
            (p, d) => ErfGrad(p[0], out d[0]),
            (p, s, d) => ErfPullback(p[0], s, ref d[0]),
            p => [2 / Math.Sqrt(Math.PI) * Math.Exp(-p[0] * p[0])]) { AnalyticTolerance = 1e-7 }.Check(x);
        Assert.Equal(-derivative, ErfcGradient(x), 7);
    }

    private static double ErfcGradient(double x)
    {
        ErfcGrad(x, out var dx);
        return dx;
    }

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(-0.9, 1000)]
    [InlineData(0.999, 3000)]
    public void Recursion_as_deep_as_the_primals(double x, int n) =>
        new GradientCheck(
            nameof(PowerSum), "x",
            p => PowerSum(p[0], n),
            (p, d) => PowerSumGrad(p[0], n, out d[0]),
            (p, s, d) => PowerSumPullback(p[0], n, s, ref d[0]),
            // Σ_{k≤n} x^k has derivative Σ k x^(k−1).
            p => [Enumerable.Range(1, n).Sum(k => k * Math.Pow(p[0], k - 1))]) { AnalyticTolerance = 1e-9 }.Check(x);

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.3)]
    [InlineData(-0.7)]
    public void A_range_reduction_by_recursion(double x) =>
        new GradientCheck(
            nameof(SinByHalving), "x",
            p => SinByHalving(p[0]),
            (p, d) => SinByHalvingGrad(p[0], out d[0]),
            (p, s, d) => SinByHalvingPullback(p[0], s, ref d[0]),
            p => [Math.Cos(p[0])]) { AnalyticTolerance = 1e-6 }.Check(x);
}
