// DiffGen corpus — risk measures, exotic payoffs and credit models in the style of a quant library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Finance
{
    /// <summary>The Black–Scholes helpers the payoffs and risk measures below call (each corpus file compiles on its own).</summary>
    public static partial class BlackFormula
    {
        [Differentiable]
        public static double CumNorm(double x)
        {
            // Zelen & Severo (A&S 26.2.17).
            double t = 1.0 / (1.0 + 0.2316419 * Math.Abs(x));
            double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
            double tail = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI) * poly;
            return x >= 0 ? 1.0 - tail : tail;
        }

        [Differentiable]
        public static double BlackScholesCall(double s, double k, double r, double sigma, double t)
        {
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return s * CumNorm(d1) - k * Math.Exp(-r * t) * CumNorm(d1 - sigma * Math.Sqrt(t));
        }

        [Differentiable]
        public static double BlackScholesPut(double s, double k, double r, double sigma, double t)
        {
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return k * Math.Exp(-r * t) * CumNorm(sigma * Math.Sqrt(t) - d1) - s * CumNorm(-d1);
        }
    }

    public abstract partial class Payoff
    {
        [Differentiable] public abstract double Value(double spot);
    }

    public sealed partial class PlainVanillaPayoff : Payoff
    {
        private readonly double strike_;
        private readonly int type_;

        public PlainVanillaPayoff(int type, double strike) { type_ = type; strike_ = strike; }

        [Differentiable] public override double Value(double price) => Math.Max(type_ * (price - strike_), 0.0);
        [Differentiable] public double Strike() => strike_;
    }

    public static partial class Exotics
    {
        [Differentiable] public static double DigitalCall(double s, double k, double r, double sigma, double t)
        {
            double d2 = (Math.Log(s / k) + (r - 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return Math.Exp(-r * t) * BlackFormula.CumNorm(d2);
        }
        [Differentiable] public static double AssetOrNothing(double s, double k, double r, double sigma, double t)
        {
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return s * BlackFormula.CumNorm(d1);
        }
        [Differentiable] public static double GeometricAsianCall(double s, double k, double r, double sigma, double t)
        {
            double sigmaA = sigma / Math.Sqrt(3);
            double b = 0.5 * (r - sigma * sigma / 6);
            double d1 = (Math.Log(s / k) + (b + 0.5 * sigmaA * sigmaA) * t) / (sigmaA * Math.Sqrt(t));
            double d2 = d1 - sigmaA * Math.Sqrt(t);
            return s * Math.Exp((b - r) * t) * BlackFormula.CumNorm(d1) - k * Math.Exp(-r * t) * BlackFormula.CumNorm(d2);
        }
        [Differentiable] public static double PowerCall(double s, double k, double r, double sigma, double t, double n)
        {
            double sn = Math.Pow(s, n);
            double mu = n * (r - 0.5 * sigma * sigma) + 0.5 * n * n * sigma * sigma;
            double d1 = (Math.Log(sn / k) + (mu + 0.5 * n * n * sigma * sigma) * t) / (n * sigma * Math.Sqrt(t));
            return Math.Exp(-r * t) * (sn * Math.Exp(mu * t) * BlackFormula.CumNorm(d1) - k * BlackFormula.CumNorm(d1 - n * sigma * Math.Sqrt(t)));
        }
        [Differentiable] public static double ForwardStartFactor(double r, double q, double t1) => Math.Exp(-q * t1);
        [Differentiable] public static double StraddleValue(double s, double k, double r, double sigma, double t)
            => BlackFormula.BlackScholesCall(s, k, r, sigma, t) + BlackFormula.BlackScholesPut(s, k, r, sigma, t);
        [Differentiable] public static double ButterflyValue(double s, double k, double width, double r, double sigma, double t)
            => BlackFormula.BlackScholesCall(s, k - width, r, sigma, t) - 2 * BlackFormula.BlackScholesCall(s, k, r, sigma, t) + BlackFormula.BlackScholesCall(s, k + width, r, sigma, t);
        [Differentiable] public static double MonteCarloCall(double s, double k, double r, double sigma, double t, [NoDerivative] double[] normals)
        {
            double sum = 0;
            double drift = (r - 0.5 * sigma * sigma) * t, vol = sigma * Math.Sqrt(t);
            for (int i = 0; i < normals.Length; i++) sum += Math.Max(s * Math.Exp(drift + vol * normals[i]) - k, 0);
            return Math.Exp(-r * t) * sum / normals.Length;
        }
        [Differentiable] public static double BarrierDownOutApprox(double s, double k, double h, double r, double sigma, double t)
        {
            double lambda = (r + 0.5 * sigma * sigma) / (sigma * sigma);
            double reflected = BlackFormula.BlackScholesCall(h * h / s, k, r, sigma, t);
            return BlackFormula.BlackScholesCall(s, k, r, sigma, t) - Math.Pow(h / s, 2 * lambda - 2) * reflected;
        }
        [Differentiable] public static double HestonCharacteristicReal(double u, double kappa, double theta, double sigma, double rho, double v0, double t)
        {
            double d = Math.Sqrt(Math.Pow(rho * sigma * u, 2) + sigma * sigma * u * u);
            double g = (kappa - d) / (kappa + d);
            double c = kappa * theta / (sigma * sigma) * ((kappa - d) * t - 2 * Math.Log((1 - g * Math.Exp(-d * t)) / (1 - g)));
            double dd = (kappa - d) / (sigma * sigma) * (1 - Math.Exp(-d * t)) / (1 - g * Math.Exp(-d * t));
            return Math.Exp(c + dd * v0);
        }
    }

    public static partial class Risk
    {
        [Differentiable] public static double ParametricVar(double mean, double sd, double z, double value) => value * (z * sd - mean);
        [Differentiable] public static double ExpectedShortfallNormal(double mean, double sd, double alpha)
        {
            double z = 1.6448536269514722;
            return -mean + sd * Math.Exp(-0.5 * z * z) / (Math.Sqrt(2 * Math.PI) * alpha);
        }
        [Differentiable] public static double HistoricalVar(double[] sortedLosses, double confidence)
        {
            int index = (int)Math.Ceiling(confidence * sortedLosses.Length) - 1;
            return sortedLosses[Math.Clamp(index, 0, sortedLosses.Length - 1)];
        }
        [Differentiable] public static double MaxDrawdown(double[] prices)
        {
            double peak = prices[0], mdd = 0;
            for (int i = 1; i < prices.Length; i++)
            {
                if (prices[i] > peak) peak = prices[i];
                double dd = (peak - prices[i]) / peak;
                if (dd > mdd) mdd = dd;
            }
            return mdd;
        }
        [Differentiable] public static double SortinoRatio(double[] returns, double target)
        {
            double mean = 0, down = 0;
            foreach (var r in returns) mean += r;
            mean /= returns.Length;
            foreach (var r in returns) { double d = Math.Min(0, r - target); down += d * d; }
            return (mean - target) / Math.Sqrt(down / returns.Length);
        }
        [Differentiable] public static double Beta(double[] asset, double[] market)
        {
            double ma = 0, mm = 0;
            for (int i = 0; i < asset.Length; i++) { ma += asset[i]; mm += market[i]; }
            ma /= asset.Length; mm /= market.Length;
            double cov = 0, var = 0;
            for (int i = 0; i < asset.Length; i++) { cov += (asset[i] - ma) * (market[i] - mm); var += (market[i] - mm) * (market[i] - mm); }
            return cov / var;
        }
        [Differentiable] public static double TrackingError(double[] portfolio, double[] benchmark)
        {
            double mean = 0;
            for (int i = 0; i < portfolio.Length; i++) mean += portfolio[i] - benchmark[i];
            mean /= portfolio.Length;
            double s = 0;
            for (int i = 0; i < portfolio.Length; i++) { double d = portfolio[i] - benchmark[i] - mean; s += d * d; }
            return Math.Sqrt(s / (portfolio.Length - 1));
        }
        [Differentiable] public static double HazardSurvival(double hazard, double t) => Math.Exp(-hazard * t);
        [Differentiable] public static double CreditSpreadFromHazard(double hazard, double recovery) => hazard * (1 - recovery);
        [Differentiable] public static double MertonDefaultProbability(double v, double d, double mu, double sigma, double t)
        {
            double dd = (Math.Log(v / d) + (mu - 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return BlackFormula.CumNorm(-dd);
        }
        [Differentiable] public static double CdsPremiumLegPv(double spread, double hazard, double r, double maturity, int paymentsPerYear)
        {
            double pv = 0, dt = 1.0 / paymentsPerYear;
            for (double t = dt; t <= maturity + 1e-12; t += dt) pv += spread * dt * Math.Exp(-(r + hazard) * t);
            return pv;
        }
        [Differentiable] public static double VasicekLoss(double pd, double rho, double z)
        {
            double k = (Normal(pd) + Math.Sqrt(rho) * z) / Math.Sqrt(1 - rho);
            return BlackFormula.CumNorm(k);
        }
        [Differentiable] public static double Normal(double p)
        {
            double t = Math.Sqrt(-2 * Math.Log(p < 0.5 ? p : 1 - p));
            double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
            return p < 0.5 ? -x : x;
        }
        [Differentiable] public static double EwmaVolatility(double[] returns, double lambda)
        {
            double v = returns[0] * returns[0];
            for (int i = 1; i < returns.Length; i++) v = lambda * v + (1 - lambda) * returns[i] * returns[i];
            return Math.Sqrt(v);
        }
        [Differentiable] public static double Garch11Variance(double[] returns, double omega, double alpha, double beta)
        {
            double s2 = omega / (1 - alpha - beta);
            for (int i = 0; i < returns.Length; i++) s2 = omega + alpha * returns[i] * returns[i] + beta * s2;
            return s2;
        }
        [Differentiable] public static double Garch11LogLikelihood(double[] returns, double omega, double alpha, double beta)
        {
            double s2 = omega / (1 - alpha - beta), ll = 0;
            for (int i = 0; i < returns.Length; i++)
            {
                ll -= 0.5 * (Math.Log(2 * Math.PI * s2) + returns[i] * returns[i] / s2);
                s2 = omega + alpha * returns[i] * returns[i] + beta * s2;
            }
            return ll;
        }
        [Differentiable] public static double KellyGrowth(double f, double p, double b) => p * Math.Log(1 + b * f) + (1 - p) * Math.Log(1 - f);
        [Differentiable] public static double UtilityCrra(double wealth, double gamma) => gamma == 1 ? Math.Log(wealth) : (Math.Pow(wealth, 1 - gamma) - 1) / (1 - gamma);
        [Differentiable] public static double UtilityCara(double wealth, double a) => -Math.Exp(-a * wealth) / a;
        [Differentiable] public static double MeanVarianceUtility(double[] w, double[] mu, double[] sigma, double riskAversion)
        {
            double ret = 0, var = 0;
            for (int i = 0; i < w.Length; i++) { ret += w[i] * mu[i]; var += w[i] * w[i] * sigma[i] * sigma[i]; }
            return ret - 0.5 * riskAversion * var;
        }
    }
}
