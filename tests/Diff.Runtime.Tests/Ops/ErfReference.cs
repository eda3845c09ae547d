namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// erf in double, independent of the runtime's <c>SpecialFunctions.Erf</c> (a Taylor series below 0.5 and
/// Numerical Recipes' Chebyshev fit above): the series erf x = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1) / (1·3·5···(2n+1)).
/// Every term is positive, so summing loses nothing to cancellation and the result is good to a few double ulps
/// (~1e-15 relative) wherever it is used here; beyond |x| = 6, erfc x &lt; 2.2e-17 is below a double ulp of 1.
/// </summary>
internal static class ErfReference
{
    private const double TwoOverSqrtPi = 1.1283791670955126; // 2/√π

    public static double Erf(double x)
    {
        if (Math.Abs(x) > 6)
        {
            return Math.Sign(x);
        }

        double term = x, sum = x, twoX2 = 2 * x * x;
        for (var n = 1; term != 0 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= twoX2 / ((2 * n) + 1);
            sum += term;
        }

        return TwoOverSqrtPi * Math.Exp(-x * x) * sum;
    }

    /// <summary>erf′ x = (2/√π)·e^(−x²).</summary>
    public static double Derivative(double x) => TwoOverSqrtPi * Math.Exp(-x * x);

    /// <summary>The standard normal distribution function Φ(x) = ½(1 + erf(x/√2)).</summary>
    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>The standard normal density φ(x) = e^(−x²/2)/√(2π).</summary>
    public static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
}
