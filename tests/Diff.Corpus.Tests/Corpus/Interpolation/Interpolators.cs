// DiffGen corpus — interpolation and curves written in the style of a numerics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Interpolation
{
    public static partial class Interpolators
    {
        [Differentiable]
        public static double Linear(double x0, double y0, double x1, double y1, double x)
        {
            if (x1 == x0) throw new ArgumentException("x0 and x1 must differ.");
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }

        [Differentiable]
        public static double PiecewiseLinear(double[] xs, double[] ys, double x)
        {
            if (x <= xs[0]) return ys[0];
            for (int i = 1; i < xs.Length; i++)
            {
                if (x <= xs[i])
                {
                    double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                    return ys[i - 1] + t * (ys[i] - ys[i - 1]);
                }
            }

            return ys[ys.Length - 1];
        }

        [Differentiable]
        public static double Lagrange(double[] xs, double[] ys, double x)
        {
            double result = 0.0;
            for (int i = 0; i < xs.Length; i++)
            {
                double term = ys[i];
                for (int j = 0; j < xs.Length; j++)
                {
                    if (j != i) term *= (x - xs[j]) / (xs[i] - xs[j]);
                }

                result += term;
            }

            return result;
        }

        [Differentiable]
        public static double Neville(double[] xs, double[] ys, double x)
        {
            int n = xs.Length;
            double[] p = new double[n];
            for (int i = 0; i < n; i++) p[i] = ys[i];
            for (int k = 1; k < n; k++)
            {
                for (int i = 0; i < n - k; i++)
                {
                    p[i] = ((x - xs[i + k]) * p[i] + (xs[i] - x) * p[i + 1]) / (xs[i] - xs[i + k]);
                }
            }

            return p[0];
        }

        [Differentiable]
        public static double Barycentric(double[] xs, double[] ys, double[] w, double x)
        {
            double num = 0, den = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double d = x - xs[i];
                if (d == 0.0) return ys[i];
                double t = w[i] / d;
                num += t * ys[i];
                den += t;
            }

            return num / den;
        }

        [Differentiable]
        public static double CubicHermite(double p0, double m0, double p1, double m1, double t)
        {
            double t2 = t * t, t3 = t2 * t;
            return (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1;
        }

        [Differentiable]
        public static double CatmullRom(double p0, double p1, double p2, double p3, double t)
        {
            double t2 = t * t, t3 = t2 * t;
            return 0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
        }

        [Differentiable]
        public static double Bezier3(double p0, double p1, double p2, double p3, double t)
        {
            double u = 1 - t;
            return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
        }

        [Differentiable]
        public static double DeCasteljau(double[] control, double t)
        {
            double[] work = new double[control.Length];
            Array.Copy(control, work, control.Length);
            for (int r = 1; r < work.Length; r++)
            {
                for (int i = 0; i < work.Length - r; i++) work[i] = (1 - t) * work[i] + t * work[i + 1];
            }

            return work[0];
        }

        [Differentiable]
        public static double BernsteinBasis(int i, int n, double t)
        {
            double c = 1.0;
            for (int k = 1; k <= i; k++) c = c * (n - i + k) / k;
            return c * Math.Pow(t, i) * Math.Pow(1 - t, n - i);
        }

        [Differentiable]
        public static double BSplineBasis(int i, int k, double t, double[] knots)
        {
            if (k == 0) return knots[i] <= t && t < knots[i + 1] ? 1.0 : 0.0;
            double a = knots[i + k] == knots[i] ? 0.0 : (t - knots[i]) / (knots[i + k] - knots[i]) * BSplineBasis(i, k - 1, t, knots);
            double b = knots[i + k + 1] == knots[i + 1] ? 0.0 : (knots[i + k + 1] - t) / (knots[i + k + 1] - knots[i + 1]) * BSplineBasis(i + 1, k - 1, t, knots);
            return a + b;
        }

        [Differentiable]
        public static double Bilinear(double q11, double q21, double q12, double q22, double x, double y)
        {
            return q11 * (1 - x) * (1 - y) + q21 * x * (1 - y) + q12 * (1 - x) * y + q22 * x * y;
        }

        [Differentiable]
        public static double Trilinear(double[] c, double x, double y, double z)
        {
            double c00 = c[0] * (1 - x) + c[1] * x;
            double c01 = c[2] * (1 - x) + c[3] * x;
            double c10 = c[4] * (1 - x) + c[0] * x;
            double c11 = c[1] * (1 - x) + c[2] * x;
            double c0 = c00 * (1 - y) + c10 * y;
            double c1 = c01 * (1 - y) + c11 * y;
            return c0 * (1 - z) + c1 * z;
        }

        [Differentiable]
        public static double NaturalCubicSpline(double[] xs, double[] ys, double x)
        {
            int n = xs.Length;
            double[] h = new double[n - 1];
            double[] alpha = new double[n];
            double[] l = new double[n];
            double[] mu = new double[n];
            double[] z = new double[n];
            double[] c = new double[n];
            for (int i = 0; i < n - 1; i++) h[i] = xs[i + 1] - xs[i];
            for (int i = 1; i < n - 1; i++) alpha[i] = 3 / h[i] * (ys[i + 1] - ys[i]) - 3 / h[i - 1] * (ys[i] - ys[i - 1]);
            l[0] = 1;
            for (int i = 1; i < n - 1; i++)
            {
                l[i] = 2 * (xs[i + 1] - xs[i - 1]) - h[i - 1] * mu[i - 1];
                mu[i] = h[i] / l[i];
                z[i] = (alpha[i] - h[i - 1] * z[i - 1]) / l[i];
            }

            l[n - 1] = 1;
            for (int j = n - 2; j >= 0; j--) c[j] = z[j] - mu[j] * c[j + 1];
            int k = 0;
            while (k < n - 2 && x > xs[k + 1]) k++;
            double b = (ys[k + 1] - ys[k]) / h[k] - h[k] * (c[k + 1] + 2 * c[k]) / 3;
            double d = (c[k + 1] - c[k]) / (3 * h[k]);
            double dx = x - xs[k];
            return ys[k] + b * dx + c[k] * dx * dx + d * dx * dx * dx;
        }

        [Differentiable]
        public static double InverseDistanceWeighting(double[] xs, double[] values, double x, double power)
        {
            double num = 0, den = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double d = Math.Abs(x - xs[i]);
                if (d < 1e-12) return values[i];
                double w = 1.0 / Math.Pow(d, power);
                num += w * values[i];
                den += w;
            }

            return num / den;
        }

        [Differentiable]
        public static double Cosine(double y0, double y1, double t)
        {
            double t2 = (1 - Math.Cos(t * Math.PI)) / 2;
            return y0 * (1 - t2) + y1 * t2;
        }

        [Differentiable]
        public static double RationalFunction(double[] p, double[] q, double x)
        {
            double num = 0, den = 0;
            for (int i = p.Length - 1; i >= 0; i--) num = num * x + p[i];
            for (int i = q.Length - 1; i >= 0; i--) den = den * x + q[i];
            return num / den;
        }

        [Differentiable]
        public static double Horner(double[] coefficients, double x)
        {
            double result = 0.0;
            for (int i = coefficients.Length - 1; i >= 0; i--) result = result * x + coefficients[i];
            return result;
        }

        [Differentiable]
        public static double HornerDerivative(double[] coefficients, double x)
        {
            double p = 0.0, dp = 0.0;
            for (int i = coefficients.Length - 1; i >= 0; i--)
            {
                dp = dp * x + p;
                p = p * x + coefficients[i];
            }

            return dp;
        }

        [Differentiable]
        public static double Chebyshev(double[] c, double x)
        {
            double b0 = 0, b1 = 0, b2 = 0;
            double x2 = 2 * x;
            for (int i = c.Length - 1; i >= 0; i--)
            {
                b2 = b1;
                b1 = b0;
                b0 = x2 * b1 - b2 + c[i];
            }

            return 0.5 * (b0 - b2);
        }

        [Differentiable]
        public static double ChebyshevT(int n, double x)
        {
            if (n == 0) return 1.0;
            double t0 = 1.0, t1 = x;
            for (int k = 1; k < n; k++)
            {
                double t2 = 2 * x * t1 - t0;
                t0 = t1;
                t1 = t2;
            }

            return t1;
        }

        [Differentiable]
        public static double Legendre(int n, double x)
        {
            double p0 = 1.0, p1 = x;
            if (n == 0) return p0;
            for (int k = 2; k <= n; k++)
            {
                double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }

            return p1;
        }

        [Differentiable]
        public static double Hermite(int n, double x)
        {
            double h0 = 1.0, h1 = 2 * x;
            if (n == 0) return h0;
            for (int k = 1; k < n; k++)
            {
                double h2 = 2 * x * h1 - 2 * k * h0;
                h0 = h1;
                h1 = h2;
            }

            return h1;
        }

        [Differentiable]
        public static double Laguerre(int n, double x)
        {
            double l0 = 1.0, l1 = 1.0 - x;
            if (n == 0) return l0;
            for (int k = 1; k < n; k++)
            {
                double l2 = ((2 * k + 1 - x) * l1 - k * l0) / (k + 1);
                l0 = l1;
                l1 = l2;
            }

            return l1;
        }

        [Differentiable]
        public static double LegendreRecursive(int n, double x)
        {
            if (n == 0) return 1.0;
            if (n == 1) return x;
            return ((2 * n - 1) * x * LegendreRecursive(n - 1, x) - (n - 1) * LegendreRecursive(n - 2, x)) / n;
        }

        [Differentiable]
        public static double Gaussian2D(double x, double y, double sx, double sy)
            => Math.Exp(-(x * x / (2 * sx * sx) + y * y / (2 * sy * sy)));

        [Differentiable]
        public static double ThinPlateKernel(double r) => r == 0 ? 0 : r * r * Math.Log(r);

        [Differentiable]
        public static double MultiquadricKernel(double r, double eps) => Math.Sqrt(1 + (eps * r) * (eps * r));

        [Differentiable]
        public static double RbfInterpolate(double[] centers, double[] weights, double x, double eps)
        {
            double s = 0;
            for (int i = 0; i < centers.Length; i++)
            {
                double r = x - centers[i];
                s += weights[i] * Math.Exp(-(eps * r) * (eps * r));
            }

            return s;
        }

        [Differentiable]
        public static float LerpF(float a, float b, float t) => a + (b - a) * t;

        [Differentiable]
        public static float InverseLerpF(float a, float b, float v) => (v - a) / (b - a);

        [Differentiable]
        public static float RemapF(float v, float inMin, float inMax, float outMin, float outMax) => outMin + (v - inMin) * (outMax - outMin) / (inMax - inMin);
    }
}
