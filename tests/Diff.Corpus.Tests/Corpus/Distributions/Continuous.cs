// DiffGen corpus — continuous distributions written in the style of a statistics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Distributions
{
    public static partial class Normal
    {
        private const double InvSqrt2Pi = 0.39894228040143267794;

        [Differentiable]
        public static double Pdf(double x, double mean, double sd)
        {
            if (sd <= 0) throw new ArgumentException("Standard deviation must be positive.", nameof(sd));
            double z = (x - mean) / sd;
            return InvSqrt2Pi / sd * Math.Exp(-0.5 * z * z);
        }

        [Differentiable]
        public static double LogPdf(double x, double mean, double sd)
        {
            double z = (x - mean) / sd;
            return -0.5 * z * z - Math.Log(sd) - 0.91893853320467274;
        }

        [Differentiable]
        public static double Cdf(double x, double mean, double sd)
        {
            return 0.5 * (1.0 + Erf((x - mean) / (sd * Math.Sqrt(2.0))));
        }

        [Differentiable]
        public static double Erf(double x)
        {
            double t = 1.0 / (1.0 + 0.5 * Math.Abs(x));
            double y = 1.0 - t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? y : -y;
        }

        [Differentiable]
        public static double InverseCdf(double p)
        {
            if (p <= 0.0 || p >= 1.0) throw new ArgumentOutOfRangeException(nameof(p));
            double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
            double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
            double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
            double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
            const double plow = 0.02425;
            double q, r;
            if (p < plow)
            {
                q = Math.Sqrt(-2 * Math.Log(p));
                return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }

            if (p > 1 - plow)
            {
                q = Math.Sqrt(-2 * Math.Log(1 - p));
                return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }

            q = p - 0.5;
            r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }

        [Differentiable]
        public static double Entropy(double sd) => 0.5 * Math.Log(2 * Math.PI * Math.E * sd * sd);

        [Differentiable]
        public static double KullbackLeibler(double m1, double s1, double m2, double s2)
            => Math.Log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
    }

    public static partial class LogNormal
    {
        [Differentiable]
        public static double Pdf(double x, double mu, double sigma)
        {
            if (x <= 0) return 0.0;
            double z = (Math.Log(x) - mu) / sigma;
            return Math.Exp(-0.5 * z * z) / (x * sigma * Math.Sqrt(2 * Math.PI));
        }

        [Differentiable] public static double Mean(double mu, double sigma) => Math.Exp(mu + sigma * sigma / 2);
        [Differentiable] public static double Variance(double mu, double sigma) => (Math.Exp(sigma * sigma) - 1) * Math.Exp(2 * mu + sigma * sigma);
        [Differentiable] public static double Median(double mu) => Math.Exp(mu);
        [Differentiable] public static double Mode(double mu, double sigma) => Math.Exp(mu - sigma * sigma);
    }

    public static partial class Exponential
    {
        [Differentiable]
        public static double Pdf(double x, double rate)
        {
            if (rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate));
            return x < 0 ? 0.0 : rate * Math.Exp(-rate * x);
        }

        [Differentiable] public static double Cdf(double x, double rate) => x < 0 ? 0.0 : 1.0 - Math.Exp(-rate * x);
        [Differentiable] public static double Quantile(double p, double rate) => -Math.Log(1.0 - p) / rate;
        [Differentiable] public static double LogPdf(double x, double rate) => Math.Log(rate) - rate * x;
    }

    public static partial class Gamma
    {
        [Differentiable]
        public static double LogGamma(double x)
        {
            double[] cof = { 76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5 };
            double y = x, tmp = x + 5.5;
            tmp -= (x + 0.5) * Math.Log(tmp);
            double ser = 1.000000000190015;
            for (int j = 0; j < 6; j++) ser += cof[j] / ++y;
            return -tmp + Math.Log(2.5066282746310005 * ser / x);
        }

        [Differentiable]
        public static double Pdf(double x, double shape, double rate)
        {
            if (shape <= 0 || rate <= 0) throw new ArgumentOutOfRangeException(shape <= 0 ? nameof(shape) : nameof(rate));
            if (x <= 0) return 0.0;
            return Math.Exp(shape * Math.Log(rate) + (shape - 1) * Math.Log(x) - rate * x - LogGamma(shape));
        }

        [Differentiable] public static double Mean(double shape, double rate) => shape / rate;
        [Differentiable] public static double Variance(double shape, double rate) => shape / (rate * rate);
        [Differentiable] public static double Skewness(double shape) => 2.0 / Math.Sqrt(shape);
    }

    public static partial class Beta
    {
        [Differentiable]
        public static double LogBeta(double a, double b) => Gamma.LogGamma(a) + Gamma.LogGamma(b) - Gamma.LogGamma(a + b);

        [Differentiable]
        public static double Pdf(double x, double a, double b)
        {
            if (x < 0 || x > 1) return 0.0;
            return Math.Exp((a - 1) * Math.Log(x) + (b - 1) * Math.Log(1 - x) - LogBeta(a, b));
        }

        [Differentiable] public static double Mean(double a, double b) => a / (a + b);
        [Differentiable] public static double Variance(double a, double b) => a * b / ((a + b) * (a + b) * (a + b + 1));
    }

    public static partial class Weibull
    {
        [Differentiable]
        public static double Pdf(double x, double k, double lambda)
        {
            if (x < 0) return 0.0;
            return k / lambda * Math.Pow(x / lambda, k - 1) * Math.Exp(-Math.Pow(x / lambda, k));
        }

        [Differentiable] public static double Cdf(double x, double k, double lambda) => x < 0 ? 0.0 : 1.0 - Math.Exp(-Math.Pow(x / lambda, k));
        [Differentiable] public static double Quantile(double p, double k, double lambda) => lambda * Math.Pow(-Math.Log(1 - p), 1.0 / k);
        [Differentiable] public static double Hazard(double x, double k, double lambda) => k / lambda * Math.Pow(x / lambda, k - 1);
    }

    public static partial class Cauchy
    {
        [Differentiable] public static double Pdf(double x, double x0, double gamma) { double z = (x - x0) / gamma; return 1.0 / (Math.PI * gamma * (1 + z * z)); }
        [Differentiable] public static double Cdf(double x, double x0, double gamma) => 0.5 + Math.Atan((x - x0) / gamma) / Math.PI;
        [Differentiable] public static double Quantile(double p, double x0, double gamma) => x0 + gamma * Math.Tan(Math.PI * (p - 0.5));
    }

    public static partial class Logistic
    {
        [Differentiable] public static double Pdf(double x, double mu, double s) { double e = Math.Exp(-(x - mu) / s); return e / (s * (1 + e) * (1 + e)); }
        [Differentiable] public static double Cdf(double x, double mu, double s) => 1.0 / (1.0 + Math.Exp(-(x - mu) / s));
        [Differentiable] public static double Quantile(double p, double mu, double s) => mu + s * Math.Log(p / (1 - p));
    }

    public static partial class Laplace
    {
        [Differentiable] public static double Pdf(double x, double mu, double b) => Math.Exp(-Math.Abs(x - mu) / b) / (2 * b);
        [Differentiable] public static double Cdf(double x, double mu, double b) => x < mu ? 0.5 * Math.Exp((x - mu) / b) : 1 - 0.5 * Math.Exp(-(x - mu) / b);
    }

    public static partial class Gumbel
    {
        [Differentiable] public static double Pdf(double x, double mu, double beta) { double z = (x - mu) / beta; return Math.Exp(-(z + Math.Exp(-z))) / beta; }
        [Differentiable] public static double Cdf(double x, double mu, double beta) => Math.Exp(-Math.Exp(-(x - mu) / beta));
        [Differentiable] public static double Quantile(double p, double mu, double beta) => mu - beta * Math.Log(-Math.Log(p));
    }

    public static partial class Pareto
    {
        [Differentiable]
        public static double Pdf(double x, double xm, double alpha)
        {
            if (x < xm) return 0.0;
            return alpha * Math.Pow(xm, alpha) / Math.Pow(x, alpha + 1);
        }

        [Differentiable] public static double Cdf(double x, double xm, double alpha) => x < xm ? 0.0 : 1 - Math.Pow(xm / x, alpha);
        [Differentiable] public static double Mean(double xm, double alpha) => alpha <= 1 ? double.PositiveInfinity : alpha * xm / (alpha - 1);
    }

    public static partial class StudentT
    {
        [Differentiable]
        public static double Pdf(double t, double nu)
        {
            if (nu <= 0) throw new ArgumentOutOfRangeException(nameof(nu), nu, "Degrees of freedom must be positive.");
            double lg = Gamma.LogGamma((nu + 1) / 2) - Gamma.LogGamma(nu / 2);
            return Math.Exp(lg) / Math.Sqrt(nu * Math.PI) * Math.Pow(1 + t * t / nu, -(nu + 1) / 2);
        }

        [Differentiable] public static double Variance(double nu) => nu > 2 ? nu / (nu - 2) : double.PositiveInfinity;
    }

    public static partial class ChiSquared
    {
        [Differentiable]
        public static double Pdf(double x, double k)
        {
            if (x <= 0) return 0.0;
            return Math.Exp((k / 2 - 1) * Math.Log(x) - x / 2 - (k / 2) * Math.Log(2) - Gamma.LogGamma(k / 2));
        }

        [Differentiable] public static double Mean(double k) => k;
    }

    public static partial class Triangular
    {
        [Differentiable]
        public static double Pdf(double x, double a, double b, double c)
        {
            if (x < a || x > b) return 0.0;
            if (x < c) return 2 * (x - a) / ((b - a) * (c - a));
            if (x == c) return 2 / (b - a);
            return 2 * (b - x) / ((b - a) * (b - c));
        }

        [Differentiable]
        public static double Cdf(double x, double a, double b, double c)
        {
            if (x <= a) return 0.0;
            if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
            if (x < b) return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
            return 1.0;
        }
    }

    public static partial class Rayleigh
    {
        [Differentiable] public static double Pdf(double x, double sigma) => x < 0 ? 0 : x / (sigma * sigma) * Math.Exp(-x * x / (2 * sigma * sigma));
        [Differentiable] public static double Cdf(double x, double sigma) => 1 - Math.Exp(-x * x / (2 * sigma * sigma));
    }

    public static partial class VonMises
    {
        [Differentiable]
        public static double BesselI0(double x)
        {
            double sum = 1.0, term = 1.0, q = x * x / 4.0;
            for (int k = 1; k < 50; k++)
            {
                term *= q / (k * (double)k);
                sum += term;
                if (term < 1e-17 * sum) break;
            }

            return sum;
        }

        [Differentiable] public static double Pdf(double x, double mu, double kappa) => Math.Exp(kappa * Math.Cos(x - mu)) / (2 * Math.PI * BesselI0(kappa));
    }
}
