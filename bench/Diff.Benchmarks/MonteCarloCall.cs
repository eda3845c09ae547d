using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: a European call priced by Monte Carlo under Black–Scholes dynamics over a fixed (passive) array
/// of standard normal draws, 50,000 paths: S_T = S·exp((r − σ²/2)·T + σ·√T·z), price = e^(−rT)·mean(max(S_T − K, 0)).
/// The gradient is the pathwise estimator of the five Greeks (delta, dual delta, rho, vega, theta up to sign).
/// </summary>
public static partial class MonteCarloCall
{
    [Differentiable]
    public static double Price(
        double spot, double strike, double rate, double volatility, double time, [NoDerivative] double[] normals)
    {
        double drift = (rate - 0.5 * volatility * volatility) * time;
        double diffusion = volatility * Math.Sqrt(time);
        double sum = 0.0;
        for (int i = 0; i < normals.Length; i++)
        {
            double terminal = spot * Math.Exp(drift + diffusion * normals[i]);
            sum += Math.Max(terminal - strike, 0.0);
        }

        return Math.Exp(-rate * time) * sum / normals.Length;
    }
}
