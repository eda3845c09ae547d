using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.GenericMath.GenericMathPatterns;

namespace DiffGen.Generator.Tests.GenericMath;

public delegate T Grad1<T>(T x, out T dx);
public delegate T Pullback1<T>(T x, T seed, ref T dx);
public delegate T Grad2<T>(T x, T y, out T dx, out T dy);
public delegate T Pullback2<T>(T x, T y, T seed, ref T dx, ref T dy);
public delegate T Grad3<T>(T x, T y, T z, out T dx, out T dy, out T dz);
public delegate T Pullback3<T>(T x, T y, T z, T seed, ref T dx, ref T dy, ref T dz);

/// <summary>
/// Every derivative rule of <c>Rules/MathRules</c> reached through generic math (<c>T.Sin</c>, <c>T.Pow</c>, ...): one
/// generic method per rule (<see cref="GenericMathPatterns"/>), its one generated <c>Grad&lt;T&gt;</c>/<c>Pullback&lt;T&gt;</c>
/// instantiated at double and at float and checked at several points against central finite differences (and the
/// closed form where simple): value bit for bit the primal's, Pullback adds seed·gradient. Some are also run at Half
/// (see <see cref="HalfCheck"/>).
/// </summary>
public class GenericMathRuleTests
{
    // ---- helpers: one generic method, checked at double and float -----------------------------------------------

    internal static void Unary(
        string name,
        Func<double, double> f, Grad1<double> grad, Pullback1<double> pullback,
        Func<float, float> ff, Grad1<float> gradF, Pullback1<float> pullbackF,
        Func<double, double>? derivative, params double[] points)
    {
        foreach (var x in points)
        {
            new GradientCheck(name + "<double>", "x", p => f(p[0]), (p, d) => grad(p[0], out d[0]), (p, s, d) => pullback(p[0], s, ref d[0]),
                derivative is null ? null : p => [derivative(p[0])]).Check(x);
            new FloatGradientCheck(name + "<float>", "x", p => ff(p[0]), (p, d) => gradF(p[0], out d[0]), (p, s, d) => pullbackF(p[0], s, ref d[0]),
                derivative is null ? null : p => [derivative(p[0])]).Check((float)x);
        }
    }

    internal static void Binary(
        string name,
        Func<double, double, double> f, Grad2<double> grad, Pullback2<double> pullback,
        Func<float, float, float> ff, Grad2<float> gradF, Pullback2<float> pullbackF,
        params double[][] points)
    {
        foreach (var point in points)
        {
            new GradientCheck(name + "<double>", "x y", p => f(p[0], p[1]), (p, d) => grad(p[0], p[1], out d[0], out d[1]),
                (p, s, d) => pullback(p[0], p[1], s, ref d[0], ref d[1])).Check(point);
            new FloatGradientCheck(name + "<float>", "x y", p => ff(p[0], p[1]), (p, d) => gradF(p[0], p[1], out d[0], out d[1]),
                (p, s, d) => pullbackF(p[0], p[1], s, ref d[0], ref d[1])).Check(point.Select(v => (float)v).ToArray());
        }
    }

    internal static void Ternary(
        string name,
        Func<double, double, double, double> f, Grad3<double> grad, Pullback3<double> pullback,
        Func<float, float, float, float> ff, Grad3<float> gradF, Pullback3<float> pullbackF,
        params double[][] points)
    {
        foreach (var point in points)
        {
            new GradientCheck(name + "<double>", "x y z", p => f(p[0], p[1], p[2]), (p, d) => grad(p[0], p[1], p[2], out d[0], out d[1], out d[2]),
                (p, s, d) => pullback(p[0], p[1], p[2], s, ref d[0], ref d[1], ref d[2])).Check(point);
            new FloatGradientCheck(name + "<float>", "x y z", p => ff(p[0], p[1], p[2]), (p, d) => gradF(p[0], p[1], p[2], out d[0], out d[1], out d[2]),
                (p, s, d) => pullbackF(p[0], p[1], p[2], s, ref d[0], ref d[1], ref d[2])).Check(point.Select(v => (float)v).ToArray());
        }
    }

    private static double[] P(params double[] p) => p;

    // ---- one-argument rules -------------------------------------------------------------------------------------

