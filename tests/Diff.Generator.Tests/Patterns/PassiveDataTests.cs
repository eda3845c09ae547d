using System.Numerics;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Passive data as numeric libraries use it: static readonly coefficient tables read by index and by length and
/// passed to a differentiable helper's array parameter, static tables of another class, constants of other types,
/// calls to ordinary methods with passive arguments, values of other types (a struct of constants, a complex
/// number) read for their fields, the BCL's other spellings of Math functions, and a branch not taken whose value
/// would be NaN.
/// </summary>
public partial class PassiveDataTests
{
    private static readonly double[] P = { 1.0, 0.5, 0.25, 0.125, 0.0625 };
    private static readonly double Scale = 1.5;
    private const float Bias = 0.25f;
    private const long Terms = 5;

    public readonly record struct Range(double Low, double High);

    private static readonly Range Unit = new(0, 1);

    // ---- the patterns -------------------------------------------------------------------------------------------

    /// <summary>Horner's scheme over a coefficient table, as Cephes writes it.</summary>
    [Differentiable]
    public static double Polevl(double x, double[] coef, int n)
    {
        var ans = coef[0];
        for (var i = 1; i <= n; i++)
            ans = ans * x + coef[i];
        return ans;
    }

    [Differentiable]
    public static double TableRead(double x)
    {
        var s = 0.0;
        for (var i = 0; i < P.Length; i++)
            s += P[i] * Math.Pow(x, i);
        return Scale * s + Bias + Terms;
    }

    [Differentiable]
    public static double TablePassedToHelper(double x) => Polevl(x, P, 4) * x + Polevl(x * x, Tables.Q, Tables.Q.Length - 1);

    /// <summary>A call to an ordinary method with passive arguments is passive, whatever it returns.</summary>
    [Differentiable]
    public static double OrdinaryCallWithPassiveArguments(double x, int n) => x * Weight(n) + Math.BitIncrement(1.0) * x + double.Epsilon;

    private static double Weight(int n) => 1.0 / (n + 1);

    [Differentiable]
    public static double FieldsOfPassiveValues(double x)
    {
        var range = Unit;
        var z = Complex.FromPolarCoordinates(2, 0.5);
        var width = range.High - range.Low;
        return x * width + z.Real * x * x + z.Imaginary;
    }

    /// <summary>Fields and methods of a [NoDerivative] struct parameter and of a static struct are data.</summary>
    [Differentiable]
    public static double StructData([NoDerivative] Range range, double x)
        => (x - range.Low) / (range.High - range.Low) + Unit.High * x + Math.Max(range.Low, 0) + range.GetHashCode() * 0;

    [Differentiable]
    public static double BclSpellings(double x, float y)
        => double.Exp(x) * double.Sin(x) + double.Sqrt(x) + float.Tanh(y) + double.Pow(x, 3) + double.Log(x, 2) + Math.CopySign(x, -1.0);

    [Differentiable]
    public static double UntakenBranchIsNotNaN(double x, double d) => x > 0 ? Math.Pow(x, d) : 0.0;

    /// <summary>Computed before the branch, used only inside it: at 0 its partial ½/√0 is infinite, its adjoint 0.</summary>
    [Differentiable]
    public static double ComputedBeforeTheBranch(double x, double y)
    {
        var s = Math.Sqrt(x);
        var q = y / x;
        var big = -(y * y) / (x * x);
        return x > 0 ? s + q : big <= -690 ? 0 : y;
    }

    [Differentiable]
    public static double UntakenIfIsNotNaN(double x)
    {
        var r = 0.0;
        if (x > 0)
            r = Math.Log(x) * Math.Sqrt(x);
        return r + x;
    }

