namespace DiffGen;

/// <summary>Scalar special functions the tensor kernels need and <see cref="Math"/> lacks.</summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>
    /// The error function, to about 1e-7 relative error (better than float32 needs): a Taylor series near 0, where
    /// 1 − erfc would cancel, and Numerical Recipes' Chebyshev fit of erfc (fractional error &lt; 1.2e-7) elsewhere.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        var z = Math.Abs(x);
        if (z < 0.5)
        {
            var x2 = x * x;
            return TwoOverSqrtPi * x * (1 - (x2 * ((1.0 / 3) - (x2 * ((1.0 / 10) - (x2 * ((1.0 / 42) - (x2 * ((1.0 / 216) - (x2 * ((1.0 / 1320) - (x2 / 9360))))))))))));
        }

        var t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var polynomial = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = coefficients[i] + (t * polynomial);
        }

        var erfc = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
