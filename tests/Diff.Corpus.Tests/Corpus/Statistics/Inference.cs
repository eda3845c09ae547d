// DiffGen corpus — inference, robust statistics and machine-learning losses in the style of a statistics library (see ../../NOTICE.md).
using System;
using System.Diagnostics;
using DiffGen;

namespace Corpus.Statistics
{
    public sealed partial class RunningStatistics
    {
        private long _n;
        private double _m1, _m2, _min = double.PositiveInfinity, _max = double.NegativeInfinity;

        [Differentiable] public double Mean() => _n > 0 ? _m1 : double.NaN;
        [Differentiable] public double Variance() => _n < 2 ? double.NaN : _m2 / (_n - 1);
        [Differentiable] public double StandardDeviation() => Math.Sqrt(Variance());
        [Differentiable] public double Range() => _max - _min;

        [Differentiable]
        public static double Combine(double mean1, double n1, double mean2, double n2) => (mean1 * n1 + mean2 * n2) / (n1 + n2);
    }

    public static partial class HypothesisTests
    {
        [Differentiable]
        public static double TStatistic(double[] sample, double mu0)
        {
            int n = sample.Length;
            if (n < 2) throw new ArgumentException("Need at least two observations.", nameof(sample));
            double mean = 0;
            for (int i = 0; i < n; i++) mean += sample[i];
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) ss += (sample[i] - mean) * (sample[i] - mean);
            return (mean - mu0) / Math.Sqrt(ss / (n - 1) / n);
        }

        [Differentiable]
        public static double WelchT(double[] a, double[] b)
        {
            double ma = 0, mb = 0;
            foreach (var x in a) ma += x;
            foreach (var x in b) mb += x;
            ma /= a.Length;
            mb /= b.Length;
            double va = 0, vb = 0;
            foreach (var x in a) va += (x - ma) * (x - ma);
            foreach (var x in b) vb += (x - mb) * (x - mb);
            va /= a.Length - 1;
            vb /= b.Length - 1;
            return (ma - mb) / Math.Sqrt(va / a.Length + vb / b.Length);
        }

