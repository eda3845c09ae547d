namespace Diff.Benchmarks;

/// <summary>
/// The derivative of <see cref="BlackScholes.CallPrice"/> written by hand the way an expert writes an adjoint: one
/// forward pass that keeps exactly the intermediates the reverse pass reads, then the reverse pass with the seed 1
/// folded in, every local derivative taken from a value the forward pass already has, and the algebra simplified
/// where the chain rule allows it (the sign handling of Φ cancels, the Horner derivative is one more Horner).
/// It differentiates the same approximation (A&amp;S 7.1.26), not the closed-form Greeks, so it must agree with the
/// generated gradient to rounding.
/// </summary>
public static class BlackScholesHandWritten
{
    /// <summary>Returns the call price and writes its five partial derivatives.</summary>
    public static double CallPriceGrad(
        double spot, double strike, double rate, double volatility, double time,
        out double dspot, out double dstrike, out double drate, out double dvolatility, out double dtime)
    {
        // ---------------------------------------------------------------- forward pass
        // Same operations in the same order as the primal, so the returned price is bit-for-bit the primal's.
        double sqrtT = Math.Sqrt(time);
        double volSqrtT = volatility * sqrtT;
        double logMoneyness = Math.Log(spot / strike);
        double halfVarPlusRate = rate + 0.5 * volatility * volatility;
        double drift = halfVarPlusRate * time;
        double d1 = (logMoneyness + drift) / volSqrtT;
        double d2 = d1 - volSqrtT;

        // Φ(d1): keep t, the Horner polynomial, exp(−z²) and z for the reverse pass.
        double z1 = Math.Abs(d1) * BlackScholes.InvSqrt2;
        double t1 = 1.0 / (1.0 + BlackScholes.P * z1);
        double poly1 = t1 * (BlackScholes.A1 + t1 * (BlackScholes.A2 + t1 * (BlackScholes.A3 + t1 * (BlackScholes.A4 + t1 * BlackScholes.A5))));
        double e1 = Math.Exp(-z1 * z1);
        double erf1 = 1.0 - poly1 * e1;
        double n1 = d1 >= 0 ? 0.5 * (1.0 + erf1) : 0.5 * (1.0 - erf1);

        // Φ(d2), the same.
        double z2 = Math.Abs(d2) * BlackScholes.InvSqrt2;
        double t2 = 1.0 / (1.0 + BlackScholes.P * z2);
        double poly2 = t2 * (BlackScholes.A1 + t2 * (BlackScholes.A2 + t2 * (BlackScholes.A3 + t2 * (BlackScholes.A4 + t2 * BlackScholes.A5))));
        double e2 = Math.Exp(-z2 * z2);
        double erf2 = 1.0 - poly2 * e2;
        double n2 = d2 >= 0 ? 0.5 * (1.0 + erf2) : 0.5 * (1.0 - erf2);

        double discount = Math.Exp(-rate * time);
        double discountedStrike = strike * discount;
        double price = spot * n1 - discountedStrike * n2;

        // ---------------------------------------------------------------- reverse pass (seed = 1)
        // price = spot·n1 − (strike·discount)·n2
        double gn1 = spot;
        double gn2 = -discountedStrike;
        dspot = n1;
        dstrike = -discount * n2;
        // discount = exp(−rate·time): exp' is the value itself, and ḡ(discount) = −strike·n2.
        double gExpArg = -strike * n2 * discount;
        drate = -time * gExpArg;
        dtime = -rate * gExpArg;

        // Φ(d) = ½(1 ± erf(|d|/√2)): the two signs cancel, so dΦ/dd = ½·(1/√2)·erf'(z) on both sides of 0
        // (at d = 0 exactly this gives the one-sided slope where the generator's Abs'(0) = 0 gives 0).
        // erf(z) = 1 − poly(t)·e with t = 1/(1 + p·z), e = exp(−z²):
        //   erf'(z) = −poly'(t)·(dt/dz)·e − poly·(de/dz) = e·(p·t²·poly'(t) + 2·z·poly)
        // poly'(t) = a1 + 2a2·t + 3a3·t² + 4a4·t³ + 5a5·t⁴, by Horner.
        const double HalfInvSqrt2 = 0.5 * BlackScholes.InvSqrt2;
        double dpoly1 = BlackScholes.A1 + t1 * (2 * BlackScholes.A2 + t1 * (3 * BlackScholes.A3 + t1 * (4 * BlackScholes.A4 + t1 * (5 * BlackScholes.A5))));
        double dn1dd1 = HalfInvSqrt2 * e1 * (BlackScholes.P * t1 * t1 * dpoly1 + 2.0 * z1 * poly1);
        double dpoly2 = BlackScholes.A1 + t2 * (2 * BlackScholes.A2 + t2 * (3 * BlackScholes.A3 + t2 * (4 * BlackScholes.A4 + t2 * (5 * BlackScholes.A5))));
        double dn2dd2 = HalfInvSqrt2 * e2 * (BlackScholes.P * t2 * t2 * dpoly2 + 2.0 * z2 * poly2);
        double gd2 = gn2 * dn2dd2;

        // d2 = d1 − volSqrtT
        double gd1 = gn1 * dn1dd1 + gd2;
        double gVolSqrtT = -gd2;

        // d1 = (logMoneyness + drift) / volSqrtT: one division, reused for the quotient rule's second term.
        double gNumerator = gd1 / volSqrtT;
        gVolSqrtT -= gNumerator * d1;

        // drift = (rate + ½σ²)·time
        drate += gNumerator * time;
        dtime += gNumerator * halfVarPlusRate;
        dvolatility = gNumerator * time * volatility;

        // logMoneyness = log(spot/strike) = log(spot) − log(strike)
        dspot += gNumerator / spot;
        dstrike -= gNumerator / strike;

        // volSqrtT = σ·√T, and √T' = ½/√T
        dvolatility += gVolSqrtT * sqrtT;
        dtime += gVolSqrtT * volatility * 0.5 / sqrtT;

        return price;
    }
}
