using System.Numerics;

namespace DiffGen.Generator.Tests.GenericMath;

/// <summary>
/// Generic math methods, each differentiated once into a generic Grad and Pullback that serve float, double and Half
/// (checked in <see cref="GenericMathRuleTests"/> and <see cref="GenericMathTests"/>). Each function is written
/// against the narrowest interface that provides it.
/// </summary>
public static partial class GenericMathPatterns
{
    // ---- every rule of Rules/MathRules, spelled on T --------------------------------------------------------------

    [Differentiable] public static T SinG<T>(T x) where T : ITrigonometricFunctions<T> => T.Sin(x);
    [Differentiable] public static T CosG<T>(T x) where T : ITrigonometricFunctions<T> => T.Cos(x);
    [Differentiable] public static T TanG<T>(T x) where T : ITrigonometricFunctions<T> => T.Tan(x);
    [Differentiable] public static T AsinG<T>(T x) where T : ITrigonometricFunctions<T>, IRootFunctions<T> => T.Asin(x);
    [Differentiable] public static T AcosG<T>(T x) where T : ITrigonometricFunctions<T>, IRootFunctions<T> => T.Acos(x);
    [Differentiable] public static T AtanG<T>(T x) where T : ITrigonometricFunctions<T> => T.Atan(x);
    [Differentiable] public static T Atan2G<T>(T y, T x) where T : IFloatingPointIeee754<T> => T.Atan2(y, x);
    [Differentiable] public static T SinhG<T>(T x) where T : IHyperbolicFunctions<T> => T.Sinh(x);
    [Differentiable] public static T CoshG<T>(T x) where T : IHyperbolicFunctions<T> => T.Cosh(x);
    [Differentiable] public static T TanhG<T>(T x) where T : IHyperbolicFunctions<T> => T.Tanh(x);
    [Differentiable] public static T AsinhG<T>(T x) where T : IHyperbolicFunctions<T>, IRootFunctions<T> => T.Asinh(x);
    [Differentiable] public static T AcoshG<T>(T x) where T : IHyperbolicFunctions<T>, IRootFunctions<T> => T.Acosh(x);
    [Differentiable] public static T AtanhG<T>(T x) where T : IHyperbolicFunctions<T> => T.Atanh(x);
    [Differentiable] public static T ExpG<T>(T x) where T : IExponentialFunctions<T> => T.Exp(x);
    [Differentiable] public static T LogG<T>(T x) where T : ILogarithmicFunctions<T> => T.Log(x);
    [Differentiable] public static T LogWithBaseG<T>(T x, T newBase) where T : ILogarithmicFunctions<T> => T.Log(x, newBase);
    [Differentiable] public static T Log10G<T>(T x) where T : ILogarithmicFunctions<T> => T.Log10(x);
    [Differentiable] public static T Log2G<T>(T x) where T : ILogarithmicFunctions<T> => T.Log2(x);
    [Differentiable] public static T PowG<T>(T x, T y) where T : IPowerFunctions<T>, ILogarithmicFunctions<T> => T.Pow(x, y);
    [Differentiable] public static T PowSquareG<T>(T x) where T : IPowerFunctions<T> => T.Pow(x, T.CreateChecked(2));
    [Differentiable] public static T PowHalfG<T>(T x) where T : IPowerFunctions<T> => T.Pow(x, T.CreateChecked(0.5));
    [Differentiable] public static T SqrtG<T>(T x) where T : IRootFunctions<T> => T.Sqrt(x);
    [Differentiable] public static T CbrtG<T>(T x) where T : IRootFunctions<T> => T.Cbrt(x);
    [Differentiable] public static T HypotG<T>(T x, T y) where T : IRootFunctions<T> => T.Hypot(x, y);
    [Differentiable] public static T AbsG<T>(T x) where T : INumber<T> => T.Abs(x);
    [Differentiable] public static T MaxG<T>(T x, T y) where T : INumber<T> => T.Max(x, y);
    [Differentiable] public static T MinG<T>(T x, T y) where T : INumber<T> => T.Min(x, y);
    [Differentiable] public static T ClampG<T>(T x, T lo, T hi) where T : INumber<T> => T.Clamp(x, lo, hi);
    [Differentiable] public static T CopySignG<T>(T x, T y) where T : INumber<T> => T.CopySign(x, y);
    [Differentiable] public static T FmaG<T>(T x, T y, T z) where T : IFloatingPointIeee754<T> => T.FusedMultiplyAdd(x, y, z);
    [Differentiable] public static T ScaleBG<T>(T x, int n) where T : IFloatingPointIeee754<T> => T.ScaleB(x, n);
    [Differentiable] public static T BitIncrementG<T>(T x) where T : IFloatingPointIeee754<T> => T.BitIncrement(x) * x;
    [Differentiable] public static T BitDecrementG<T>(T x) where T : IFloatingPointIeee754<T> => T.BitDecrement(x) * x;
    [Differentiable] public static T Exp2G<T>(T x) where T : IExponentialFunctions<T> => T.Exp2(x);
    [Differentiable] public static T Exp10G<T>(T x) where T : IExponentialFunctions<T> => T.Exp10(x);
    [Differentiable] public static T ExpM1G<T>(T x) where T : IExponentialFunctions<T> => T.ExpM1(x);
    [Differentiable] public static T LogP1G<T>(T x) where T : ILogarithmicFunctions<T> => T.LogP1(x);
    [Differentiable] public static T Log2P1G<T>(T x) where T : ILogarithmicFunctions<T> => T.Log2P1(x);
    [Differentiable] public static T SinPiG<T>(T x) where T : ITrigonometricFunctions<T> => T.SinPi(x);
    [Differentiable] public static T CosPiG<T>(T x) where T : ITrigonometricFunctions<T> => T.CosPi(x);
    [Differentiable] public static T TimesFloorG<T>(T x) where T : IFloatingPoint<T> => x * T.Floor(x);
    [Differentiable] public static T TimesCeilingG<T>(T x) where T : IFloatingPoint<T> => x * T.Ceiling(x);
    [Differentiable] public static T TimesTruncateG<T>(T x) where T : IFloatingPoint<T> => x * T.Truncate(x);
    [Differentiable] public static T TimesRoundG<T>(T x) where T : IFloatingPoint<T> => x * T.Round(x);
    [Differentiable] public static T TimesRoundDigitsG<T>(T x) where T : IFloatingPoint<T> => x * T.Round(x, 1);
    [Differentiable] public static T TimesSignG<T>(T x) where T : INumber<T> => x * T.CreateChecked(T.Sign(x)) + T.CreateChecked(T.Sign(x - T.One));

