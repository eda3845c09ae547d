namespace Diff.Benchmarks;

/// <summary>
/// The pathwise Greeks of <see cref="MonteCarloCall.Price"/> by hand, in the pricing loop itself: for paths that
/// finish in the money only Σ e and Σ e·z (e = exp(drift + σ√T·z), so S_T = S·e) and their count are accumulated;
/// the five partials are closed forms of those three sums after the loop:
/// <code>
///   ∂/∂S = A·Σe      ∂/∂K = −A·count      A = e^(−rT)/N
///   ∂/∂r = −T·price + A·S·T·Σe
///   ∂/∂σ = A·S·(−σT·Σe + √T·Σez)
///   ∂/∂T = −r·price + A·S·((r − σ²/2)·Σe + σ/(2√T)·Σez)
/// </code>
/// </summary>
public static class MonteCarloCallHandWritten
{
    public static double PriceGrad(
        double spot, double strike, double rate, double volatility, double time, double[] normals,
        out double dspot, out double dstrike, out double drate, out double dvolatility, out double dtime)
    {
        double sqrtTime = Math.Sqrt(time);
        double drift = (rate - 0.5 * volatility * volatility) * time;
        double diffusion = volatility * sqrtTime;
        double sum = 0.0, sumE = 0.0, sumEz = 0.0;
        int count = 0;
        for (int i = 0; i < normals.Length; i++)
        {
            double z = normals[i];
            double e = Math.Exp(drift + diffusion * z);
            double payoff = spot * e - strike;
            sum += Math.Max(payoff, 0.0);
            if (payoff >= 0.0)
            {
                sumE += e;
                sumEz += e * z;
                count++;
            }
        }

        double discount = Math.Exp(-rate * time);
        double price = discount * sum / normals.Length;
        double a = discount / normals.Length;
        dspot = a * sumE;
        dstrike = -a * count;
        drate = -time * price + a * spot * time * sumE;
        dvolatility = a * spot * (-volatility * time * sumE + sqrtTime * sumEz);
        dtime = -rate * price + a * spot * ((rate - 0.5 * volatility * volatility) * sumE + volatility / (2.0 * sqrtTime) * sumEz);
        return price;
    }
}
