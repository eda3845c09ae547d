using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// A realistic ~50-operation function: the Black–Scholes price of a European call, with the normal CDF written out
/// through the Abramowitz–Stegun 7.1.26 erf approximation (|error| &lt; 1.5e-7), branches on the sign of d1 and d2
/// included. Its gradient (delta, ∂/∂strike, theta-like ∂/∂time, rho, vega) is checked against finite differences
/// for all five parameters, against the same model written with calls, and against the exact Greeks to the accuracy
/// of the erf approximation.
/// </summary>
public partial class BlackScholesTests
{
    private const double P = 0.3275911;
    private const double A1 = 0.254829592;
    private const double A2 = -0.284496736;
    private const double A3 = 1.421413741;
    private const double A4 = -1.453152027;
    private const double A5 = 1.061405429;
    private const double InvSqrt2 = 0.70710678118654752;

    [Differentiable]
    public static double CallPrice(double spot, double strike, double time, double rate, double vol)
    {
        var sqrtT = Math.Sqrt(time);
        var volSqrtT = vol * sqrtT;
        var d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * time) / volSqrtT;
        var d2 = d1 - volSqrtT;

        // N(d1) = ½(1 + erf(d1/√2)), erf(z) ≈ 1 − t(a1 + t(a2 + t(a3 + t(a4 + t·a5))))·e^(−z²), t = 1/(1 + p|z|)
        var z1 = Math.Abs(d1) * InvSqrt2;
        var t1 = 1.0 / (1.0 + P * z1);
        var poly1 = t1 * (A1 + t1 * (A2 + t1 * (A3 + t1 * (A4 + t1 * A5))));
        var erf1 = 1.0 - poly1 * Math.Exp(-z1 * z1);
        var n1 = 0.5 * (1.0 + (d1 >= 0 ? erf1 : -erf1));

        var z2 = Math.Abs(d2) * InvSqrt2;
        var t2 = 1.0 / (1.0 + P * z2);
        var poly2 = t2 * (A1 + t2 * (A2 + t2 * (A3 + t2 * (A4 + t2 * A5))));
        var erf2 = 1.0 - poly2 * Math.Exp(-z2 * z2);
        double n2;
        if (d2 >= 0)
        {
            n2 = 0.5 * (1.0 + erf2);
        }
        else
        {
            n2 = 0.5 * (1.0 - erf2);
        }