    // ---- operators, constants, conversions, control flow ---------------------------------------------------------

    [Differentiable]
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T>
        => T.Log(T.One + T.Exp(x));

    /// <summary>Operators only: INumber&lt;T&gt; suffices; constants from CreateChecked and CreateTruncating.</summary>
    [Differentiable]
    public static T Rational<T>(T x, T y) where T : INumber<T>
    {
        var two = T.CreateChecked(2);
        var s = x * x * two - y / (T.One + x * x);
        s += T.CreateTruncating(0.5) * y;
        s -= (x + T.CreateChecked(10)) % T.CreateSaturating(3);
        return -s + (+x);
    }

    /// <summary>A passive integer converted to T, a constant of the type (T.Pi), a comparison and a conditional.</summary>
    [Differentiable]
    public static T LeakyScaled<T>(T x, int n) where T : IFloatingPointIeee754<T>
    {
        var scale = T.CreateChecked(n) * T.Pi;
        var y = x > T.Zero ? x : T.CreateChecked(0.01) * x;
        if (y == T.Zero)
        {
            return T.Zero;
        }

        return scale * y;
    }

    /// <summary>A loop over a span of T (a fused running sum).</summary>
    [Differentiable]
    public static T Norm<T>(ReadOnlySpan<T> v) where T : IRootFunctions<T>
    {
        var s = T.Zero;
        for (var i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return T.Sqrt(s);
    }

    /// <summary>A loop over two spans, one of them [NoDerivative] data, and a value overwritten in each iteration (recorded on the tape).</summary>
    [Differentiable]
    public static T Recurrence<T>(ReadOnlySpan<T> w, [NoDerivative] ReadOnlySpan<T> data, T x0) where T : IFloatingPointIeee754<T>
    {
        var x = x0;
        var s = T.Zero;
        for (var i = 0; i < w.Length; i++)
        {
            x = T.Tanh(w[i] * x + data[i]);
            s += x * x;
        }

        return s + x;
    }

    /// <summary>A generic method calling generic methods.</summary>
    [Differentiable]
    public static T SoftplusOfNorm<T>(ReadOnlySpan<T> v, T scale) where T : IFloatingPointIeee754<T>
        => Softplus(scale * Norm(v));

    /// <summary>A local array of T (a pooled buffer), written and read in loops.</summary>
    [Differentiable]
    public static T LocalArray<T>(T x, int n) where T : IFloatingPointIeee754<T>
    {
        var a = new T[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = x * T.CreateChecked(i + 1);
        }

        var s = T.Zero;
        foreach (var e in a)
        {
            s += T.Sin(e);
        }

        return s;
    }

    /// <summary>A T[] parameter (its gradient a Span&lt;T&gt;), increments of T.</summary>
    [Differentiable]
    public static T ArrayAndIncrements<T>(T[] v) where T : IFloatingPointIeee754<T>
    {
        var s = T.Zero;
        for (var i = 0; i < v.Length; i++)
        {
            var e = v[i];
            e++;
            s += e * v[i];
            s--;
        }

        return s;
    }

    /// <summary>A further result through an out T.</summary>
    [Differentiable]
    public static T WithOut<T>(T x, out T square) where T : IFloatingPointIeee754<T>
    {
        square = x * x;
        return T.Sin(x) * square;
    }

    /// <summary>A ref T: an input and a result.</summary>
    [Differentiable]
    public static void Accumulate<T>(ref T acc, T x) where T : IFloatingPointIeee754<T>
    {
        acc += T.Exp(x) * acc;
    }

    /// <summary>A void method whose result is the span it writes.</summary>
    [Differentiable]
    public static void ExpInto<T>(ReadOnlySpan<T> x, Span<T> y) where T : IExponentialFunctions<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = T.Exp(x[i]);
        }
    }

    /// <summary>Non-generic methods calling the generic one, at double and at float.</summary>
    [Differentiable]
    public static double SoftplusTwiceD(double x) => Softplus(x) * 2.0;

    [Differentiable]
    public static float SoftplusTwiceF(float x) => Softplus(x) * 2f;
}
