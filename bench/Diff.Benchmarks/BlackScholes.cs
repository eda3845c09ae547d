using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// The workload: a Black–Scholes European call, about forty scalar operations, with the standard normal CDF taken
/// from the Abramowitz–Stegun 7.1.26 approximation of erf (|error| ≤ 1.5e-7). The generator writes
/// <c>CallPriceGrad</c> and <c>CallPricePullback</c> from it at build time.
/// </summary>
public static partial class BlackScholes
{
    // Abramowitz & Stegun 7.1.26: erf(z) ≈ 1 − (a1·t + a2·t² + a3·t³ + a4·t⁴ + a5·t⁵)·exp(−z²), t = 1/(1 + p·z), z ≥ 0.
    internal const double P = 0.3275911;
    internal const double A1 = 0.254829592;
    internal const double A2 = -0.284496736;
    internal const double A3 = 1.421413741;
    internal const double A4 = -1.453152027;
    internal const double A5 = 1.061405429;

    /// <summary>1/√2: Φ(x) = ½·(1 + erf(x/√2)).</summary>
    internal const double InvSqrt2 = 0.70710678118654752440;

    /// <summary>The price of a European call: S·Φ(d1) − K·e^(−rT)·Φ(d2).</summary>
    [Differentiable]
    public static double CallPrice(double spot, double strike, double rate, double volatility, double time)
    {
        double sqrtT = Math.Sqrt(time);
        double volSqrtT = volatility * sqrtT;
        double logMoneyness = Math.Log(spot / strike);
        double drift = (rate + 0.5 * volatility * volatility) * time;
        double d1 = (logMoneyness + drift) / volSqrtT;
        double d2 = d1 - volSqrtT;

        // Φ(d1), the sign of the argument handled with if/else: erf(−z) = −erf(z).
        double z1 = Math.Abs(d1) * InvSqrt2;
        double t1 = 1.0 / (1.0 + P * z1);
        double poly1 = t1 * (A1 + t1 * (A2 + t1 * (A3 + t1 * (A4 + t1 * A5))));
        double erf1 = 1.0 - poly1 * Math.Exp(-z1 * z1);
        double n1;
        if (d1 >= 0)
        {
            n1 = 0.5 * (1.0 + erf1);
        }
        else
        {
            n1 = 0.5 * (1.0 - erf1);
        }

        // Φ(d2), the sign handled with ?:.
        double z2 = Math.Abs(d2) * InvSqrt2;
        double t2 = 1.0 / (1.0 + P * z2);
        double poly2 = t2 * (A1 + t2 * (A2 + t2 * (A3 + t2 * (A4 + t2 * A5))));
        double erf2 = 1.0 - poly2 * Math.Exp(-z2 * z2);
        double n2 = d2 >= 0 ? 0.5 * (1.0 + erf2) : 0.5 * (1.0 - erf2);

        double discount = Math.Exp(-rate * time);
        return spot * n1 - strike * discount * n2;
    }
}