    [Fact] public void Sin() => Unary(nameof(SinG), SinG, SinGGrad, SinGPullback, SinG, SinGGrad, SinGPullback, Math.Cos, 0.3, 1.2, -2.5);
    [Fact] public void Cos() => Unary(nameof(CosG), CosG, CosGGrad, CosGPullback, CosG, CosGGrad, CosGPullback, t => -Math.Sin(t), 0.3, 1.2, -2.5);
    [Fact] public void Tan() => Unary(nameof(TanG), TanG, TanGGrad, TanGPullback, TanG, TanGGrad, TanGPullback, t => 1 / (Math.Cos(t) * Math.Cos(t)), 0.3, 1.2, -2.5);
    [Fact] public void Asin() => Unary(nameof(AsinG), AsinG, AsinGGrad, AsinGPullback, AsinG, AsinGGrad, AsinGPullback, t => 1 / Math.Sqrt(1 - t * t), -0.7, 0.2, 0.9);
    [Fact] public void Acos() => Unary(nameof(AcosG), AcosG, AcosGGrad, AcosGPullback, AcosG, AcosGGrad, AcosGPullback, t => -1 / Math.Sqrt(1 - t * t), -0.7, 0.2, 0.9);
    [Fact] public void Atan() => Unary(nameof(AtanG), AtanG, AtanGGrad, AtanGPullback, AtanG, AtanGGrad, AtanGPullback, t => 1 / (1 + t * t), -3, 0.4, 2);
    [Fact] public void Sinh() => Unary(nameof(SinhG), SinhG, SinhGGrad, SinhGPullback, SinhG, SinhGGrad, SinhGPullback, Math.Cosh, -1.5, 0.3, 2);
    [Fact] public void Cosh() => Unary(nameof(CoshG), CoshG, CoshGGrad, CoshGPullback, CoshG, CoshGGrad, CoshGPullback, Math.Sinh, -1.5, 0.3, 2);
    [Fact] public void Tanh() => Unary(nameof(TanhG), TanhG, TanhGGrad, TanhGPullback, TanhG, TanhGGrad, TanhGPullback, t => 1 - Math.Tanh(t) * Math.Tanh(t), -1.5, 0.3, 2);
    [Fact] public void Asinh() => Unary(nameof(AsinhG), AsinhG, AsinhGGrad, AsinhGPullback, AsinhG, AsinhGGrad, AsinhGPullback, t => 1 / Math.Sqrt(t * t + 1), -2, 0.3, 3);
    [Fact] public void Acosh() => Unary(nameof(AcoshG), AcoshG, AcoshGGrad, AcoshGPullback, AcoshG, AcoshGGrad, AcoshGPullback, t => 1 / Math.Sqrt(t * t - 1), 1.2, 2, 5);
    [Fact] public void Atanh() => Unary(nameof(AtanhG), AtanhG, AtanhGGrad, AtanhGPullback, AtanhG, AtanhGGrad, AtanhGPullback, t => 1 / (1 - t * t), -0.8, 0.1, 0.6);
    [Fact] public void Exp() => Unary(nameof(ExpG), ExpG, ExpGGrad, ExpGPullback, ExpG, ExpGGrad, ExpGPullback, Math.Exp, -2, 0.5, 3);
    [Fact] public void Log() => Unary(nameof(LogG), LogG, LogGGrad, LogGPullback, LogG, LogGGrad, LogGPullback, t => 1 / t, 0.2, 1.5, 10);
    [Fact] public void Log10() => Unary(nameof(Log10G), Log10G, Log10GGrad, Log10GPullback, Log10G, Log10GGrad, Log10GPullback, t => 1 / (t * Math.Log(10)), 0.2, 1.5, 10);
    [Fact] public void Log2() => Unary(nameof(Log2G), Log2G, Log2GGrad, Log2GPullback, Log2G, Log2GGrad, Log2GPullback, t => 1 / (t * Math.Log(2)), 0.2, 1.5, 10);
    [Fact] public void PowSquare() => Unary(nameof(PowSquareG), PowSquareG, PowSquareGGrad, PowSquareGPullback, PowSquareG, PowSquareGGrad, PowSquareGPullback, t => 2 * t, -1.5, 0.3, 2);
    [Fact] public void PowHalf() => Unary(nameof(PowHalfG), PowHalfG, PowHalfGGrad, PowHalfGPullback, PowHalfG, PowHalfGGrad, PowHalfGPullback, t => 0.5 / Math.Sqrt(t), 0.2, 1.5, 10);
    [Fact] public void Sqrt() => Unary(nameof(SqrtG), SqrtG, SqrtGGrad, SqrtGPullback, SqrtG, SqrtGGrad, SqrtGPullback, t => 0.5 / Math.Sqrt(t), 0.2, 1.5, 10);
    [Fact] public void Cbrt() => Unary(nameof(CbrtG), CbrtG, CbrtGGrad, CbrtGPullback, CbrtG, CbrtGGrad, CbrtGPullback, t => 1 / (3 * Math.Cbrt(t) * Math.Cbrt(t)), -2, 0.4, 9);
    [Fact] public void Abs() => Unary(nameof(AbsG), AbsG, AbsGGrad, AbsGPullback, AbsG, AbsGGrad, AbsGPullback, t => Math.Sign(t), -2, 0.4, 3);
    [Fact] public void BitIncrement() => Unary(nameof(BitIncrementG), BitIncrementG, BitIncrementGGrad, BitIncrementGPullback, BitIncrementG, BitIncrementGGrad, BitIncrementGPullback, null, 0.3, -1.7, 25);
    [Fact] public void BitDecrement() => Unary(nameof(BitDecrementG), BitDecrementG, BitDecrementGGrad, BitDecrementGPullback, BitDecrementG, BitDecrementGGrad, BitDecrementGPullback, null, 0.3, -1.7, 25);
    [Fact] public void Exp2() => Unary(nameof(Exp2G), Exp2G, Exp2GGrad, Exp2GPullback, Exp2G, Exp2GGrad, Exp2GPullback, t => Math.Pow(2, t) * Math.Log(2), -2, 0.5, 3);
    [Fact] public void Exp10() => Unary(nameof(Exp10G), Exp10G, Exp10GGrad, Exp10GPullback, Exp10G, Exp10GGrad, Exp10GPullback, t => Math.Pow(10, t) * Math.Log(10), -1, 0.3, 1.5);
    [Fact] public void ExpM1() => Unary(nameof(ExpM1G), ExpM1G, ExpM1GGrad, ExpM1GPullback, ExpM1G, ExpM1GGrad, ExpM1GPullback, Math.Exp, -2, 0.5, 3);
    [Fact] public void LogP1() => Unary(nameof(LogP1G), LogP1G, LogP1GGrad, LogP1GPullback, LogP1G, LogP1GGrad, LogP1GPullback, t => 1 / (1 + t), -0.5, 0.2, 9);
    [Fact] public void Log2P1() => Unary(nameof(Log2P1G), Log2P1G, Log2P1GGrad, Log2P1GPullback, Log2P1G, Log2P1GGrad, Log2P1GPullback, t => 1 / ((1 + t) * Math.Log(2)), -0.5, 0.2, 9);
    [Fact] public void SinPi() => Unary(nameof(SinPiG), SinPiG, SinPiGGrad, SinPiGPullback, SinPiG, SinPiGGrad, SinPiGPullback, t => Math.PI * Math.Cos(Math.PI * t), 0.3, 1.2, -2.45);
    [Fact] public void CosPi() => Unary(nameof(CosPiG), CosPiG, CosPiGGrad, CosPiGPullback, CosPiG, CosPiGGrad, CosPiGPullback, t => -Math.PI * Math.Sin(Math.PI * t), 0.3, 1.2, -2.45);
    [Fact] public void Floor() => Unary(nameof(TimesFloorG), TimesFloorG, TimesFloorGGrad, TimesFloorGPullback, TimesFloorG, TimesFloorGGrad, TimesFloorGPullback, Math.Floor, 0.3, 1.7, -2.2);
    [Fact] public void Ceiling() => Unary(nameof(TimesCeilingG), TimesCeilingG, TimesCeilingGGrad, TimesCeilingGPullback, TimesCeilingG, TimesCeilingGGrad, TimesCeilingGPullback, Math.Ceiling, 0.3, 1.7, -2.2);
    [Fact] public void Truncate() => Unary(nameof(TimesTruncateG), TimesTruncateG, TimesTruncateGGrad, TimesTruncateGPullback, TimesTruncateG, TimesTruncateGGrad, TimesTruncateGPullback, Math.Truncate, 0.3, 1.7, -2.2);
    [Fact] public void Round() => Unary(nameof(TimesRoundG), TimesRoundG, TimesRoundGGrad, TimesRoundGPullback, TimesRoundG, TimesRoundGGrad, TimesRoundGPullback, Math.Round, 0.3, 1.7, -2.2);
    [Fact] public void RoundDigits() => Unary(nameof(TimesRoundDigitsG), TimesRoundDigitsG, TimesRoundDigitsGGrad, TimesRoundDigitsGPullback, TimesRoundDigitsG, TimesRoundDigitsGGrad, TimesRoundDigitsGPullback, null, 0.33, 1.72, -2.26);
    [Fact] public void Sign() => Unary(nameof(TimesSignG), TimesSignG, TimesSignGGrad, TimesSignGPullback, TimesSignG, TimesSignGGrad, TimesSignGPullback, t => Math.Sign(t), 0.3, 1.7, -2.2);

