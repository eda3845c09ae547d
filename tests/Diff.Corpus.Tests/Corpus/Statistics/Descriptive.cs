// DiffGen corpus — descriptive statistics written in the style of a statistics library (see ../../NOTICE.md).
using System;
using System.Diagnostics;
using DiffGen;

namespace Corpus.Statistics
{
    public static partial class Descriptive
    {
        [Differentiable]
        public static double Mean(double[] data)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (data.Length == 0) return double.NaN;
            double sum = 0.0;
            for (int i = 0; i < data.Length; i++) sum += data[i];
            return sum / data.Length;
        }

        [Differentiable]
        public static double MeanUnchecked(double[] data)
        {
            double sum = 0.0;
            for (int i = 0; i < data.Length; i++) sum += data[i];
            return sum / data.Length;
        }

        [Differentiable]
        public static double RunningMean(double[] data)
        {
            double mean = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                mean += (data[i] - mean) / (i + 1);
            }

            return mean;
        }

        [Differentiable]
        public static double Variance(double[] data)
        {
            if (data.Length < 2) return double.NaN;
            double mean = MeanUnchecked(data);
            double ss = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                double d = data[i] - mean;
                ss += d * d;
            }

            return ss / (data.Length - 1);
        }

        [Differentiable]
        public static double PopulationVariance(double[] data)
        {
            double mean = 0.0, m2 = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                double delta = data[i] - mean;
                mean += delta / (i + 1);
                m2 += delta * (data[i] - mean);
            }

            return m2 / data.Length;
        }

        [Differentiable]
        public static double StandardDeviation(double[] data) => Math.Sqrt(Variance(data));

        [Differentiable]
        public static double StandardError(double[] data) => StandardDeviation(data) / Math.Sqrt(data.Length);

        [Differentiable]
        public static double CoefficientOfVariation(double[] data) => StandardDeviation(data) / MeanUnchecked(data);

        [Differentiable]
        public static double Skewness(double[] data)
        {
            int n = data.Length;
            double mean = MeanUnchecked(data);
            double m2 = 0, m3 = 0;
            foreach (double x in data)
            {
                double d = x - mean;
                m2 += d * d;
                m3 += d * d * d;
            }

            m2 /= n;
            m3 /= n;
            return m3 / Math.Pow(m2, 1.5);
        }

        [Differentiable]
        public static double Kurtosis(double[] data)
        {
            int n = data.Length;
            double mean = MeanUnchecked(data);
            double m2 = 0, m4 = 0;
            for (int i = 0; i < n; i++)
            {
                double d = data[i] - mean;
                double d2 = d * d;
                m2 += d2;
                m4 += d2 * d2;
            }

            m2 /= n;
            m4 /= n;
            return m4 / (m2 * m2) - 3.0;
        }

        [Differentiable]
        public static double Covariance(double[] x, double[] y)
        {
            if (x.Length != y.Length) throw new ArgumentException("Arrays must have the same length.");
            double mx = MeanUnchecked(x), my = MeanUnchecked(y);
            double s = 0.0;
            for (int i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
            return s / (x.Length - 1);
        }

        [Differentiable]
        public static double Correlation(double[] x, double[] y)
        {
            double mx = MeanUnchecked(x), my = MeanUnchecked(y);
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double dx = x[i] - mx, dy = y[i] - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }

            return sxy / Math.Sqrt(sxx * syy);
        }

        [Differentiable]
        public static double GeometricMean(double[] data)
        {
            double logSum = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] <= 0) throw new ArgumentException("Geometric mean needs positive values.", nameof(data));
                logSum += Math.Log(data[i]);
            }

            return Math.Exp(logSum / data.Length);
        }

        [Differentiable]
        public static double HarmonicMean(double[] data)
        {
            double s = 0.0;
            for (int i = 0; i < data.Length; i++) s += 1.0 / data[i];
            return data.Length / s;
        }

        [Differentiable]
        public static double QuadraticMean(double[] data)
        {
            double s = 0.0;
            for (int i = 0; i < data.Length; i++) s += data[i] * data[i];
            return Math.Sqrt(s / data.Length);
        }

        [Differentiable]
        public static double PowerMean(double[] data, double p)
        {
            if (p == 0) return GeometricMean(data);
            double s = 0.0;
            for (int i = 0; i < data.Length; i++) s += Math.Pow(data[i], p);
            return Math.Pow(s / data.Length, 1.0 / p);
        }

        [Differentiable]
        public static double WeightedMean(double[] values, double[] weights)
        {
            Debug.Assert(values.Length == weights.Length);
            double sw = 0, swx = 0;
            for (int i = 0; i < values.Length; i++)
            {
                sw += weights[i];
                swx += weights[i] * values[i];
            }

            return swx / sw;
        }

        [Differentiable]
        public static double Maximum(double[] data)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] > max) max = data[i];
            }

            return max;
        }

        [Differentiable]
        public static double Minimum(double[] data)
        {
            double min = data[0];
            for (int i = 1; i < data.Length; i++) min = Math.Min(min, data[i]);
            return min;
        }

        [Differentiable]
        public static double Range(double[] data) => Maximum(data) - Minimum(data);

        [Differentiable]
        public static double MeanAbsoluteDeviation(double[] data)
        {
            double mean = MeanUnchecked(data);
            double s = 0;
            for (int i = 0; i < data.Length; i++) s += Math.Abs(data[i] - mean);
            return s / data.Length;
        }

        [Differentiable]
        public static double SumOfSquares(ReadOnlySpan<double> data)
        {
            double s = 0;
            for (int i = 0; i < data.Length; i++) s += data[i] * data[i];
            return s;
        }

        [Differentiable]
        public static double KahanSum(double[] data)
        {
            double sum = 0.0, c = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                double y = data[i] - c;
                double t = sum + y;
                c = (t - sum) - y;
                sum = t;
            }

            return sum;
        }

        [Differentiable]
        public static double Median(double[] data)
        {
            double[] sorted = (double[])data.Clone();
            Array.Sort(sorted);
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }

        [Differentiable]
        public static double Quantile(double[] sorted, double tau)
        {
            if (tau < 0 || tau > 1) throw new ArgumentOutOfRangeException(nameof(tau));
            double h = (sorted.Length - 1) * tau;
            int lo = (int)Math.Floor(h);
            int hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }

        [Differentiable]
        public static double Entropy(double[] p)
        {
            double h = 0.0;
            for (int i = 0; i < p.Length; i++)
            {
                if (p[i] > 0) h -= p[i] * Math.Log(p[i]);
            }

            return h;
        }

        [Differentiable]
        public static double CrossEntropy(double[] p, double[] q)
        {
            double h = 0.0;
            for (int i = 0; i < p.Length; i++) h -= p[i] * Math.Log(q[i]);
            return h;
        }

        [Differentiable]
        public static double KLDivergence(double[] p, double[] q)
        {
            double d = 0.0;
            for (int i = 0; i < p.Length; i++) d += p[i] * Math.Log(p[i] / q[i]);
            return d;
        }

        [Differentiable]
        public static double LogSumExp(double[] x)
        {
            double max = x[0];
            for (int i = 1; i < x.Length; i++) if (x[i] > max) max = x[i];
            double s = 0.0;
            for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] - max);
            return max + Math.Log(s);
        }

        [Differentiable]
        public static double Autocorrelation(double[] data, int lag)
        {
            double mean = MeanUnchecked(data);
            double num = 0, den = 0;
            for (int i = 0; i < data.Length; i++)
            {
                double d = data[i] - mean;
                den += d * d;
                if (i + lag < data.Length) num += d * (data[i + lag] - mean);
            }

            return num / den;
        }

        [Differentiable]
        public static double Rmse(double[] predicted, double[] actual)
        {
            double s = 0;
            for (int i = 0; i < predicted.Length; i++)
            {
                double e = predicted[i] - actual[i];
                s += e * e;
            }

            return Math.Sqrt(s / predicted.Length);
        }

        [Differentiable]
        public static double MeanAbsoluteError(double[] predicted, double[] actual)
        {
            double s = 0;
            for (int i = 0; i < predicted.Length; i++) s += Math.Abs(predicted[i] - actual[i]);
            return s / predicted.Length;
        }

        [Differentiable]
        public static double HuberLoss(double[] residuals, double delta)
        {
            double s = 0;
            foreach (var r in residuals)
            {
                double a = Math.Abs(r);
                s += a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
            }

            return s;
        }

        [Differentiable]
        public static double RSquared(double[] predicted, double[] actual)
        {
            double mean = MeanUnchecked(actual);
            double ssRes = 0, ssTot = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                ssRes += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
                ssTot += (actual[i] - mean) * (actual[i] - mean);
            }

            return 1.0 - ssRes / ssTot;
        }

        [Differentiable]
        public static double LinearRegressionSlope(double[] x, double[] y)
        {
            int n = x.Length;
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = 0; i < n; i++)
            {
                sx += x[i];
                sy += y[i];
                sxx += x[i] * x[i];
                sxy += x[i] * y[i];
            }

            return (n * sxy - sx * sy) / (n * sxx - sx * sx);
        }

        [Differentiable]
        public static double LinearRegressionIntercept(double[] x, double[] y)
        {
            double slope = LinearRegressionSlope(x, y);
            return MeanUnchecked(y) - slope * MeanUnchecked(x);
        }

        [Differentiable]
        public static double ZScore(double x, double mean, double sd) => (x - mean) / sd;

        [Differentiable]
        public static double GiniCoefficient(double[] data)
        {
            double num = 0, den = 0;
            for (int i = 0; i < data.Length; i++)
            {
                for (int j = 0; j < data.Length; j++) num += Math.Abs(data[i] - data[j]);
                den += data[i];
            }

            return num / (2 * data.Length * den);
        }

        [Differentiable]
        public static double ExponentialMovingAverage(double[] data, double alpha)
        {
            double ema = data[0];
            for (int i = 1; i < data.Length; i++) ema = alpha * data[i] + (1 - alpha) * ema;
            return ema;
        }

        [Differentiable]
        public static double TrimmedMean(double[] data, int trim)
        {
            var copy = new double[data.Length];
            Array.Copy(data, copy, data.Length);
            Array.Sort(copy);
            double s = 0;
            for (int i = trim; i < copy.Length - trim; i++) s += copy[i];
            return s / (copy.Length - 2 * trim);
        }

        [Differentiable]
        public static double MovingAverageLast(double[] data, int window)
        {
            var buffer = new double[window];
            double s = 0.0;
            for (int i = 0; i < data.Length; i++)
            {
                s -= buffer[i % window];
                buffer[i % window] = data[i];
                s += data[i];
            }

            return s / window;
        }

        [Differentiable]
        public static float MeanF(float[] data)
        {
            float sum = 0f;
            for (int i = 0; i < data.Length; i++) sum += data[i];
            return sum / data.Length;
        }

        [Differentiable]
        public static float VarianceF(float[] data)
        {
            float mean = MeanF(data);
            float ss = 0f;
            for (int i = 0; i < data.Length; i++) ss += (data[i] - mean) * (data[i] - mean);
            return ss / (data.Length - 1);
        }
    }
}
