// DiffGen corpus — discrete distributions and likelihoods in the style of a statistics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Distributions
{
    public static partial class SpecialHelpers
    {
        private static readonly double[] LogFactorialTable = { 0.0, 0.0, 0.69314718055994529, 1.791759469228055, 3.1780538303479458, 4.7874917427820458, 6.5792512120101012, 8.5251613610654147, 10.604602902745251, 12.801827480081469 };

        [Differentiable]
        public static double LogGamma(double z)
        {
            if (z < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * z))) - LogGamma(1 - z);
            z -= 1;
            double x = 0.99999999999980993;
            x += 676.5203681218851 / (z + 1);
            x += -1259.1392167224028 / (z + 2);
            x += 771.32342877765313 / (z + 3);
            x += -176.61502916214059 / (z + 4);
            x += 12.507343278686905 / (z + 5);
            x += -0.13857109526572012 / (z + 6);
            x += 9.9843695780195716e-6 / (z + 7);
            x += 1.5056327351493116e-7 / (z + 8);
            double t = z + 7.5;
            return 0.91893853320467274 + (z + 0.5) * Math.Log(t) - t + Math.Log(x);
        }

        [Differentiable]
        public static double LogFactorial(int k)
        {
            if (k < 0) throw new ArgumentOutOfRangeException(nameof(k));
            if (k < LogFactorialTable.Length) return LogFactorialTable[k];
            return LogGamma(k + 1.0);
        }

        [Differentiable]
        public static double LogBinomial(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
    }

    public static partial class Poisson
    {
        [Differentiable]
        public static double Pmf(int k, double lambda)
        {
            if (lambda <= 0) throw new ArgumentOutOfRangeException(nameof(lambda), "Lambda must be positive.");
            if (k < 0) return 0.0;
            return Math.Exp(k * Math.Log(lambda) - lambda - SpecialHelpers.LogFactorial(k));
        }

        [Differentiable]
        public static double LogPmf(int k, double lambda) => k * Math.Log(lambda) - lambda - SpecialHelpers.LogGamma(k + 1.0);

        [Differentiable]
        public static double Cdf(int k, double lambda)
        {
            double sum = 0, term = Math.Exp(-lambda);
            for (int i = 0; i <= k; i++)
            {
                sum += term;
                term *= lambda / (i + 1);
            }

            return sum;
        }

        [Differentiable]
        public static double LogLikelihood(double lambda, int[] counts)
        {
            double ll = 0;
            foreach (int c in counts) ll += c * Math.Log(lambda) - lambda;
            return ll;
        }
    }

    public static partial class Binomial
    {
        [Differentiable]
        public static double Pmf(int k, int n, double p)
        {
            if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p));
            if (k < 0 || k > n) return 0.0;
            return Math.Exp(SpecialHelpers.LogBinomial(n, k) + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
        }

        [Differentiable]
        public static double Cdf(int k, int n, double p)
        {
            double sum = 0;
            for (int i = 0; i <= k; i++) sum += Pmf(i, n, p);
            return sum;
        }

        [Differentiable] public static double Mean(int n, double p) => n * p;
        [Differentiable] public static double Variance(int n, double p) => n * p * (1 - p);
        [Differentiable] public static double Entropy(int n, double p) => 0.5 * Math.Log(2 * Math.PI * Math.E * n * p * (1 - p));
    }

    public static partial class Geometric
    {
        [Differentiable] public static double Pmf(int k, double p) => Math.Pow(1 - p, k - 1) * p;
        [Differentiable] public static double Cdf(int k, double p) => 1 - Math.Pow(1 - p, k);
        [Differentiable] public static double Mean(double p) => 1 / p;
    }

    public static partial class NegativeBinomial
    {
        [Differentiable]
        public static double Pmf(int k, double r, double p)
            => Math.Exp(SpecialHelpers.LogGamma(k + r) - SpecialHelpers.LogGamma(r) - SpecialHelpers.LogGamma(k + 1.0) + r * Math.Log(p) + k * Math.Log(1 - p));

        [Differentiable] public static double Mean(double r, double p) => r * (1 - p) / p;
    }

    public static partial class Bernoulli
    {
        [Differentiable] public static double Pmf(int k, double p) => k == 1 ? p : 1 - p;
        [Differentiable] public static double LogLoss(double p, int label) => label == 1 ? -Math.Log(p) : -Math.Log(1 - p);
        [Differentiable] public static double Entropy(double p) => -p * Math.Log(p) - (1 - p) * Math.Log(1 - p);
    }

    public static partial class Categorical
    {
        [Differentiable]
        public static double LogProbability(double[] logits, int index)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < logits.Length; i++) if (logits[i] > max) max = logits[i];
            double sum = 0;
            for (int i = 0; i < logits.Length; i++) sum += Math.Exp(logits[i] - max);
            return logits[index] - max - Math.Log(sum);
        }

        [Differentiable]
        public static double Entropy(double[] p)
        {
            double h = 0;
            foreach (double pi in p) h -= pi > 0 ? pi * Math.Log(pi) : 0;
            return h;
        }
    }

    public static partial class Multinomial
    {
        [Differentiable]
        public static double LogPmf(int[] counts, double[] p)
        {
            int n = 0;
            double s = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                n += counts[i];
                s += counts[i] * Math.Log(p[i]) - SpecialHelpers.LogFactorial(counts[i]);
            }

            return s + SpecialHelpers.LogFactorial(n);
        }
    }

    public static partial class Dirichlet
    {
        [Differentiable]
        public static double LogPdf(double[] x, double[] alpha)
        {
            double sumAlpha = 0, s = 0;
            for (int i = 0; i < alpha.Length; i++)
            {
                sumAlpha += alpha[i];
                s += (alpha[i] - 1) * Math.Log(x[i]) - SpecialHelpers.LogGamma(alpha[i]);
            }

            return s + SpecialHelpers.LogGamma(sumAlpha);
        }
    }

    public static partial class Zipf
    {
        [Differentiable]
        public static double Pmf(int k, double s, int n)
        {
            double h = 0;
            for (int i = 1; i <= n; i++) h += Math.Pow(i, -s);
            return Math.Pow(k, -s) / h;
        }
    }

    public static partial class Hypergeometric
    {
        [Differentiable]
        public static double Pmf(int k, int population, int successes, int draws)
            => Math.Exp(SpecialHelpers.LogBinomial(successes, k) + SpecialHelpers.LogBinomial(population - successes, draws - k) - SpecialHelpers.LogBinomial(population, draws));
    }

    public static partial class Skellam
    {
        [Differentiable]
        public static double Pmf(int k, double mu1, double mu2)
        {
            double sum = 0;
            for (int j = Math.Max(0, -k); j < 60; j++)
            {
                sum += Math.Exp((k + j) * Math.Log(mu1) + j * Math.Log(mu2) - SpecialHelpers.LogGamma(k + j + 1.0) - SpecialHelpers.LogGamma(j + 1.0));
            }

            return Math.Exp(-mu1 - mu2) * sum;
        }
    }
}