    // ---- gradients ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.3)]
    [InlineData(2.0)]
    public void Static_tables_read_by_index_and_length(double x) =>
        new GradientCheck(
            nameof(TableRead), "x",
            p => TableRead(p[0]),
            (p, d) => TableReadGrad(p[0], out d[0]),
            (p, s, d) => TableReadPullback(p[0], s, ref d[0]),
            p => [Scale * Enumerable.Range(1, 4).Sum(i => P[i] * i * Math.Pow(p[0], i - 1))]).Check(x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.3)]
    [InlineData(2.0)]
    public void Static_tables_passed_to_a_differentiable_helper(double x) =>
        new GradientCheck(
            nameof(TablePassedToHelper), "x",
            p => TablePassedToHelper(p[0]),
            (p, d) => TablePassedToHelperGrad(p[0], out d[0]),
            (p, s, d) => TablePassedToHelperPullback(p[0], s, ref d[0])).Check(x);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-1.3, 0)]
    public void Calls_with_passive_arguments(double x, int n) =>
        new GradientCheck(
            nameof(OrdinaryCallWithPassiveArguments), "x",
            p => OrdinaryCallWithPassiveArguments(p[0], n),
            (p, d) => OrdinaryCallWithPassiveArgumentsGrad(p[0], n, out d[0]),
            (p, s, d) => OrdinaryCallWithPassiveArgumentsPullback(p[0], n, s, ref d[0]),
            p => [1.0 / (n + 1) + Math.BitIncrement(1.0)]).Check(x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void Fields_of_passive_values(double x) =>
        new GradientCheck(
            nameof(FieldsOfPassiveValues), "x",
            p => FieldsOfPassiveValues(p[0]),
            (p, d) => FieldsOfPassiveValuesGrad(p[0], out d[0]),
            (p, s, d) => FieldsOfPassiveValuesPullback(p[0], s, ref d[0]),
            p => [1 + 2 * 2 * Math.Cos(0.5) * p[0]]).Check(x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void Fields_of_a_no_derivative_struct_parameter(double x) =>
        new GradientCheck(
            nameof(StructData), "x",
            p => StructData(new Range(-1, 3), p[0]),
            (p, d) => StructDataGrad(new Range(-1, 3), p[0], out d[0]),
            (p, s, d) => StructDataPullback(new Range(-1, 3), p[0], s, ref d[0]),
            p => [0.25 + 1]).Check(x);

    [Theory]
    [InlineData(0.5, 0.3)]
    [InlineData(2.0, -1.2)]
    public void Bcl_spellings_of_math_functions(double x, float y)
    {
        var gradient = BclSpellingsGrad(x, y, out var dx, out var dy);
        Assert.Equal(BclSpellings(x, y), gradient);
        var expected = Math.Exp(x) * (Math.Sin(x) + Math.Cos(x)) + 0.5 / Math.Sqrt(x) + 3 * x * x + 1 / (x * Math.Log(2)) - 1;
        Assert.Equal(expected, dx, 12);
        Assert.Equal(1 - MathF.Tanh(y) * MathF.Tanh(y), dy, 6);
    }

    [Theory]
    [InlineData(-1.5, 0.5)]
    [InlineData(2.0, 2.5)]
    public void A_branch_not_taken_contributes_nothing_not_even_nan(double x, double d)
    {
        UntakenBranchIsNotNaNGrad(x, d, out var dx, out var dd);
        Assert.Equal(x > 0 ? d * Math.Pow(x, d - 1) : 0.0, dx, 12);
        Assert.Equal(x > 0 ? Math.Pow(x, d) * Math.Log(x) : 0.0, dd, 12);

        ComputedBeforeTheBranchGrad(0.0, 2.0, out var dx3, out var dy3);
        Assert.Equal((0.0, 0.0), (dx3, dy3)); // the primal is the constant 0 around (0, 2): y²/x² is +∞

        UntakenIfIsNotNaNGrad(x, out var dx2);
        Assert.Equal(x > 0 ? (1 / x) * Math.Sqrt(x) + Math.Log(x) * 0.5 / Math.Sqrt(x) + 1 : 1.0, dx2, 12);
    }
}

/// <summary>A static table in another class, as a library keeps them.</summary>
internal static class Tables
{
    public static readonly double[] Q = { 2.0, -1.0, 0.5 };
}
