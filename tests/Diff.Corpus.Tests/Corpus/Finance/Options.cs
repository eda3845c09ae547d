// DiffGen corpus — option pricing and fixed income written in the style of a quant library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Finance
{
    public enum OptionType { Call = 1, Put = -1 }

    public static partial class BlackFormula
    {
        private const double M_SQRT_2 = 0.7071067811865475244008443621048490392848359376887;
        private const double QL_EPSILON = 2.2204460492503131e-16;

        [Differentiable]
        public static double CumNorm(double z)
        {
            z = z * M_SQRT_2;
            double t = 1.0 / (1.0 + 0.5 * Math.Abs(z));
            double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            double erf = z >= 0 ? 1.0 - r : r - 1.0;
            return 0.5 * (1.0 + erf);
        }

        [Differentiable]
        public static double NormPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

        [Differentiable]
        public static double BlackFormulaValue(OptionType optionType, double strike, double forward, double stdDev, double discount, double displacement)
        {
            if (stdDev < 0.0) throw new ArgumentException("stdDev (" + stdDev + ") must be non-negative");
            if (discount <= 0.0) throw new ArgumentException("discount (" + discount + ") must be positive");
            if (stdDev.IsEqual(0.0)) return Math.Max((forward - strike) * (int)optionType, 0.0) * discount;
            forward = forward + displacement;
            strike = strike + displacement;
            if (strike.IsEqual(0.0)) return optionType == OptionType.Call ? forward * discount : 0.0;
            double d1 = Math.Log(forward / strike) / stdDev + 0.5 * stdDev;
            double d2 = d1 - stdDev;
            double nd1 = CumNorm((int)optionType * d1);
            double nd2 = CumNorm((int)optionType * d2);
            double result = discount * (int)optionType * (forward * nd1 - strike * nd2);
            if (result < 0.0) throw new ArgumentException("negative value (" + result + ")");
            return result;
        }

        [Differentiable]
        public static double BlackScholesCall(double s, double k, double r, double sigma, double t)
        {
            double sqrtT = Math.Sqrt(t);
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
            double d2 = d1 - sigma * sqrtT;
            return s * CumNorm(d1) - k * Math.Exp(-r * t) * CumNorm(d2);
        }

        [Differentiable]
        public static double BlackScholesPut(double s, double k, double r, double sigma, double t)
        {
            double sqrtT = Math.Sqrt(t);
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
            double d2 = d1 - sigma * sqrtT;
            return k * Math.Exp(-r * t) * CumNorm(-d2) - s * CumNorm(-d1);
        }

        [Differentiable]
        public static double BlackScholesGeneral(int callPut, double s, double k, double r, double q, double sigma, double t)
        {
            double sqrtT = Math.Sqrt(t);
            double d1 = (Math.Log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
            double d2 = d1 - sigma * sqrtT;
            switch (callPut)
            {
                case 1:
                    return s * Math.Exp(-q * t) * CumNorm(d1) - k * Math.Exp(-r * t) * CumNorm(d2);
                case -1:
                    return k * Math.Exp(-r * t) * CumNorm(-d2) - s * Math.Exp(-q * t) * CumNorm(-d1);
                default:
                    throw new ArgumentException("unknown option type");
            }
        }

        [Differentiable]
        public static double Bachelier(double forward, double strike, double stdDev, double discount)
        {
            double d = (forward - strike) / stdDev;
            return discount * ((forward - strike) * CumNorm(d) + stdDev * NormPdf(d));
        }

        [Differentiable]
        public static double CallDelta(double s, double k, double r, double sigma, double t)
        {
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return CumNorm(d1);
        }

        [Differentiable]
        public static double Vega(double s, double k, double r, double sigma, double t)
        {
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return s * NormPdf(d1) * Math.Sqrt(t);
        }

        [Differentiable]
        public static double Gamma(double s, double k, double r, double sigma, double t)
        {
            double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.Sqrt(t));
            return NormPdf(d1) / (s * sigma * Math.Sqrt(t));
        }

        [Differentiable]
        public static double ImpliedVolatility(double price, double s, double k, double r, double t)
        {
            double sigma = 0.2;
            for (int i = 0; i < 100; i++)
            {
                double diff = BlackScholesCall(s, k, r, sigma, t) - price;
                if (Math.Abs(diff) < 1e-12) break;
                sigma -= diff / Vega(s, k, r, sigma, t);
            }

            return sigma;
        }

        [Differentiable]
        public static double Margrabe(double s1, double s2, double sigma1, double sigma2, double rho, double t)
        {
            double sigma = Math.Sqrt(sigma1 * sigma1 + sigma2 * sigma2 - 2 * rho * sigma1 * sigma2);
            double d1 = (Math.Log(s1 / s2) + 0.5 * sigma * sigma * t) / (sigma * Math.Sqrt(t));
            return s1 * CumNorm(d1) - s2 * CumNorm(d1 - sigma * Math.Sqrt(t));
        }

        [Differentiable]
        public static double Black76(double f, double k, double sigma, double t, double df)
        {
            double d1 = (Math.Log(f / k) + 0.5 * sigma * sigma * t) / (sigma * Math.Sqrt(t));
            return df * (f * CumNorm(d1) - k * CumNorm(d1 - sigma * Math.Sqrt(t)));
        }

        [Differentiable]
        public static double BinomialTreeCall(double s, double k, double r, double sigma, double t, int steps)
        {
            double dt = t / steps;
            double u = Math.Exp(sigma * Math.Sqrt(dt));
            double d = 1 / u;
            double p = (Math.Exp(r * dt) - d) / (u - d);
            double disc = Math.Exp(-r * dt);
            double[] values = new double[steps + 1];
            for (int i = 0; i <= steps; i++) values[i] = Math.Max(s * Math.Pow(u, steps - i) * Math.Pow(d, i) - k, 0.0);
            for (int j = steps - 1; j >= 0; j--)
                for (int i = 0; i <= j; i++) values[i] = disc * (p * values[i] + (1 - p) * values[i + 1]);
            return values[0];
        }

        [Differentiable]
        public static double SabrVolatility(double f, double k, double t, double alpha, double beta, double rho, double nu)
        {
            double oneMinusBeta = 1.0 - beta;
            double fk = Math.Pow(f * k, 0.5 * oneMinusBeta);
            double logFk = Math.Log(f / k);
            double z = nu / alpha * fk * logFk;
            double x = Math.Log((Math.Sqrt(1 - 2 * rho * z + z * z) + z - rho) / (1 - rho));
            double zOverX = Math.Abs(z) < 1e-12 ? 1.0 : z / x;
            double a = alpha / (fk * (1 + oneMinusBeta * oneMinusBeta / 24 * logFk * logFk));
            double b = 1 + (oneMinusBeta * oneMinusBeta / 24 * alpha * alpha / (fk * fk) + 0.25 * rho * beta * nu * alpha / fk + (2 - 3 * rho * rho) / 24 * nu * nu) * t;
            return a * zOverX * b;
        }

        private static bool IsEqual(this double a, double b) => Math.Abs(a - b) <= QL_EPSILON;
    }

    public static partial class FixedIncome
    {
        [Differentiable]
        public static double PresentValue(double[] cashflows, double rate)
        {
            double pv = 0;
            for (int t = 0; t < cashflows.Length; t++) pv += cashflows[t] / Math.Pow(1 + rate, t + 1);
            return pv;
        }

        [Differentiable]
        public static double BondPrice(double face, double coupon, double yield, int periods)
        {
            double price = 0;
            for (int i = 1; i <= periods; i++) price += coupon * face / Math.Pow(1 + yield, i);
            return price + face / Math.Pow(1 + yield, periods);
        }

        [Differentiable]
        public static double MacaulayDuration(double[] cashflows, double yield)
        {
            double pv = 0, weighted = 0;
            for (int i = 0; i < cashflows.Length; i++)
            {
                double df = Math.Exp(-yield * (i + 1));
                pv += cashflows[i] * df;
                weighted += (i + 1) * cashflows[i] * df;
            }

            return weighted / pv;
        }

        [Differentiable]
        public static double Convexity(double[] cashflows, double yield)
        {
            double pv = 0, c = 0;
            for (int i = 0; i < cashflows.Length; i++)
            {
                double t = i + 1;
                double df = Math.Pow(1 + yield, -t);
                pv += cashflows[i] * df;
                c += cashflows[i] * t * (t + 1) * df / ((1 + yield) * (1 + yield));
            }

            return c / pv;
        }

        [Differentiable]
        public static double Annuity(double payment, double rate, int n) => payment * (1 - Math.Pow(1 + rate, -n)) / rate;

        [Differentiable]
        public static double FutureValue(double pv, double rate, int n) => pv * Math.Pow(1 + rate, n);

        [Differentiable]
        public static double ContinuousDiscount(double rate, double t) => Math.Exp(-rate * t);

        [Differentiable]
        public static double ForwardRate(double r1, double t1, double r2, double t2) => (r2 * t2 - r1 * t1) / (t2 - t1);

        [Differentiable]
        public static double NelsonSiegel(double t, double b0, double b1, double b2, double tau)
        {
            double x = t / tau;
            double f = (1 - Math.Exp(-x)) / x;
            return b0 + b1 * f + b2 * (f - Math.Exp(-x));
        }

        [Differentiable]
        public static double Svensson(double t, double b0, double b1, double b2, double b3, double tau1, double tau2)
        {
            double x1 = t / tau1, x2 = t / tau2;
            double f1 = (1 - Math.Exp(-x1)) / x1;
            double f2 = (1 - Math.Exp(-x2)) / x2;
            return b0 + b1 * f1 + b2 * (f1 - Math.Exp(-x1)) + b3 * (f2 - Math.Exp(-x2));
        }

        [Differentiable]
        public static double VasicekBondPrice(double r, double a, double b, double sigma, double t)
        {
            double bt = (1 - Math.Exp(-a * t)) / a;
            double at = Math.Exp((b - sigma * sigma / (2 * a * a)) * (bt - t) - sigma * sigma * bt * bt / (4 * a));
            return at * Math.Exp(-bt * r);
        }

        [Differentiable]
        public static double CirBondPrice(double r, double kappa, double theta, double sigma, double t)
        {
            double h = Math.Sqrt(kappa * kappa + 2 * sigma * sigma);
            double e = Math.Exp(h * t) - 1;
            double den = 2 * h + (kappa + h) * e;
            double a = Math.Pow(2 * h * Math.Exp((kappa + h) * t / 2) / den, 2 * kappa * theta / (sigma * sigma));
            double b = 2 * e / den;
            return a * Math.Exp(-b * r);
        }

        [Differentiable]
        public static double YieldToMaturity(double price, double face, double coupon, int periods)
        {
            double y = coupon;
            for (int iter = 0; iter < 50; iter++)
            {
                double p = 0, dp = 0;
                for (int i = 1; i <= periods; i++)
                {
                    p += coupon * face / Math.Pow(1 + y, i);
                    dp -= i * coupon * face / Math.Pow(1 + y, i + 1);
                }

                p += face / Math.Pow(1 + y, periods);
                dp -= periods * face / Math.Pow(1 + y, periods + 1);
                double step = (p - price) / dp;
                y -= step;
                if (Math.Abs(step) < 1e-14) break;
            }

            return y;
        }

        [Differentiable]
        public static double SharpeRatio(double[] returns, double riskFree)
        {
            double mean = 0;
            for (int i = 0; i < returns.Length; i++) mean += returns[i];
            mean /= returns.Length;
            double v = 0;
            for (int i = 0; i < returns.Length; i++) v += (returns[i] - mean) * (returns[i] - mean);
            return (mean - riskFree) / Math.Sqrt(v / (returns.Length - 1));
        }

        [Differentiable]
        public static double PortfolioVariance(double[] w, double[] sigma, double rho)
        {
            double v = 0;
            for (int i = 0; i < w.Length; i++)
                for (int j = 0; j < w.Length; j++)
                    v += w[i] * w[j] * sigma[i] * sigma[j] * (i == j ? 1.0 : rho);
            return v;
        }

        [Differentiable]
        public static double KellyFraction(double p, double b) => (b * p - (1 - p)) / b;

        [Differentiable]
        public static double CompoundGrowth(double start, double end, double years) => Math.Pow(end / start, 1 / years) - 1;

        [Differentiable]
        public static double LogReturn(double p0, double p1) => Math.Log(p1 / p0);

        [Differentiable]
        public static double ValueAtRiskNormal(double mean, double sd, double z) => -(mean - z * sd);
    }
}
