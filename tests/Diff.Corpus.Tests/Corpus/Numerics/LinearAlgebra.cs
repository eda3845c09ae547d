// DiffGen corpus — small dense linear algebra and numerical kernels in the style of a numerics library (see ../../NOTICE.md).
using System;
using System.Diagnostics;
using DiffGen;

namespace Corpus.Numerics
{
    public static partial class Blas
    {
        [Differentiable]
        public static double Dot(double[] x, double[] y)
        {
            if (x.Length != y.Length) throw new ArgumentException("Vectors must have the same length.", nameof(y));
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += x[i] * y[i];
            return s;
        }

        [Differentiable]
        public static double DotStrided(double[] x, int incx, double[] y, int incy, int n)
        {
            double s = 0;
            int ix = 0, iy = 0;
            for (int i = 0; i < n; i++)
            {
                s += x[ix] * y[iy];
                ix += incx;
                iy += incy;
            }

            return s;
        }

        [Differentiable]
        public static double Nrm2(double[] x)
        {
            double scale = 0.0, ssq = 1.0;
            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] != 0.0)
                {
                    double absxi = Math.Abs(x[i]);
                    if (scale < absxi)
                    {
                        ssq = 1.0 + ssq * (scale / absxi) * (scale / absxi);
                        scale = absxi;
                    }
                    else
                    {
                        ssq += (absxi / scale) * (absxi / scale);
                    }
                }
            }

            return scale * Math.Sqrt(ssq);
        }

        [Differentiable]
        public static double Asum(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Abs(x[i]); return s; }

        [Differentiable]
        public static double NormInf(double[] x) { double m = 0; for (int i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i])); return m; }

        [Differentiable]
        public static double NormP(double[] x, double p) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Pow(Math.Abs(x[i]), p); return Math.Pow(s, 1 / p); }

        [Differentiable]
        public static double CosineSimilarity(double[] a, double[] b) => Dot(a, b) / (Nrm2(a) * Nrm2(b));

        [Differentiable]
        public static double EuclideanDistance(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]); return Math.Sqrt(s); }

        [Differentiable]
        public static double ManhattanDistance(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += Math.Abs(a[i] - b[i]); return s; }

        [Differentiable]
        public static double MinkowskiDistance(double[] a, double[] b, double p) { double s = 0; for (int i = 0; i < a.Length; i++) s += Math.Pow(Math.Abs(a[i] - b[i]), p); return Math.Pow(s, 1 / p); }

        [Differentiable]
        public static double QuadraticForm(double[] x, [NoDerivative] double[] a)
        {
            int n = x.Length;
            double s = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) s += x[i] * a[i * n + j] * x[j];
            return s;
        }

        [Differentiable]
        public static double MatVecNorm(double[] m, double[] v)
        {
            int n = v.Length;
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                double r = 0;
                for (int j = 0; j < n; j++) r += m[(i * n + j) % m.Length] * v[j];
                s += r * r;
            }

            return Math.Sqrt(s);
        }

        [Differentiable]
        public static double Determinant2(double a, double b, double c, double d) => a * d - b * c;

        [Differentiable]
        public static double DeterminantLu(double[,] a)
        {
            int n = a.GetLength(0);
            var lu = (double[,])a.Clone();
            double det = 1.0;
            for (int k = 0; k < n; k++)
            {
                int p = k;
                for (int i = k + 1; i < n; i++) if (Math.Abs(lu[i, k]) > Math.Abs(lu[p, k])) p = i;
                if (p != k)
                {
                    for (int j = 0; j < n; j++) { double t = lu[k, j]; lu[k, j] = lu[p, j]; lu[p, j] = t; }
                    det = -det;
                }
                det *= lu[k, k];
                for (int i = k + 1; i < n; i++)
                {
                    double f = lu[i, k] / lu[k, k];
                    for (int j = k; j < n; j++) lu[i, j] -= f * lu[k, j];
                }
            }
            return det;
        }

        [Differentiable]
        public static double Determinant3Flat(double[] m)
        {
            Debug.Assert(m.Length == 9);
            return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        }

        [Differentiable]
        public static double TridiagonalSolveLast(double[] a, double[] b, double[] c, double[] d)
        {
            int n = d.Length;
            double[] cp = new double[n];
            double[] dp = new double[n];
            cp[0] = c[0] / b[0];
            dp[0] = d[0] / b[0];
            for (int i = 1; i < n; i++)
            {
                double m = b[i] - a[i] * cp[i - 1];
                cp[i] = c[i] / m;
                dp[i] = (d[i] - a[i] * dp[i - 1]) / m;
            }

            double x = dp[n - 1];
            double total = x;
            for (int i = n - 2; i >= 0; i--)
            {
                x = dp[i] - cp[i] * x;
                total += x;
            }

            return total;
        }

        [Differentiable]
        public static double CholeskyLogDet(double[] a, int n)
        {
            double[] l = new double[n * n];
            double logdet = 0;
            for (int j = 0; j < n; j++)
            {
                double s = a[j * n + j];
                for (int k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
                if (s <= 0) throw new InvalidOperationException("Matrix is not positive definite.");
                double d = Math.Sqrt(s);
                l[j * n + j] = d;
                logdet += 2 * Math.Log(d);
                for (int i = j + 1; i < n; i++)
                {
                    double t = a[i * n + j];
                    for (int k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
                    l[i * n + j] = t / d;
                }
            }

            return logdet;
        }

        [Differentiable]
        public static double PowerIterationEigen(double a, double b, double c, int iterations)
        {
            double x = 1, y = 1, lambda = 0;
            for (int i = 0; i < iterations; i++)
            {
                double nx = a * x + b * y, ny = b * x + c * y;
                double norm = Math.Sqrt(nx * nx + ny * ny);
                x = nx / norm;
                y = ny / norm;
                lambda = x * (a * x + b * y) + y * (b * x + c * y);
            }

            return lambda;
        }

        [Differentiable]
        public static double SymmetricEigenMax(double a, double b, double c)
        {
            double tr = a + c, det = a * c - b * b;
            return tr / 2 + Math.Sqrt(tr * tr / 4 - det);
        }

        [Differentiable]
        public static double ConditionNumber2x2(double a, double b, double c, double d)
        {
            double s1sq_plus_s2sq = a * a + b * b + c * c + d * d;
            double det = Math.Abs(a * d - b * c);
            double disc = Math.Sqrt(s1sq_plus_s2sq * s1sq_plus_s2sq - 4 * det * det);
            return Math.Sqrt((s1sq_plus_s2sq + disc) / (s1sq_plus_s2sq - disc));
        }

        [Differentiable]
        public static double JacobiIterationSum(double[] diag, double[] rhs, double off, int iterations)
        {
            int n = diag.Length;
            var x = new double[n];
            var next = new double[n];
            for (int it = 0; it < iterations; it++)
            {
                for (int i = 0; i < n; i++)
                {
                    double s = rhs[i];
                    if (i > 0) s -= off * x[i - 1];
                    if (i < n - 1) s -= off * x[i + 1];
                    next[i] = s / diag[i];
                }

                var tmp = x; x = next; next = tmp;
            }

            double total = 0;
            for (int i = 0; i < n; i++) total += x[i];
            return total;
        }

        [Differentiable]
        public static double TraceOfProduct(double[,] a, double[,] b)
        {
            double s = 0;
            int n = a.GetLength(0);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++) s += a[i, k] * b[k, i];
            return s;
        }

        [Differentiable]
        public static double JaggedSum(double[][] rows)
        {
            double s = 0;
            foreach (var row in rows)
                foreach (var v in row) s += v * v;
            return s;
        }

        [Differentiable]
        public static double SoftmaxEntropy(double[] logits)
        {
            double max = logits[0];
            for (int i = 1; i < logits.Length; i++) max = Math.Max(max, logits[i]);
            double z = 0;
            for (int i = 0; i < logits.Length; i++) z += Math.Exp(logits[i] - max);
            double h = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                double p = Math.Exp(logits[i] - max) / z;
                h -= p * Math.Log(p);
            }

            return h;
        }

        [Differentiable]
        public static double Softmax0(ReadOnlySpan<double> logits)
        {
            double max = logits[0];
            foreach (double v in logits) if (v > max) max = v;
            double z = 0;
            foreach (double v in logits) z += Math.Exp(v - max);
            return Math.Exp(logits[0] - max) / z;
        }

        [Differentiable]
        public static double LastElementPlusFirst(double[] v) => v[^1] + v[0];

        [Differentiable]
        public static double TailSum(double[] v)
        {
            double s = 0;
            foreach (var x in v.AsSpan(1)) s += x;
            return s;
        }

        [Differentiable]
        public static float DotF(float[] a, float[] b) { float s = 0f; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

        [Differentiable]
        public static float NormF(float[] a) => MathF.Sqrt(DotF(a, a));
    }

    public static partial class Series
    {
        [Differentiable] public static double ExpTaylor(double x, int terms) { double s = 1, t = 1; for (int n = 1; n < terms; n++) { t *= x / n; s += t; } return s; }
        [Differentiable] public static double SinTaylor(double x) { double s = 0, t = x; for (int n = 0; n < 20; n++) { s += t; t *= -x * x / ((2 * n + 2) * (2 * n + 3)); } return s; }
        [Differentiable] public static double AtanSeries(double x) { double s = 0, t = x; for (int n = 0; n < 200; n++) { s += t / (2 * n + 1); t *= -x * x; } return s; }
        [Differentiable] public static double GeometricSum(double r, int n) => r == 1 ? n : (1 - Math.Pow(r, n)) / (1 - r);
        [Differentiable] public static double HarmonicNumber(int n) { double s = 0; for (int k = 1; k <= n; k++) s += 1.0 / k; return s; }
        [Differentiable] public static double ContinuedFractionTan(double x) { double f = 0; for (int k = 20; k >= 1; k--) f = x * x / ((2 * k + 1) - f); return x / (1 - f); }
        [Differentiable] public static double AitkenLn2(int n)
        {
            double s0 = 0, s1 = 0, s2 = 0;
            for (int k = 1; k <= n + 2; k++)
            {
                s0 = s1; s1 = s2;
                s2 += (k % 2 == 1 ? 1.0 : -1.0) / k;
            }
            return s2 - (s2 - s1) * (s2 - s1) / ((s2 - s1) - (s1 - s0));
        }
        [Differentiable] public static double Fibonacci(int n) { (double a, double b) = (0, 1); for (int i = 0; i < n; i++) (a, b) = (b, a + b); return a; }
        [Differentiable] public static double AgMean(double a, double b)
        {
            for (int i = 0; i < 30; i++)
            {
                (a, b) = ((a + b) / 2, Math.Sqrt(a * b));
            }
            return a;
        }
        [Differentiable] public static double EllipticK(double k) => Math.PI / (2 * AgMean(1, Math.Sqrt(1 - k * k)));
        [Differentiable] public static double PolynomialValueAndSlope(double x, out double slope)
        {
            slope = 3 * x * x - 2;
            return x * x * x - 2 * x + 1;
        }
        [Differentiable] public static double UsesOutHelper(double x)
        {
            double v = PolynomialValueAndSlope(x, out double s);
            return v * s;
        }
        [Differentiable] public static double SumOfFunction(double a, double b)
        {
            Func<double, double> f = t => t * t;
            return f(a) + f(b);
        }
        [Differentiable] public static double LocalFunctionSum(double a, double b)
        {
            double Sq(double t) => t * t;
            return Sq(a) + Sq(b);
        }
        [Differentiable] public static double TryParseLike(double x)
        {
            try
            {
                return Math.Sqrt(x);
            }
            catch (ArithmeticException)
            {
                return 0;
            }
        }
        [Differentiable] public static double PatternClamp(double x) => x switch
        {
            < 0 => 0,
            > 1 => 1,
            _ => x,
        };
        [Differentiable] public static double IsPatternRange(double x) => x is > 0 and < 1 ? x * x : x;
        [Differentiable] public static double GotoLoop(double x)
        {
            int i = 0;
            double s = 0;
        again:
            s += x;
            if (++i < 3) goto again;
            return s;
        }
        [Differentiable] public static double Generic<T>(double x) => x * x;
        [Differentiable] public static double DoWhileHalving(double x)
        {
            double y = x;
            do { y *= 0.5; } while (y > 1);
            return y;
        }
    }
}
