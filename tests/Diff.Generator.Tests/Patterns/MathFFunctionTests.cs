using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// The float versions of <see cref="MathFunctionTests"/>: every MathF function with a derivative rule (Clamp,
/// which MathF lacks, through Math.Clamp(float, float, float)), in methods that take and return float. The closed
/// form is evaluated in double at the float point and compared at 1e-5 relative; the finite differences of the
/// float primal use a 1e-3 step (see <see cref="FiniteDifferences"/>).
/// </summary>
public partial class MathFFunctionTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    [Differentiable] public static float SinF(float x) => MathF.Sin(x);
    [Differentiable] public static float CosF(float x) => MathF.Cos(x);
    [Differentiable] public static float TanF(float x) => MathF.Tan(x);
    [Differentiable] public static float AsinF(float x) => MathF.Asin(x);
    [Differentiable] public static float AcosF(float x) => MathF.Acos(x);
    [Differentiable] public static float AtanF(float x) => MathF.Atan(x);
    [Differentiable] public static float SinhF(float x) => MathF.Sinh(x);
    [Differentiable] public static float CoshF(float x) => MathF.Cosh(x);
    [Differentiable] public static float TanhF(float x) => MathF.Tanh(x);
    [Differentiable] public static float AsinhF(float x) => MathF.Asinh(x);
    [Differentiable] public static float AcoshF(float x) => MathF.Acosh(x);
    [Differentiable] public static float AtanhF(float x) => MathF.Atanh(x);
    [Differentiable] public static float ExpF(float x) => MathF.Exp(x);
    [Differentiable] public static float LogF(float x) => MathF.Log(x);
    [Differentiable] public static float Log10F(float x) => MathF.Log10(x);
    [Differentiable] public static float Log2F(float x) => MathF.Log2(x);
    [Differentiable] public static float PowSquareF(float x) => MathF.Pow(x, 2);
    [Differentiable] public static float PowCubeF(float x) => MathF.Pow(x, 3);
    [Differentiable] public static float PowHalfF(float x) => MathF.Pow(x, 0.5f);
    [Differentiable] public static float PowMinusOneF(float x) => MathF.Pow(x, -1);
    [Differentiable] public static float PowConstantBaseF(float x) => MathF.Pow(2f, x);
    [Differentiable] public static float SqrtF(float x) => MathF.Sqrt(x);
    [Differentiable] public static float CbrtF(float x) => MathF.Cbrt(x);
    [Differentiable] public static float AbsF(float x) => MathF.Abs(x);
    [Differentiable] public static float TimesFloorF(float x) => x * MathF.Floor(x);
    [Differentiable] public static float TimesCeilingF(float x) => x * MathF.Ceiling(x);
    [Differentiable] public static float TimesRoundF(float x) => x * MathF.Round(x);
    [Differentiable] public static float TimesRoundDigitsF(float x) => x * MathF.Round(x, 1);
    [Differentiable] public static float TimesTruncateF(float x) => x * MathF.Truncate(x);
    [Differentiable] public static float TimesSignF(float x) => x * MathF.Sign(x) + MathF.Sign(x - 1f);
    [Differentiable] public static float Atan2F(float y, float x) => MathF.Atan2(y, x);
    [Differentiable] public static float LogWithBaseF(float a, float newBase) => MathF.Log(a, newBase);
    [Differentiable] public static float PowF(float x, float y) => MathF.Pow(x, y);
    [Differentiable] public static float MaxF(float x, float y) => MathF.Max(x, y);
    [Differentiable] public static float MinF(float x, float y) => MathF.Min(x, y);
    [Differentiable] public static float MathMaxOfFloats(float x, float y) => Math.Max(x, y) * Math.Abs(y);
    [Differentiable] public static float FmaF(float x, float y, float z) => MathF.FusedMultiplyAdd(x, y, z);
    [Differentiable] public static float ClampF(float x, float lo, float hi) => Math.Clamp(x, lo, hi);

    // ---- one-argument functions ---------------------------------------------------------------------------------

    private static FloatGradientCheck Unary(string name, Func<float, float> f, FloatGradCall grad, FloatPullbackCall pullback, Func<double, double> derivative)
        => new(name, "x", p => f(p[0]), grad, pullback, p => [derivative(p[0])]);

    [Theory, InlineData(0.3f), InlineData(1.2f), InlineData(-2.5f)]
    public void Sin(float x) => Unary(nameof(SinF), SinF, (p, d) => SinFGrad(p[0], out d[0]), (p, s, d) => SinFPullback(p[0], s, ref d[0]), t => Math.Cos(t)).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.2f), InlineData(-2.5f)]
    public void Cos(float x) => Unary(nameof(CosF), CosF, (p, d) => CosFGrad(p[0], out d[0]), (p, s, d) => CosFPullback(p[0], s, ref d[0]), t => -Math.Sin(t)).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.2f), InlineData(-2.5f)]
    public void Tan(float x) => Unary(nameof(TanF), TanF, (p, d) => TanFGrad(p[0], out d[0]), (p, s, d) => TanFPullback(p[0], s, ref d[0]), t => 1 / (Math.Cos(t) * Math.Cos(t))).Check(x);

    [Theory, InlineData(-0.7f), InlineData(0.2f), InlineData(0.9f)]
    public void Asin(float x) => Unary(nameof(AsinF), AsinF, (p, d) => AsinFGrad(p[0], out d[0]), (p, s, d) => AsinFPullback(p[0], s, ref d[0]), t => 1 / Math.Sqrt(1 - t * t)).Check(x);

    [Theory, InlineData(-0.7f), InlineData(0.2f), InlineData(0.9f)]
    public void Acos(float x) => Unary(nameof(AcosF), AcosF, (p, d) => AcosFGrad(p[0], out d[0]), (p, s, d) => AcosFPullback(p[0], s, ref d[0]), t => -1 / Math.Sqrt(1 - t * t)).Check(x);

    [Theory, InlineData(-3f), InlineData(0.4f), InlineData(2f)]
    public void Atan(float x) => Unary(nameof(AtanF), AtanF, (p, d) => AtanFGrad(p[0], out d[0]), (p, s, d) => AtanFPullback(p[0], s, ref d[0]), t => 1 / (1 + t * t)).Check(x);

    [Theory, InlineData(-1.5f), InlineData(0.3f), InlineData(2f)]
    public void Sinh(float x) => Unary(nameof(SinhF), SinhF, (p, d) => SinhFGrad(p[0], out d[0]), (p, s, d) => SinhFPullback(p[0], s, ref d[0]), t => Math.Cosh(t)).Check(x);

    [Theory, InlineData(-1.5f), InlineData(0.3f), InlineData(2f)]
    public void Cosh(float x) => Unary(nameof(CoshF), CoshF, (p, d) => CoshFGrad(p[0], out d[0]), (p, s, d) => CoshFPullback(p[0], s, ref d[0]), t => Math.Sinh(t)).Check(x);

    [Theory, InlineData(-1.5f), InlineData(0.3f), InlineData(2f)]
    public void Tanh(float x) => Unary(nameof(TanhF), TanhF, (p, d) => TanhFGrad(p[0], out d[0]), (p, s, d) => TanhFPullback(p[0], s, ref d[0]), t => 1 / (Math.Cosh(t) * Math.Cosh(t))).Check(x);

    [Theory, InlineData(-2f), InlineData(0.3f), InlineData(3f)]
    public void Asinh(float x) => Unary(nameof(AsinhF), AsinhF, (p, d) => AsinhFGrad(p[0], out d[0]), (p, s, d) => AsinhFPullback(p[0], s, ref d[0]), t => 1 / Math.Sqrt(t * t + 1)).Check(x);

    [Theory, InlineData(1.2f), InlineData(2f), InlineData(5f)]
    public void Acosh(float x) => Unary(nameof(AcoshF), AcoshF, (p, d) => AcoshFGrad(p[0], out d[0]), (p, s, d) => AcoshFPullback(p[0], s, ref d[0]), t => 1 / Math.Sqrt(t * t - 1)).Check(x);

    [Theory, InlineData(-0.8f), InlineData(0.1f), InlineData(0.6f)]
    public void Atanh(float x) => Unary(nameof(AtanhF), AtanhF, (p, d) => AtanhFGrad(p[0], out d[0]), (p, s, d) => AtanhFPullback(p[0], s, ref d[0]), t => 1 / (1 - t * t)).Check(x);

    [Theory, InlineData(-2f), InlineData(0.5f), InlineData(3f)]
    public void Exp(float x) => Unary(nameof(ExpF), ExpF, (p, d) => ExpFGrad(p[0], out d[0]), (p, s, d) => ExpFPullback(p[0], s, ref d[0]), t => Math.Exp(t)).Check(x);

    [Theory, InlineData(0.2f), InlineData(1.5f), InlineData(10f)]
    public void Log(float x) => Unary(nameof(LogF), LogF, (p, d) => LogFGrad(p[0], out d[0]), (p, s, d) => LogFPullback(p[0], s, ref d[0]), t => 1 / t).Check(x);

    [Theory, InlineData(0.2f), InlineData(1.5f), InlineData(10f)]
    public void Log10(float x) => Unary(nameof(Log10F), Log10F, (p, d) => Log10FGrad(p[0], out d[0]), (p, s, d) => Log10FPullback(p[0], s, ref d[0]), t => 1 / (t * Math.Log(10))).Check(x);

    [Theory, InlineData(0.2f), InlineData(1.5f), InlineData(10f)]
    public void Log2(float x) => Unary(nameof(Log2F), Log2F, (p, d) => Log2FGrad(p[0], out d[0]), (p, s, d) => Log2FPullback(p[0], s, ref d[0]), t => 1 / (t * Math.Log(2))).Check(x);

    [Theory, InlineData(-1.5f), InlineData(0.7f), InlineData(3f)]
    public void PowSquare(float x) => Unary(nameof(PowSquareF), PowSquareF, (p, d) => PowSquareFGrad(p[0], out d[0]), (p, s, d) => PowSquareFPullback(p[0], s, ref d[0]), t => 2 * t).Check(x);

    [Theory, InlineData(-1.5f), InlineData(0.7f), InlineData(3f)]
    public void PowCube(float x) => Unary(nameof(PowCubeF), PowCubeF, (p, d) => PowCubeFGrad(p[0], out d[0]), (p, s, d) => PowCubeFPullback(p[0], s, ref d[0]), t => 3 * t * t).Check(x);

    [Theory, InlineData(0.2f), InlineData(1.5f), InlineData(9f)]
    public void PowHalf(float x) => Unary(nameof(PowHalfF), PowHalfF, (p, d) => PowHalfFGrad(p[0], out d[0]), (p, s, d) => PowHalfFPullback(p[0], s, ref d[0]), t => 0.5 / Math.Sqrt(t)).Check(x);

    [Theory, InlineData(-2f), InlineData(0.4f), InlineData(3f)]
    public void PowMinusOne(float x) => Unary(nameof(PowMinusOneF), PowMinusOneF, (p, d) => PowMinusOneFGrad(p[0], out d[0]), (p, s, d) => PowMinusOneFPullback(p[0], s, ref d[0]), t => -1 / (t * t)).Check(x);

    [Theory, InlineData(-2f), InlineData(0.4f), InlineData(3f)]
    public void PowConstantBase(float x) => Unary(nameof(PowConstantBaseF), PowConstantBaseF, (p, d) => PowConstantBaseFGrad(p[0], out d[0]), (p, s, d) => PowConstantBaseFPullback(p[0], s, ref d[0]), t => Math.Pow(2, t) * Math.Log(2)).Check(x);

    [Theory, InlineData(0.2f), InlineData(1.5f), InlineData(10f)]
    public void Sqrt(float x) => Unary(nameof(SqrtF), SqrtF, (p, d) => SqrtFGrad(p[0], out d[0]), (p, s, d) => SqrtFPullback(p[0], s, ref d[0]), t => 0.5 / Math.Sqrt(t)).Check(x);

    [Theory, InlineData(-2f), InlineData(0.4f), InlineData(9f)]
    public void Cbrt(float x) => Unary(nameof(CbrtF), CbrtF, (p, d) => CbrtFGrad(p[0], out d[0]), (p, s, d) => CbrtFPullback(p[0], s, ref d[0]), t => 1 / (3 * Math.Pow(Math.Abs(t), 2.0 / 3.0))).Check(x);

    [Theory, InlineData(-2f), InlineData(0.4f), InlineData(3f)]
    public void Abs(float x) => Unary(nameof(AbsF), AbsF, (p, d) => AbsFGrad(p[0], out d[0]), (p, s, d) => AbsFPullback(p[0], s, ref d[0]), t => t > 0 ? 1 : -1).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.7f), InlineData(-2.2f), InlineData(4.5f)]
    public void TimesFloor(float x) => Unary(nameof(TimesFloorF), TimesFloorF, (p, d) => TimesFloorFGrad(p[0], out d[0]), (p, s, d) => TimesFloorFPullback(p[0], s, ref d[0]), t => Math.Floor(t)).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.7f), InlineData(-2.2f), InlineData(4.5f)]
    public void TimesCeiling(float x) => Unary(nameof(TimesCeilingF), TimesCeilingF, (p, d) => TimesCeilingFGrad(p[0], out d[0]), (p, s, d) => TimesCeilingFPullback(p[0], s, ref d[0]), t => Math.Ceiling(t)).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.7f), InlineData(-2.2f), InlineData(4.2f)]
    public void TimesRound(float x) => Unary(nameof(TimesRoundF), TimesRoundF, (p, d) => TimesRoundFGrad(p[0], out d[0]), (p, s, d) => TimesRoundFPullback(p[0], s, ref d[0]), t => Math.Round(t)).Check(x);

    [Theory, InlineData(0.32f), InlineData(1.74f), InlineData(-2.22f)]
    public void TimesRoundDigits(float x) => Unary(nameof(TimesRoundDigitsF), TimesRoundDigitsF, (p, d) => TimesRoundDigitsFGrad(p[0], out d[0]), (p, s, d) => TimesRoundDigitsFPullback(p[0], s, ref d[0]), t => (double)MathF.Round((float)t, 1)).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.7f), InlineData(-2.2f), InlineData(-0.6f)]
    public void TimesTruncate(float x) => Unary(nameof(TimesTruncateF), TimesTruncateF, (p, d) => TimesTruncateFGrad(p[0], out d[0]), (p, s, d) => TimesTruncateFPullback(p[0], s, ref d[0]), t => Math.Truncate(t)).Check(x);

    [Theory, InlineData(0.3f), InlineData(1.7f), InlineData(-2.2f)]
    public void TimesSign(float x) => Unary(nameof(TimesSignF), TimesSignF, (p, d) => TimesSignFGrad(p[0], out d[0]), (p, s, d) => TimesSignFPullback(p[0], s, ref d[0]), t => Math.Sign(t)).Check(x);

    // ---- several arguments --------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(-0.5f, 1.5f)]
    [InlineData(2f, -1f)]
    [InlineData(-1f, -3f)]
    public void Atan2(float y, float x) =>
        new FloatGradientCheck(
            nameof(Atan2F), "y x",
            p => Atan2F(p[0], p[1]),
            (p, d) => Atan2FGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => Atan2FPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var r2 = p[0] * p[0] + p[1] * p[1];
                return [p[1] / r2, -p[0] / r2];
            }).Check(y, x);

    [Theory]
    [InlineData(3f, 2f)]
    [InlineData(0.5f, 10f)]
    [InlineData(7f, 0.3f)]
    public void Log_with_a_base(float a, float newBase) =>
        new FloatGradientCheck(
            nameof(LogWithBaseF), "a newBase",
            p => LogWithBaseF(p[0], p[1]),
            (p, d) => LogWithBaseFGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => LogWithBaseFPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var lnB = Math.Log(p[1]);
                return [1 / (p[0] * lnB), -Math.Log(p[0]) / (p[1] * lnB * lnB)];
            }).Check(a, newBase);

    [Theory]
    [InlineData(1.3f, 2.1f)]
    [InlineData(0.7f, -1.5f)]
    [InlineData(2.5f, 0.5f)]
    public void Pow_with_variable_exponent(float x, float y) =>
        new FloatGradientCheck(
            nameof(PowF), "x y",
            p => PowF(p[0], p[1]),
            (p, d) => PowFGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => PowFPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0])]).Check(x, y);

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(3f, 2f)]
    [InlineData(-1f, -4f)]
    public void Max(float x, float y) =>
        new FloatGradientCheck(
            nameof(MaxF), "x y",
            p => MaxF(p[0], p[1]),
            (p, d) => MaxFGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => MaxFPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => p[0] > p[1] ? [1.0, 0.0] : [0.0, 1.0]).Check(x, y);

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(3f, 2f)]
    [InlineData(-1f, -4f)]
    public void Min(float x, float y) =>
        new FloatGradientCheck(
            nameof(MinF), "x y",
            p => MinF(p[0], p[1]),
            (p, d) => MinFGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => MinFPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => p[0] < p[1] ? [1.0, 0.0] : [0.0, 1.0]).Check(x, y);

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(3f, -2f)]
    [InlineData(-1f, -4f)]
    public void Math_Max_and_Abs_on_floats(float x, float y) =>
        new FloatGradientCheck(
            nameof(MathMaxOfFloats), "x y",
            p => MathMaxOfFloats(p[0], p[1]),
            (p, d) => MathMaxOfFloatsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => MathMaxOfFloatsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var m = Math.Max(a, b);
                return a > b ? [Math.Abs(b), m * Math.Sign(b)] : [0.0, Math.Abs(b) + m * Math.Sign(b)];
            }).Check(x, y);

    [Theory]
    [InlineData(1.5f, -2f, 0.5f)]
    [InlineData(0.3f, 0.7f, -1f)]
    [InlineData(-2f, 3f, 4f)]
    public void FusedMultiplyAdd(float x, float y, float z) =>
        new FloatGradientCheck(
            nameof(FmaF), "x y z",
            p => FmaF(p[0], p[1], p[2]),
            (p, d) => FmaFGrad(p[0], p[1], p[2], out d[0], out d[1], out d[2]),
            (p, s, d) => FmaFPullback(p[0], p[1], p[2], s, ref d[0], ref d[1], ref d[2]),
            p => [p[1], p[0], 1.0]).Check(x, y, z);

    [Theory]
    [InlineData(0.5f, 0f, 1f)]
    [InlineData(-1f, 0f, 1f)]
    [InlineData(3f, 0f, 1f)]
    [InlineData(0.2f, -0.5f, 2.5f)]
    public void Clamp(float x, float lo, float hi) =>
        new FloatGradientCheck(
            nameof(ClampF), "x lo hi",
            p => ClampF(p[0], p[1], p[2]),
            (p, d) => ClampFGrad(p[0], p[1], p[2], out d[0], out d[1], out d[2]),
            (p, s, d) => ClampFPullback(p[0], p[1], p[2], s, ref d[0], ref d[1], ref d[2]),
            p => p[0] < p[1] ? [0.0, 1.0, 0.0] : p[0] > p[2] ? [0.0, 0.0, 1.0] : [1.0, 0.0, 0.0]).Check(x, lo, hi);
}
