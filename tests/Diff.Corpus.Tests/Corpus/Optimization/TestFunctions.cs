// DiffGen corpus — optimisation test functions, root finders and quadrature in the style of an optimisation library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Optimization
{
    public static partial class TestFunctions
    {
        [Differentiable] public static double Rosenbrock(double[] x)
        {
            double s = 0;
            for (int i = 0; i < x.Length - 1; i++) s += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
            return s;
        }
        [Differentiable] public static double Rosenbrock2(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        [Differentiable] public static double Sphere(double[] x) { double s = 0; foreach (var v in x) s += v * v; return s; }
        [Differentiable] public static double Rastrigin(double[] x)
        {
            double s = 10 * x.Length;
            for (int i = 0; i < x.Length; i++) s += x[i] * x[i] - 10 * Math.Cos(2 * Math.PI * x[i]);
            return s;
        }
        [Differentiable] public static double Ackley(double[] x)
        {
            double s1 = 0, s2 = 0;
            int n = x.Length;
            for (int i = 0; i < n; i++) { s1 += x[i] * x[i]; s2 += Math.Cos(2 * Math.PI * x[i]); }
            return -20 * Math.Exp(-0.2 * Math.Sqrt(s1 / n)) - Math.Exp(s2 / n) + 20 + Math.E;
        }
        [Differentiable] public static double Griewank(double[] x)
        {
            double s = 0, p = 1;
            for (int i = 0; i < x.Length; i++) { s += x[i] * x[i] / 4000; p *= Math.Cos(x[i] / Math.Sqrt(i + 1)); }
            return s - p + 1;
        }
        [Differentiable] public static double Schwefel(double[] x)
        {
            double s = 418.9829 * x.Length;
            for (int i = 0; i < x.Length; i++) s -= x[i] * Math.Sin(Math.Sqrt(Math.Abs(x[i])));
            return s;
        }
        [Differentiable] public static double Himmelblau(double x, double y) => Math.Pow(x * x + y - 11, 2) + Math.Pow(x + y * y - 7, 2);
        [Differentiable] public static double Booth(double x, double y) => Math.Pow(x + 2 * y - 7, 2) + Math.Pow(2 * x + y - 5, 2);
        [Differentiable] public static double Beale(double x, double y) => Math.Pow(1.5 - x + x * y, 2) + Math.Pow(2.25 - x + x * y * y, 2) + Math.Pow(2.625 - x + x * y * y * y, 2);
        [Differentiable] public static double GoldsteinPrice(double x, double y)
        {
            double a = 1 + Math.Pow(x + y + 1, 2) * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
            double b = 30 + Math.Pow(2 * x - 3 * y, 2) * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
            return a * b;
        }
        [Differentiable] public static double Matyas(double x, double y) => 0.26 * (x * x + y * y) - 0.48 * x * y;
        [Differentiable] public static double ThreeHumpCamel(double x, double y) => 2 * x * x - 1.05 * Math.Pow(x, 4) + Math.Pow(x, 6) / 6 + x * y + y * y;
        [Differentiable] public static double Easom(double x, double y) => -Math.Cos(x) * Math.Cos(y) * Math.Exp(-((x - Math.PI) * (x - Math.PI) + (y - Math.PI) * (y - Math.PI)));
        [Differentiable] public static double StyblinskiTang(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Pow(x[i], 4) - 16 * x[i] * x[i] + 5 * x[i]; return s / 2; }
        [Differentiable] public static double Levy(double[] x)
        {
            int n = x.Length;
            double w0 = 1 + (x[0] - 1) / 4, wn = 1 + (x[n - 1] - 1) / 4;
            double s = Math.Pow(Math.Sin(Math.PI * w0), 2);
            for (int i = 0; i < n - 1; i++)
            {
                double w = 1 + (x[i] - 1) / 4;
                s += (w - 1) * (w - 1) * (1 + 10 * Math.Pow(Math.Sin(Math.PI * w + 1), 2));
            }
            return s + (wn - 1) * (wn - 1) * (1 + Math.Pow(Math.Sin(2 * Math.PI * wn), 2));
        }
        [Differentiable] public static double DixonPrice(double[] x)
        {
            double s = (x[0] - 1) * (x[0] - 1);
            for (int i = 1; i < x.Length; i++) s += (i + 1) * Math.Pow(2 * x[i] * x[i] - x[i - 1], 2);
            return s;
        }
        [Differentiable] public static double Zakharov(double[] x)
        {
            double s1 = 0, s2 = 0;
            for (int i = 0; i < x.Length; i++) { s1 += x[i] * x[i]; s2 += 0.5 * (i + 1) * x[i]; }
            return s1 + s2 * s2 + Math.Pow(s2, 4);
        }
        [Differentiable] public static double Trid(double[] x)
        {
            double s1 = 0, s2 = 0;
            for (int i = 0; i < x.Length; i++) s1 += (x[i] - 1) * (x[i] - 1);
            for (int i = 1; i < x.Length; i++) s2 += x[i] * x[i - 1];
            return s1 - s2;
        }
        [Differentiable] public static double LeastSquares(double[] p, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
        {
            double s = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                double r = p[0] + p[1] * xs[i] + p[2] * xs[i] * xs[i] - ys[i];
                s += r * r;
            }
            return s;
        }
        [Differentiable] public static double LogisticLoss(double[] w, [NoDerivative] double[] x, [NoDerivative] double[] y)
        {
            double loss = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double z = w[0] + w[1] * x[i];
                loss += Math.Log(1 + Math.Exp(-y[i] * z));
            }
            return loss / x.Length;
        }
        [Differentiable] public static double Barrier(double x, double mu) => -mu * Math.Log(x) - mu * Math.Log(1 - x);
        [Differentiable] public static double AugmentedLagrangian(double x, double y, double lambda, double rho)
        {
            double c = x + y - 1;
            return x * x + 2 * y * y + lambda * c + 0.5 * rho * c * c;
        }
    }

    public static partial class Solvers
    {
        [Differentiable]
        public static double NewtonSqrt(double a)
        {
            if (a < 0) throw new ArgumentOutOfRangeException(nameof(a));
            double x = a > 1 ? a : 1.0;
            for (int i = 0; i < 60; i++)
            {
                double next = 0.5 * (x + a / x);
                if (Math.Abs(next - x) < 1e-15 * x) return next;
                x = next;
            }
            return x;
        }

        [Differentiable]
        public static double Bisection(double c, double lo, double hi)
        {
            for (int i = 0; i < 100; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (mid * mid * mid - c > 0) hi = mid; else lo = mid;
            }
            return 0.5 * (lo + hi);
        }

        [Differentiable]
        public static double Secant(double c, double x0, double x1)
        {
            double f0 = Math.Cos(x0) - c * x0, f1 = Math.Cos(x1) - c * x1;
            for (int i = 0; i < 50 && Math.Abs(f1) > 1e-15; i++)
            {
                double x2 = x1 - f1 * (x1 - x0) / (f1 - f0);
                x0 = x1; f0 = f1;
                x1 = x2; f1 = Math.Cos(x1) - c * x1;
            }
            return x1;
        }

        [Differentiable]
        public static double FixedPointCos(double x0)
        {
            double x = x0;
            for (int i = 0; i < 200; i++) x = Math.Cos(x);
            return x;
        }

        [Differentiable]
        public static double Halley(double a)
        {
            double x = a / 3 + 1;
            for (int i = 0; i < 30; i++)
            {
                double f = x * x * x - a, df = 3 * x * x, d2f = 6 * x;
                x -= 2 * f * df / (2 * df * df - f * d2f);
            }
            return x;
        }

        [Differentiable]
        public static double GoldenSectionMin(double a, double b, double shift)
        {
            const double gr = 0.6180339887498949;
            double c = b - gr * (b - a), d = a + gr * (b - a);
            for (int i = 0; i < 80; i++)
            {
                if ((c - shift) * (c - shift) < (d - shift) * (d - shift)) b = d; else a = c;
                c = b - gr * (b - a);
                d = a + gr * (b - a);
            }
            return (b + a) / 2;
        }

        [Differentiable]
        public static double GradientDescentQuadratic(double a, double b, double lr, int steps)
        {
            double x = 0;
            for (int i = 0; i < steps; i++) x -= lr * (2 * a * x - b);
            return x;
        }
    }

    public static partial class Quadrature
    {
        private static readonly double[] GaussLegendre5Nodes = { -0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640 };
        private static readonly double[] GaussLegendre5Weights = { 0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891 };

        [Differentiable]
        public static double GaussLegendreExp(double a, double b)
        {
            double half = 0.5 * (b - a), mid = 0.5 * (a + b), s = 0;
            for (int i = 0; i < 5; i++) s += GaussLegendre5Weights[i] * Math.Exp(mid + half * GaussLegendre5Nodes[i]);
            return half * s;
        }

        [Differentiable]
        public static double TrapezoidSin(double a, double b, int n)
        {
            double h = (b - a) / n, s = 0.5 * (Math.Sin(a) + Math.Sin(b));
            for (int i = 1; i < n; i++) s += Math.Sin(a + i * h);
            return s * h;
        }

        [Differentiable]
        public static double SimpsonGaussian(double a, double b, double sigma)
        {
            const int n = 64;
            double h = (b - a) / n;
            double s = Math.Exp(-a * a / (2 * sigma * sigma)) + Math.Exp(-b * b / (2 * sigma * sigma));
            for (int i = 1; i < n; i++)
            {
                double x = a + i * h;
                s += (i % 2 == 0 ? 2 : 4) * Math.Exp(-x * x / (2 * sigma * sigma));
            }
            return s * h / 3;
        }

        [Differentiable]
        public static double TrapezoidSamples(double[] y, double dx)
        {
            double s = 0;
            for (int i = 1; i < y.Length; i++) s += 0.5 * (y[i] + y[i - 1]) * dx;
            return s;
        }

        [Differentiable]
        public static double SimpsonSamples(double[] y, double dx)
        {
            double s = y[0] + y[y.Length - 1];
            for (int i = 1; i < y.Length - 1; i++) s += (i % 2 == 1 ? 4 : 2) * y[i];
            return s * dx / 3;
        }

        [Differentiable]
        public static double RombergLog(double a, double b)
        {
            double[,] r = new double[6, 6];
            double h = b - a;
            r[0, 0] = 0.5 * h * (Math.Log(a) + Math.Log(b));
            for (int i = 1; i < 6; i++)
            {
                h /= 2;
                double s = 0;
                for (int k = 1; k < (1 << i); k += 2) s += Math.Log(a + k * h);
                r[i, 0] = 0.5 * r[i - 1, 0] + h * s;
                for (int j = 1; j <= i; j++) r[i, j] = r[i, j - 1] + (r[i, j - 1] - r[i - 1, j - 1]) / (Math.Pow(4, j) - 1);
            }
            return r[5, 5];
        }

        [Differentiable]
        public static double MidpointArcLength(double a, double b, double k)
        {
            const int n = 100;
            double h = (b - a) / n, s = 0;
            for (int i = 0; i < n; i++)
            {
                double x = a + (i + 0.5) * h;
                double dy = k * Math.Cos(k * x);
                s += Math.Sqrt(1 + dy * dy);
            }
            return s * h;
        }
    }
}
