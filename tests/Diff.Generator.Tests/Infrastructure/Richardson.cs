namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Central differences extrapolated from steps h and h/2, D = (4·D(h/2) − D(h)) / 3, with what they can be trusted
/// to: truncation h⁴·|f⁽⁵⁾|/480, and rounding 3δ/h for a function computed to within δ (D(h) carries δ/h,
/// D(h/2) 2δ/h). Accurate enough to hold a float function's gradient to about 1e-4 and a double one's to about 1e-11,
/// where a plain central difference manages 1e-3 and 1e-7.
/// </summary>
public static class Richardson
{
    /// <summary>Step for a function whose result is float: a power of two, so that x ± h and x ± h/2 stay exact for
    /// float points that are multiples of 1/64 (the test points), and large enough that float rounding, amplified by
    /// 3/h, stays near 1e-4.</summary>
    public const double FloatStep = 1.0 / 32;

    /// <summary>Step for a double function (relative to max(1, |x|)): truncation 1e-12·|f⁽⁵⁾|/480, rounding 3e3·δ.</summary>
    public const double DoubleStep = 1e-3;

    /// <summary>Bound assumed for |f⁽⁵⁾| near the test points (smooth functions of arguments of order 1).</summary>
    private const double FifthDerivativeBound = 1000;

    /// <summary>Roundings assumed in one evaluation of a test program, each at most ε·max(1, |f|).</summary>
    private const double Roundings = 16;

    public static double Derivative(Func<double, double> f, double x, double h)
    {
        double D(double step) => (f(x + step) - f(x - step)) / (2 * step);
        return ((4 * D(h / 2)) - D(h)) / 3;
    }

    /// <summary>
    /// How far a correct gradient <paramref name="derivative"/> of f (value <paramref name="value"/>, computed in a
    /// type with machine epsilon <paramref name="epsilon"/>) may be from <see cref="Derivative"/> with step h: the
    /// difference's truncation and rounding, plus the gradient's own rounding.
    /// </summary>
    public static double Tolerance(double value, double derivative, double h, double epsilon)
        => (3 * Roundings * epsilon * Math.Max(1, Math.Abs(value)) / h)
           + (Math.Pow(h, 4) * FifthDerivativeBound / 480)
           + (Roundings * epsilon * Math.Max(1, Math.Abs(derivative)));
}