        [Differentiable]
        public static double WelchDegreesOfFreedom(double va, int na, double vb, int nb)
        {
            double sa = va / na, sb = vb / nb;
            return (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1));
        }

        [Differentiable]
        public static double ChiSquareStatistic(double[] observed, double[] expected)
        {
            double chi = 0;
            for (int i = 0; i < observed.Length; i++)
            {
                double d = observed[i] - expected[i];
                chi += d * d / expected[i];
            }

            return chi;
        }

        [Differentiable]
        public static double GTestStatistic(double[] observed, double[] expected)
        {
            double g = 0;
            for (int i = 0; i < observed.Length; i++) if (observed[i] > 0) g += observed[i] * Math.Log(observed[i] / expected[i]);
            return 2 * g;
        }

        [Differentiable]
        public static double CohensD(double m1, double m2, double s1, double s2) => (m1 - m2) / Math.Sqrt((s1 * s1 + s2 * s2) / 2);

        [Differentiable]
        public static double FisherZ(double r) => 0.5 * Math.Log((1 + r) / (1 - r));

        [Differentiable]
        public static double InverseFisherZ(double z) => Math.Tanh(z);

        [Differentiable]
        public static double BonferroniThreshold(double alpha, int tests) => alpha / tests;

        [Differentiable]
        public static double SidakThreshold(double alpha, int tests) => 1 - Math.Pow(1 - alpha, 1.0 / tests);

        [Differentiable]
        public static double AkaikeInformation(double logLikelihood, int parameters) => 2 * parameters - 2 * logLikelihood;

        [Differentiable]
        public static double BayesianInformation(double logLikelihood, int parameters, int n) => parameters * Math.Log(n) - 2 * logLikelihood;

        [Differentiable]
        public static double WilsonLower(double phat, int n, double z)
        {
            double denom = 1 + z * z / n;
            double centre = phat + z * z / (2 * n);
            double margin = z * Math.Sqrt(phat * (1 - phat) / n + z * z / (4.0 * n * n));
            return (centre - margin) / denom;
        }
    }

    public static partial class Robust
    {
        [Differentiable]
        public static double HuberRho(double r, double k) => Math.Abs(r) <= k ? 0.5 * r * r : k * Math.Abs(r) - 0.5 * k * k;

        [Differentiable]
        public static double TukeyBisquare(double r, double c)
        {
            if (Math.Abs(r) > c) return c * c / 6;
            double u = r / c;
            double t = 1 - u * u;
            return c * c / 6 * (1 - t * t * t);
        }

        [Differentiable]
        public static double CauchyRho(double r, double c) => c * c / 2 * Math.Log(1 + (r / c) * (r / c));

        [Differentiable]
        public static double PseudoHuber(double r, double delta) => delta * delta * (Math.Sqrt(1 + (r / delta) * (r / delta)) - 1);

        [Differentiable]
        public static double LogCosh(double[] residuals)
        {
            double s = 0;
            for (int i = 0; i < residuals.Length; i++) s += Math.Log(Math.Cosh(residuals[i]));
            return s;
        }

        [Differentiable]
        public static double QuantileLoss(double[] residuals, double tau)
        {
            double s = 0;
            for (int i = 0; i < residuals.Length; i++) s += residuals[i] >= 0 ? tau * residuals[i] : (tau - 1) * residuals[i];
            return s;
        }

        [Differentiable]
        public static double WinsorizedMean(double[] data, double lo, double hi)
        {
            double s = 0;
            for (int i = 0; i < data.Length; i++) s += Math.Min(Math.Max(data[i], lo), hi);
            return s / data.Length;
        }

        [Differentiable]
        public static double IrlsLocation(double[] data, double k, int iterations)
        {
            double mu = 0;
            foreach (var x in data) mu += x;
            mu /= data.Length;
            for (int it = 0; it < iterations; it++)
            {
                double num = 0, den = 0;
                for (int i = 0; i < data.Length; i++)
                {
                    double r = Math.Abs(data[i] - mu);
                    double w = r <= k ? 1.0 : k / r;
                    num += w * data[i];
                    den += w;
                }

                mu = num / den;
            }

            return mu;
        }
    }

    public static partial class Losses
    {
        [Differentiable]
        public static double MeanSquaredError(double[] yTrue, double[] yPred)
        {
            Debug.Assert(yTrue.Length == yPred.Length, "length mismatch");
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++) s += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i]);
            return s / yTrue.Length;
        }

        [Differentiable]
        public static double BinaryCrossEntropy(double[] yTrue, double[] yPred)
        {
            const double eps = 1e-7;
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++)
            {
                double p = Math.Min(Math.Max(yPred[i], eps), 1 - eps);
                s -= yTrue[i] * Math.Log(p) + (1 - yTrue[i]) * Math.Log(1 - p);
            }

            return s / yTrue.Length;
        }

        [Differentiable]
        public static double Hinge(double[] yTrue, double[] yPred)
        {
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++) s += Math.Max(0, 1 - yTrue[i] * yPred[i]);
            return s / yTrue.Length;
        }

        [Differentiable]
        public static double SquaredHinge(double[] yTrue, double[] yPred)
        {
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++) { double m = Math.Max(0, 1 - yTrue[i] * yPred[i]); s += m * m; }
            return s / yTrue.Length;
        }

        [Differentiable]
        public static double PoissonLoss(double[] yTrue, double[] yPred)
        {
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++) s += yPred[i] - yTrue[i] * Math.Log(yPred[i] + 1e-7);
            return s / yTrue.Length;
        }

        [Differentiable]
        public static double CosineProximity(double[] a, double[] b)
        {
            double dot = 0, na = 0, nb = 0;
            for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
            return -dot / Math.Sqrt(na * nb);
        }

        [Differentiable]
        public static double MeanAbsolutePercentageError(double[] yTrue, double[] yPred)
        {
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++) s += Math.Abs((yTrue[i] - yPred[i]) / yTrue[i]);
            return 100 * s / yTrue.Length;
        }

        [Differentiable]
        public static double MeanSquaredLogError(double[] yTrue, double[] yPred)
        {
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++) { double d = Math.Log(1 + yPred[i]) - Math.Log(1 + yTrue[i]); s += d * d; }
            return s / yTrue.Length;
        }

        [Differentiable]
        public static double FocalLoss(double p, double gamma, double alpha) => -alpha * Math.Pow(1 - p, gamma) * Math.Log(p);

        [Differentiable]
        public static double ContrastiveLoss(double distance, int similar, double margin)
            => similar == 1 ? distance * distance : Math.Pow(Math.Max(0, margin - distance), 2);

        [Differentiable]
        public static double ElasticNetPenalty(double[] w, double l1, double l2)
        {
            double a = 0, b = 0;
            for (int i = 0; i < w.Length; i++) { a += Math.Abs(w[i]); b += w[i] * w[i]; }
            return l1 * a + 0.5 * l2 * b;
        }

        [Differentiable]
        public static float MseF(float[] yTrue, float[] yPred)
        {
            float s = 0f;
            for (int i = 0; i < yTrue.Length; i++) { float d = yTrue[i] - yPred[i]; s += d * d; }
            return s / yTrue.Length;
        }

        [Differentiable]
        public static float SoftplusF(float x) => x > 20f ? x : MathF.Log(1f + MathF.Exp(x));

        [Differentiable]
        public static float GeluF(float x) => 0.5f * x * (1f + MathF.Tanh(0.7978845608f * (x + 0.044715f * x * x * x)));

        [Differentiable]
        public static float SwishF(float x) => x / (1f + MathF.Exp(-x));

        [Differentiable]
        public static float EluF(float x, float alpha) => x > 0f ? x : alpha * (MathF.Exp(x) - 1f);

        [Differentiable]
        public static float MishF(float x) => x * MathF.Tanh(MathF.Log(1f + MathF.Exp(x)));
    }
}