    // ---- several arguments --------------------------------------------------------------------------------------

    [Fact] public void Atan2() => Binary(nameof(Atan2G), Atan2G, Atan2GGrad, Atan2GPullback, Atan2G, Atan2GGrad, Atan2GPullback, P(1, 2), P(-0.5, 1.5), P(2, -1));
    [Fact] public void LogWithBase() => Binary(nameof(LogWithBaseG), LogWithBaseG, LogWithBaseGGrad, LogWithBaseGPullback, LogWithBaseG, LogWithBaseGGrad, LogWithBaseGPullback, P(3, 2), P(0.5, 10), P(7, 0.3));
    [Fact] public void Pow() => Binary(nameof(PowG), PowG, PowGGrad, PowGPullback, PowG, PowGGrad, PowGPullback, P(1.3, 2.1), P(0.7, -1.5), P(2.5, 0.5));
    [Fact] public void Hypot() => Binary(nameof(HypotG), HypotG, HypotGGrad, HypotGPullback, HypotG, HypotGGrad, HypotGPullback, P(3, 4), P(-1.5, 2), P(0.5, -0.2));
    [Fact] public void Max() => Binary(nameof(MaxG), MaxG, MaxGGrad, MaxGPullback, MaxG, MaxGGrad, MaxGPullback, P(1, 2), P(3, 2), P(-1, -4));
    [Fact] public void Min() => Binary(nameof(MinG), MinG, MinGGrad, MinGPullback, MinG, MinGGrad, MinGPullback, P(1, 2), P(3, 2), P(-1, -4));
    [Fact] public void CopySign() => Binary(nameof(CopySignG), CopySignG, CopySignGGrad, CopySignGPullback, CopySignG, CopySignGGrad, CopySignGPullback, P(1.5, -2), P(-0.7, 3), P(2, 1));
    [Fact] public void Fma() => Ternary(nameof(FmaG), FmaG, FmaGGrad, FmaGPullback, FmaG, FmaGGrad, FmaGPullback, P(1.5, -2, 0.5), P(0.3, 0.7, -1), P(-2, 3, 4));
    [Fact] public void Clamp() => Ternary(nameof(ClampG), ClampG, ClampGGrad, ClampGPullback, ClampG, ClampGGrad, ClampGPullback, P(0.5, 0, 1), P(-1, 0, 1), P(3, 0, 1));

    [Theory, InlineData(1.5, 3), InlineData(-0.7, -2), InlineData(2.0, 0)]
    public void ScaleB(double x, int n)
    {
        new GradientCheck("ScaleBG<double>", "x", p => ScaleBG(p[0], n), (p, d) => ScaleBGGrad(p[0], n, out d[0]), (p, s, d) => ScaleBGPullback(p[0], n, s, ref d[0]), _ => [Math.ScaleB(1, n)]).Check(x);
        new FloatGradientCheck("ScaleBG<float>", "x", p => ScaleBG(p[0], n), (p, d) => ScaleBGGrad(p[0], n, out d[0]), (p, s, d) => ScaleBGPullback(p[0], n, s, ref d[0]), _ => [Math.ScaleB(1, n)]).Check((float)x);
    }
}
