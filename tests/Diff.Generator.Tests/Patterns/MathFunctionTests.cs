using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Every System.Math function with a derivative rule, in double, at points inside its domain and away from kinks
/// and jumps. The piecewise-constant functions are multiplied by x so that their (zero) derivative shows up as a
/// non-zero gradient: d/dx [x·Floor(x)] = Floor(x). The float versions are in <see cref="MathFFunctionTests"/>.
/// </summary>
public partial class MathFunctionTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    [Differentiable] public static double SinOf(double x) => Math.Sin(x);
    [Differentiable] public static double CosOf(double x) => Math.Cos(x);
    [Differentiable] public static double TanOf(double x) => Math.Tan(x);
    [Differentiable] public static double AsinOf(double x) => Math.Asin(x);
    [Differentiable] public static double AcosOf(double x) => Math.Acos(x);
    [Differentiable] public static double AtanOf(double x) => Math.Atan(x);
    [Differentiable] public static double Atan2Of(double y, double x) => Math.Atan2(y, x);
    [Differentiable] public static double SinhOf(double x) => Math.Sinh(x);
    [Differentiable] public static double CoshOf(double x) => Math.Cosh(x);
    [Differentiable] public static double TanhOf(double x) => Math.Tanh(x);
    [Differentiable] public static double AsinhOf(double x) => Math.Asinh(x);
    [Differentiable] public static double AcoshOf(double x) => Math.Acosh(x);
    [Differentiable] public static double AtanhOf(double x) => Math.Atanh(x);
    [Differentiable] public static double ExpOf(double x) => Math.Exp(x);
    [Differentiable] public static double LogOf(double x) => Math.Log(x);
    [Differentiable] public static double LogWithBase(double a, double newBase) => Math.Log(a, newBase);
    [Differentiable] public static double Log10Of(double x) => Math.Log10(x);
    [Differentiable] public static double Log2Of(double x) => Math.Log2(x);
    [Differentiable] public static double PowOf(double x, double y) => Math.Pow(x, y);
    [Differentiable] public static double PowSquare(double x) => Math.Pow(x, 2);
    [Differentiable] public static double PowCube(double x) => Math.Pow(x, 3);
    [Differentiable] public static double PowHalf(double x) => Math.Pow(x, 0.5);
    [Differentiable] public static double PowMinusOne(double x) => Math.Pow(x, -1);
    [Differentiable] public static double PowConstantBase(double x) => Math.Pow(2.0, x);
    [Differentiable] public static double SqrtOf(double x) => Math.Sqrt(x);
    [Differentiable] public static double CbrtOf(double x) => Math.Cbrt(x);
    [Differentiable] public static double AbsOf(double x) => Math.Abs(x);
    [Differentiable] public static double MaxOf(double x, double y) => Math.Max(x, y);
    [Differentiable] public static double MinOf(double x, double y) => Math.Min(x, y);
    [Differentiable] public static double FmaOf(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z);
    [Differentiable] public static double ClampOf(double x, double lo, double hi) => Math.Clamp(x, lo, hi);
    [Differentiable] public static double TimesFloor(double x) => x * Math.Floor(x);
    [Differentiable] public static double TimesCeiling(double x) => x * Math.Ceiling(x);
    [Differentiable] public static double TimesRound(double x) => x * Math.Round(x);
    [Differentiable] public static double TimesRoundDigits(double x) => x * Math.Round(x, 2);
    [Differentiable] public static double TimesTruncate(double x) => x * Math.Truncate(x);
    [Differentiable] public static double TimesSign(double x) => x * Math.Sign(x) + Math.Sign(x - 1.0);

    [Differentiable] public static double Relu(double x) => Math.Max(x, 0) + 0.1 * Math.Min(0, x);
    [Differentiable] public static double PassiveMathOnInts(double x, int n) => x * Math.Min(n, 3) + x * Math.Abs(n) + x * Math.Sqrt(n * n + 1);
    [Differentiable] public static double TimesRoundAwayFromZero(double x) => x * Math.Round(x, MidpointRounding.AwayFromZero);
    [Differentiable] public static double PowZeroAndOne(double x) => Math.Pow(x, 0) + 3 * Math.Pow(x, 1) + Math.Pow(x, 2.0);

    /// <summary>The rules compose: the chain rule through nested calls and the seed of each rule.</summary>
    [Differentiable]
    public static double Composition(double x, double y)
        => Math.Exp(Math.Sin(x * y)) * Math.Log(1 + x * x) + Math.Sqrt(Math.Cosh(y) + Math.Atan2(x, y * y + 1));

    // ---- one-argument functions: f, f', points ------------------------------------------------------------------

    private static GradientCheck Unary(string name, Func<double, double> f, GradCall grad, PullbackCall pullback, Func<double, double> derivative)
        => new(name, "x", p => f(p[0]), grad, pullback, p => [derivative(p[0])]);

    [Theory, InlineData(0.3), InlineData(1.2), InlineData(-2.5)]
    public void Sin(double x) => Unary(nameof(SinOf), SinOf, (p, d) => SinOfGrad(p[0], out d[0]), (p, s, d) => SinOfPullback(p[0], s, ref d[0]), Math.Cos).Check(x);

    [Theory, InlineData(0.3), InlineData(1.2), InlineData(-2.5)]
    public void Cos(double x) => Unary(nameof(CosOf), CosOf, (p, d) => CosOfGrad(p[0], out d[0]), (p, s, d) => CosOfPullback(p[0], s, ref d[0]), t => -Math.Sin(t)).Check(x);

    [Theory, InlineData(0.3), InlineData(1.2), InlineData(-2.5)]
    public void Tan(double x) => Unary(nameof(TanOf), TanOf, (p, d) => TanOfGrad(p[0], out d[0]), (p, s, d) => TanOfPullback(p[0], s, ref d[0]), t => 1 / (Math.Cos(t) * Math.Cos(t))).Check(x);

    [Theory, InlineData(-0.7), InlineData(0.2), InlineData(0.9)]
    public void Asin(double x) => Unary(nameof(AsinOf), AsinOf, (p, d) => AsinOfGrad(p[0], out d[0]), (p, s, d) => AsinOfPullback(p[0], s, ref d[0]), t => 1 / Math.Sqrt(1 - t * t)).Check(x);

    [Theory, InlineData(-0.7), InlineData(0.2), InlineData(0.9)]
    public void Acos(double x) => Unary(nameof(AcosOf), AcosOf, (p, d) => AcosOfGrad(p[0], out d[0]), (p, s, d) => AcosOfPullback(p[0], s, ref d[0]), t => -1 / Math.Sqrt(1 - t * t)).Check(x);

    [Theory, InlineData(-3.0), InlineData(0.4), InlineData(2.0)]
    public void Atan(double x) => Unary(nameof(AtanOf), AtanOf, (p, d) => AtanOfGrad(p[0], out d[0]), (p, s, d) => AtanOfPullback(p[0], s, ref d[0]), t => 1 / (1 + t * t)).Check(x);

    [Theory, InlineData(-1.5), InlineData(0.3), InlineData(2.0)]
    public void Sinh(double x) => Unary(nameof(SinhOf), SinhOf, (p, d) => SinhOfGrad(p[0], out d[0]), (p, s, d) => SinhOfPullback(p[0], s, ref d[0]), Math.Cosh).Check(x);

    [Theory, InlineData(-1.5), InlineData(0.3), InlineData(2.0)]
    public void Cosh(double x) => Unary(nameof(CoshOf), CoshOf, (p, d) => CoshOfGrad(p[0], out d[0]), (p, s, d) => CoshOfPullback(p[0], s, ref d[0]), Math.Sinh).Check(x);

    [Theory, InlineData(-1.5), InlineData(0.3), InlineData(2.0)]
    public void Tanh(double x) => Unary(nameof(TanhOf), TanhOf, (p, d) => TanhOfGrad(p[0], out d[0]), (p, s, d) => TanhOfPullback(p[0], s, ref d[0]), t => 1 / (Math.Cosh(t) * Math.Cosh(t))).Check(x);

    [Theory, InlineData(-2.0), InlineData(0.3), InlineData(3.0)]
    public void Asinh(double x) => Unary(nameof(AsinhOf), AsinhOf, (p, d) => AsinhOfGrad(p[0], out d[0]), (p, s, d) => AsinhOfPullback(p[0], s, ref d[0]), t => 1 / Math.Sqrt(t * t + 1)).Check(x);

    [Theory, InlineData(1.2), InlineData(2.0), InlineData(5.0)]
    public void Acosh(double x) => Unary(nameof(AcoshOf), AcoshOf, (p, d) => AcoshOfGrad(p[0], out d[0]), (p, s, d) => AcoshOfPullback(p[0], s, ref d[0]), t => 1 / Math.Sqrt(t * t - 1)).Check(x);

    [Theory, InlineData(-0.8), InlineData(0.1), InlineData(0.6)]
    public void Atanh(double x) => Unary(nameof(AtanhOf), AtanhOf, (p, d) => AtanhOfGrad(p[0], out d[0]), (p, s, d) => AtanhOfPullback(p[0], s, ref d[0]), t => 1 / (1 - t * t)).Check(x);

    [Theory, InlineData(-2.0), InlineData(0.5), InlineData(3.0)]
    public void Exp(double x) => Unary(nameof(ExpOf), ExpOf, (p, d) => ExpOfGrad(p[0], out d[0]), (p, s, d) => ExpOfPullback(p[0], s, ref d[0]), Math.Exp).Check(x);

    [Theory, InlineData(0.2), InlineData(1.5), InlineData(10.0)]
    public void Log(double x) => Unary(nameof(LogOf), LogOf, (p, d) => LogOfGrad(p[0], out d[0]), (p, s, d) => LogOfPullback(p[0], s, ref d[0]), t => 1 / t).Check(x);

    [Theory, InlineData(0.2), InlineData(1.5), InlineData(10.0)]
    public void Log10(double x) => Unary(nameof(Log10Of), Log10Of, (p, d) => Log10OfGrad(p[0], out d[0]), (p, s, d) => Log10OfPullback(p[0], s, ref d[0]), t => 1 / (t * Math.Log(10))).Check(x);

    [Theory, InlineData(0.2), InlineData(1.5), InlineData(10.0)]
    public void Log2(double x) => Unary(nameof(Log2Of), Log2Of, (p, d) => Log2OfGrad(p[0], out d[0]), (p, s, d) => Log2OfPullback(p[0], s, ref d[0]), t => 1 / (t * Math.Log(2))).Check(x);

    [Theory, InlineData(-1.5), InlineData(0.7), InlineData(3.0)]
    public void Pow_with_constant_exponent_2(double x) => Unary(nameof(PowSquare), PowSquare, (p, d) => PowSquareGrad(p[0], out d[0]), (p, s, d) => PowSquarePullback(p[0], s, ref d[0]), t => 2 * t).Check(x);

    [Theory, InlineData(-1.5), InlineData(0.7), InlineData(3.0)]
    public void Pow_with_constant_exponent_3(double x) => Unary(nameof(PowCube), PowCube, (p, d) => PowCubeGrad(p[0], out d[0]), (p, s, d) => PowCubePullback(p[0], s, ref d[0]), t => 3 * t * t).Check(x);

    [Theory, InlineData(0.2), InlineData(1.5), InlineData(9.0)]
    public void Pow_with_constant_exponent_one_half(double x) => Unary(nameof(PowHalf), PowHalf, (p, d) => PowHalfGrad(p[0], out d[0]), (p, s, d) => PowHalfPullback(p[0], s, ref d[0]), t => 0.5 / Math.Sqrt(t)).Check(x);

    [Theory, InlineData(-2.0), InlineData(0.4), InlineData(3.0)]
    public void Pow_with_constant_exponent_minus_1(double x) => Unary(nameof(PowMinusOne), PowMinusOne, (p, d) => PowMinusOneGrad(p[0], out d[0]), (p, s, d) => PowMinusOnePullback(p[0], s, ref d[0]), t => -1 / (t * t)).Check(x);

    [Theory, InlineData(-2.0), InlineData(0.4), InlineData(3.0)]
    public void Pow_with_constant_base(double x) => Unary(nameof(PowConstantBase), PowConstantBase, (p, d) => PowConstantBaseGrad(p[0], out d[0]), (p, s, d) => PowConstantBasePullback(p[0], s, ref d[0]), t => Math.Pow(2, t) * Math.Log(2)).Check(x);

    [Theory, InlineData(0.2), InlineData(1.5), InlineData(10.0)]
    public void Sqrt(double x) => Unary(nameof(SqrtOf), SqrtOf, (p, d) => SqrtOfGrad(p[0], out d[0]), (p, s, d) => SqrtOfPullback(p[0], s, ref d[0]), t => 0.5 / Math.Sqrt(t)).Check(x);

    [Theory, InlineData(-2.0), InlineData(0.4), InlineData(9.0)]
    public void Cbrt(double x) => Unary(nameof(CbrtOf), CbrtOf, (p, d) => CbrtOfGrad(p[0], out d[0]), (p, s, d) => CbrtOfPullback(p[0], s, ref d[0]), t => 1 / (3 * Math.Pow(Math.Abs(t), 2.0 / 3.0))).Check(x);

    [Theory, InlineData(-2.0), InlineData(0.4), InlineData(3.0)]
    public void Abs(double x) => Unary(nameof(AbsOf), AbsOf, (p, d) => AbsOfGrad(p[0], out d[0]), (p, s, d) => AbsOfPullback(p[0], s, ref d[0]), t => t > 0 ? 1 : -1).Check(x);

    [Theory, InlineData(0.3), InlineData(1.7), InlineData(-2.2), InlineData(4.5)]
    public void Floor_has_derivative_zero_between_integers(double x) => Unary(nameof(TimesFloor), TimesFloor, (p, d) => TimesFloorGrad(p[0], out d[0]), (p, s, d) => TimesFloorPullback(p[0], s, ref d[0]), Math.Floor).Check(x);

    [Theory, InlineData(0.3), InlineData(1.7), InlineData(-2.2), InlineData(4.5)]
    public void Ceiling_has_derivative_zero_between_integers(double x) => Unary(nameof(TimesCeiling), TimesCeiling, (p, d) => TimesCeilingGrad(p[0], out d[0]), (p, s, d) => TimesCeilingPullback(p[0], s, ref d[0]), Math.Ceiling).Check(x);

    [Theory, InlineData(0.3), InlineData(1.7), InlineData(-2.2), InlineData(4.2)]
    public void Round_has_derivative_zero_away_from_half_integers(double x) => Unary(nameof(TimesRound), TimesRound, (p, d) => TimesRoundGrad(p[0], out d[0]), (p, s, d) => TimesRoundPullback(p[0], s, ref d[0]), t => Math.Round(t)).Check(x);

    [Theory, InlineData(0.3012), InlineData(1.7371), InlineData(-2.2238)]
    public void Round_to_digits_has_derivative_zero_away_from_its_jumps(double x) => Unary(nameof(TimesRoundDigits), TimesRoundDigits, (p, d) => TimesRoundDigitsGrad(p[0], out d[0]), (p, s, d) => TimesRoundDigitsPullback(p[0], s, ref d[0]), t => Math.Round(t, 2)).Check(x);

    [Theory, InlineData(0.3), InlineData(1.7), InlineData(-2.2), InlineData(-0.6)]
    public void Truncate_has_derivative_zero_between_integers(double x) => Unary(nameof(TimesTruncate), TimesTruncate, (p, d) => TimesTruncateGrad(p[0], out d[0]), (p, s, d) => TimesTruncatePullback(p[0], s, ref d[0]), Math.Truncate).Check(x);

    [Theory, InlineData(0.3), InlineData(1.7), InlineData(-2.2)]
    public void Sign_has_derivative_zero_away_from_zero(double x) => Unary(nameof(TimesSign), TimesSign, (p, d) => TimesSignGrad(p[0], out d[0]), (p, s, d) => TimesSignPullback(p[0], s, ref d[0]), t => Math.Sign(t)).Check(x);

    // ---- several arguments --------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(-0.5, 1.5)]
    [InlineData(2.0, -1.0)]
    [InlineData(-1.0, -3.0)]
    public void Atan2(double y, double x) =>
        new GradientCheck(
            nameof(Atan2Of), "y x",
            p => Atan2Of(p[0], p[1]),
            (p, d) => Atan2OfGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => Atan2OfPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var r2 = p[0] * p[0] + p[1] * p[1];
                return [p[1] / r2, -p[0] / r2];
            }).Check(y, x);

    [Theory]
    [InlineData(3.0, 2.0)]
    [InlineData(0.5, 10.0)]
    [InlineData(7.0, 0.3)]
    public void Log_with_a_base(double a, double newBase) =>
        new GradientCheck(
            nameof(LogWithBase), "a newBase",
            p => LogWithBase(p[0], p[1]),
            (p, d) => LogWithBaseGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => LogWithBasePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var lnB = Math.Log(p[1]);
                return [1 / (p[0] * lnB), -Math.Log(p[0]) / (p[1] * lnB * lnB)];
            }).Check(a, newBase);

    [Theory]
    [InlineData(1.3, 2.1)]
    [InlineData(0.7, -1.5)]
    [InlineData(2.5, 0.5)]
    public void Pow_with_variable_exponent(double x, double y) =>
        new GradientCheck(
            nameof(PowOf), "x y",
            p => PowOf(p[0], p[1]),
            (p, d) => PowOfGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => PowOfPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0])]).Check(x, y);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(3.0, 2.0)]
    [InlineData(-1.0, -4.0)]
    public void Max(double x, double y) =>
        new GradientCheck(
            nameof(MaxOf), "x y",
            p => MaxOf(p[0], p[1]),
            (p, d) => MaxOfGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => MaxOfPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => p[0] > p[1] ? [1.0, 0.0] : [0.0, 1.0]).Check(x, y);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(3.0, 2.0)]
    [InlineData(-1.0, -4.0)]
    public void Min(double x, double y) =>
        new GradientCheck(
            nameof(MinOf), "x y",
            p => MinOf(p[0], p[1]),
            (p, d) => MinOfGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => MinOfPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => p[0] < p[1] ? [1.0, 0.0] : [0.0, 1.0]).Check(x, y);

    [Theory]
    [InlineData(1.5, -2.0, 0.5)]
    [InlineData(0.3, 0.7, -1.0)]
    [InlineData(-2.0, 3.0, 4.0)]
    public void FusedMultiplyAdd(double x, double y, double z) =>
        new GradientCheck(
            nameof(FmaOf), "x y z",
            p => FmaOf(p[0], p[1], p[2]),
            (p, d) => FmaOfGrad(p[0], p[1], p[2], out d[0], out d[1], out d[2]),
            (p, s, d) => FmaOfPullback(p[0], p[1], p[2], s, ref d[0], ref d[1], ref d[2]),
            p => [p[1], p[0], 1.0]).Check(x, y, z);

    [Theory]
    [InlineData(0.5, 0.0, 1.0)]   // inside: returns x
    [InlineData(-1.0, 0.0, 1.0)]  // below: returns lo
    [InlineData(3.0, 0.0, 1.0)]   // above: returns hi
    [InlineData(0.2, -0.5, 2.5)]
    public void Clamp(double x, double lo, double hi) =>
        new GradientCheck(
            nameof(ClampOf), "x lo hi",
            p => ClampOf(p[0], p[1], p[2]),
            (p, d) => ClampOfGrad(p[0], p[1], p[2], out d[0], out d[1], out d[2]),
            (p, s, d) => ClampOfPullback(p[0], p[1], p[2], s, ref d[0], ref d[1], ref d[2]),
            p => p[0] < p[1] ? [0.0, 1.0, 0.0] : p[0] > p[2] ? [0.0, 0.0, 1.0] : [1.0, 0.0, 0.0]).Check(x, lo, hi);

    [Theory]
    [InlineData(0.3, 1.2)]
    [InlineData(-0.8, 0.5)]
    [InlineData(1.1, -0.7)]
    public void Composition_of_rules(double x, double y) =>
        new GradientCheck(
            nameof(Composition), "x y",
            p => Composition(p[0], p[1]),
            (p, d) => CompositionGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CompositionPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var e = Math.Exp(Math.Sin(a * b));
                var l = Math.Log(1 + a * a);
                var w = b * b + 1;
                var root = Math.Sqrt(Math.Cosh(b) + Math.Atan2(a, w));
                var dAtanDa = w / (a * a + w * w);
                var dAtanDw = -a / (a * a + w * w);
                var dA = e * Math.Cos(a * b) * b * l + e * 2 * a / (1 + a * a) + dAtanDa / (2 * root);
                var dB = e * Math.Cos(a * b) * a * l + (Math.Sinh(b) + dAtanDw * 2 * b) / (2 * root);
                return [dA, dB];
            }).Check(x, y);

    [Theory, InlineData(-1.5), InlineData(0.4), InlineData(2.0)]
    public void Max_and_Min_with_an_int_literal(double x) => Unary(nameof(Relu), Relu, (p, d) => ReluGrad(p[0], out d[0]), (p, s, d) => ReluPullback(p[0], s, ref d[0]), t => t > 0 ? 1.0 : 0.1).Check(x);

    [Theory, InlineData(0.3, 2), InlineData(-1.2, 5), InlineData(2.5, -4)]
    public void Math_functions_of_int_arguments_are_passive(double x, int n) =>
        Unary(nameof(PassiveMathOnInts), t => PassiveMathOnInts(t, n), (p, d) => PassiveMathOnIntsGrad(p[0], n, out d[0]), (p, s, d) => PassiveMathOnIntsPullback(p[0], n, s, ref d[0]), _ => Math.Min(n, 3) + Math.Abs(n) + Math.Sqrt(n * n + 1)).Check(x);

    [Theory, InlineData(0.3), InlineData(1.7), InlineData(-2.2)]
    public void Round_with_a_MidpointRounding_mode(double x) =>
        Unary(nameof(TimesRoundAwayFromZero), TimesRoundAwayFromZero, (p, d) => TimesRoundAwayFromZeroGrad(p[0], out d[0]), (p, s, d) => TimesRoundAwayFromZeroPullback(p[0], s, ref d[0]), t => Math.Round(t, MidpointRounding.AwayFromZero)).Check(x);

    [Theory, InlineData(-1.5), InlineData(0.7), InlineData(3.0)]
    public void Pow_with_constant_exponents_0_1_and_2_0(double x) =>
        Unary(nameof(PowZeroAndOne), PowZeroAndOne, (p, d) => PowZeroAndOneGrad(p[0], out d[0]), (p, s, d) => PowZeroAndOnePullback(p[0], s, ref d[0]), t => 3 + 2 * t).Check(x);
}