        var discount = Math.Exp(-rate * time);
        return spot * n1 - strike * discount * n2;
    }

    /// <summary>The same approximation of the normal CDF as a method of its own.</summary>
    [Differentiable]
    public static double NormCdf(double x)
    {
        var z = Math.Abs(x) * InvSqrt2;
        var t = 1.0 / (1.0 + P * z);
        var poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        var erf = 1.0 - poly * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
    }

    /// <summary>The same price, composed from calls.</summary>
    [Differentiable]
    public static double CallPriceViaCalls(double spot, double strike, double time, double rate, double vol)
    {
        var volSqrtT = vol * Math.Sqrt(time);
        var d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * time) / volSqrtT;
        return spot * NormCdf(d1) - strike * Math.Exp(-rate * time) * NormCdf(d1 - volSqrtT);
    }

    private static GradientCheck Check(string name, Func<double[], double> f, GradCall grad, PullbackCall pullback)
        => new(name, "spot strike time rate vol", f, grad, pullback);

    [Theory]
    [InlineData(100.0, 100.0, 1.0, 0.05, 0.2)]   // at the money: d1, d2 > 0
    [InlineData(80.0, 100.0, 0.5, 0.03, 0.25)]   // out of the money: d1, d2 < 0
    [InlineData(120.0, 100.0, 2.0, 0.01, 0.3)]   // in the money
    [InlineData(100.0, 105.0, 1.0, 0.02, 0.4)]   // d1 > 0 > d2
    [InlineData(50.0, 60.0, 0.25, 0.0, 0.5)]     // zero rate
    public void Black_Scholes_gradient_matches_finite_differences_in_all_five_parameters(double spot, double strike, double time, double rate, double vol) =>
        Check(
            nameof(CallPrice),
            p => CallPrice(p[0], p[1], p[2], p[3], p[4]),
            (p, d) => CallPriceGrad(p[0], p[1], p[2], p[3], p[4], out d[0], out d[1], out d[2], out d[3], out d[4]),
            (p, s, d) => CallPricePullback(p[0], p[1], p[2], p[3], p[4], s, ref d[0], ref d[1], ref d[2], ref d[3], ref d[4]))
            .Check(spot, strike, time, rate, vol);

    [Theory]
    [InlineData(100.0, 100.0, 1.0, 0.05, 0.2)]
    [InlineData(80.0, 100.0, 0.5, 0.03, 0.25)]
    [InlineData(100.0, 105.0, 1.0, 0.02, 0.4)]
    public void Black_Scholes_via_calls_matches_finite_differences_and_the_inlined_version(double spot, double strike, double time, double rate, double vol)
    {
        var viaCalls = Check(
                nameof(CallPriceViaCalls),
                p => CallPriceViaCalls(p[0], p[1], p[2], p[3], p[4]),
                (p, d) => CallPriceViaCallsGrad(p[0], p[1], p[2], p[3], p[4], out d[0], out d[1], out d[2], out d[3], out d[4]),
                (p, s, d) => CallPriceViaCallsPullback(p[0], p[1], p[2], p[3], p[4], s, ref d[0], ref d[1], ref d[2], ref d[3], ref d[4]))
            .Check(spot, strike, time, rate, vol);

        CallPriceGrad(spot, strike, time, rate, vol, out var dSpot, out var dStrike, out var dTime, out var dRate, out var dVol);
        double[] inlined = [dSpot, dStrike, dTime, dRate, dVol];
        string[] names = ["spot", "strike", "time", "rate", "vol"];
        for (var i = 0; i < 5; i++)
        {
            FiniteDifferences.AssertClose(nameof(CallPriceViaCalls), names, [spot, strike, time, rate, vol], i, viaCalls[i], inlined[i], 1e-10, "via calls", "inlined");
        }
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.3)]
    [InlineData(0.4)]
    [InlineData(1.7)]
    public void Normal_cdf_approximation(double x) =>
        // d/dx N(x) ≈ φ(x), to the accuracy of the approximation's derivative
        new GradientCheck(
            nameof(NormCdf), "x",
            p => NormCdf(p[0]),
            (p, d) => NormCdfGrad(p[0], out d[0]),
            (p, s, d) => NormCdfPullback(p[0], s, ref d[0]),
            p => [Math.Exp(-p[0] * p[0] / 2) / Math.Sqrt(2 * Math.PI)])
        {
            AnalyticTolerance = 1e-5,
        }.Check(x);

    [Theory]
    [InlineData(100.0, 100.0, 1.0, 0.05, 0.2)]
    [InlineData(80.0, 100.0, 0.5, 0.03, 0.25)]
    [InlineData(120.0, 100.0, 2.0, 0.01, 0.3)]
    public void Black_Scholes_gradient_is_the_Greeks(double spot, double strike, double time, double rate, double vol)
    {
        CallPriceGrad(spot, strike, time, rate, vol, out var delta, out var dStrike, out var dTime, out var rho, out var vega);

        var sqrtT = Math.Sqrt(time);
        var d1 = (Math.Log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * sqrtT);
        var d2 = d1 - vol * sqrtT;
        var discount = Math.Exp(-rate * time);
        var pdf1 = Math.Exp(-d1 * d1 / 2) / Math.Sqrt(2 * Math.PI);
        double[] greeks =
        [
            ExactNormCdf(d1),                                                            // delta
            -discount * ExactNormCdf(d2),                                                // ∂/∂strike
            spot * pdf1 * vol / (2 * sqrtT) + rate * strike * discount * ExactNormCdf(d2), // ∂/∂time (= −theta)
            strike * time * discount * ExactNormCdf(d2),                                 // rho
            spot * pdf1 * sqrtT,                                                         // vega
        ];
        double[] gradient = [delta, dStrike, dTime, rho, vega];
        string[] names = ["spot", "strike", "time", "rate", "vol"];
        for (var i = 0; i < 5; i++)
        {
            // The generated gradient is the derivative of the approximation, so the tolerance is the approximation's.
            FiniteDifferences.AssertClose(nameof(CallPrice), names, [spot, strike, time, rate, vol], i, gradient[i], greeks[i], 1e-4, expectedLabel: "exact Greek");
        }
    }

    /// <summary>The exact N(x) from the Taylor series of erf, accurate to ~1e-12 for the |x/√2| &lt; 3 used here.</summary>
    private static double ExactNormCdf(double x)
    {
        var z = x * InvSqrt2;
        double sum = 0, term = z;
        for (var n = 0; n < 100; n++)
        {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }

        return 0.5 * (1 + 2 / Math.Sqrt(Math.PI) * sum);
    }
}
