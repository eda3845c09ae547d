// DiffGen corpus — Bessel and related functions written in the style of a numerics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.SpecialFunctions
{
    public static partial class Bessel
    {
        [Differentiable]
        public static double J0(double x)
        {
            double ax = Math.Abs(x);
            if (ax < 8.0)
            {
                double y = x * x;
                double ans1 = 57568490574.0 + y * (-13362590354.0 + y * (651619640.7 + y * (-11214424.18 + y * (77392.33017 + y * (-184.9052456)))));
                double ans2 = 57568490411.0 + y * (1029532985.0 + y * (9494680.718 + y * (59272.64853 + y * (267.8532712 + y * 1.0))));
                return ans1 / ans2;
            }
            else
            {
                double z = 8.0 / ax;
                double y = z * z;
                double xx = ax - 0.785398164;
                double ans1 = 1.0 + y * (-0.1098628627e-2 + y * (0.2734510407e-4 + y * (-0.2073370639e-5 + y * 0.2093887211e-6)));
                double ans2 = -0.1562499995e-1 + y * (0.1430488765e-3 + y * (-0.6911147651e-5 + y * (0.7621095161e-6 - y * 0.934935152e-7)));
                return Math.Sqrt(0.636619772 / ax) * (Math.Cos(xx) * ans1 - z * Math.Sin(xx) * ans2);
            }
        }

        [Differentiable]
        public static double J1(double x)
        {
            double ax = Math.Abs(x);
            if (ax < 8.0)
            {
                double y = x * x;
                double ans1 = x * (72362614232.0 + y * (-7895059235.0 + y * (242396853.1 + y * (-2972611.439 + y * (15704.48260 + y * (-30.16036606))))));
                double ans2 = 144725228442.0 + y * (2300535178.0 + y * (18583304.74 + y * (99447.43394 + y * (376.9991397 + y * 1.0))));
                return ans1 / ans2;
            }
            else
            {
                double z = 8.0 / ax;
                double y = z * z;
                double xx = ax - 2.356194491;
                double ans1 = 1.0 + y * (0.183105e-2 + y * (-0.3516396496e-4 + y * (0.2457520174e-5 + y * (-0.240337019e-6))));
                double ans2 = 0.04687499995 + y * (-0.2002690873e-3 + y * (0.8449199096e-5 + y * (-0.88228987e-6 + y * 0.105787412e-6)));
                double ans = Math.Sqrt(0.636619772 / ax) * (Math.Cos(xx) * ans1 - z * Math.Sin(xx) * ans2);
                return x < 0.0 ? -ans : ans;
            }
        }

        [Differentiable]
        public static double Jn(int n, double x)
        {
            if (n < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(n));
            }

            if (n == 0) return J0(x);
            if (n == 1) return J1(x);
            if (x == 0.0) return 0.0;

            double tox = 2.0 / x;
            double bjm = J0(x);
            double bj = J1(x);
            for (int j = 1; j < n; j++)
            {
                double bjp = j * tox * bj - bjm;
                bjm = bj;
                bj = bjp;
            }

            return bj;
        }

        [Differentiable]
        public static double JnSeries(int n, double x)
        {
            double sum = 0.0;
            double half = 0.5 * x;
            for (int k = 0; k < 40; k++)
            {
                double term = Math.Pow(-1.0, k) * Math.Pow(half, 2 * k + n) / (Fact(k) * Fact(k + n));
                sum += term;
            }

            return sum;
        }

        [Differentiable]
        public static double Fact(int k)
        {
            double f = 1.0;
            for (int i = 2; i <= k; i++) f *= i;
            return f;
        }

        [Differentiable]
        public static double Y0(double x)
        {
            if (x < 8.0)
            {
                double y = x * x;
                double ans1 = -2957821389.0 + y * (7062834065.0 + y * (-512359803.6 + y * (10879881.29 + y * (-86327.92757 + y * 228.4622733))));
                double ans2 = 40076544269.0 + y * (745249964.8 + y * (7189466.438 + y * (47447.26470 + y * (226.1030244 + y * 1.0))));
                return (ans1 / ans2) + 0.636619772 * J0(x) * Math.Log(x);
            }
            else
            {
                double z = 8.0 / x;
                double y = z * z;
                double xx = x - 0.785398164;
                double ans1 = 1.0 + y * (-0.1098628627e-2 + y * (0.2734510407e-4 + y * (-0.2073370639e-5 + y * 0.2093887211e-6)));
                double ans2 = -0.1562499995e-1 + y * (0.1430488765e-3 + y * (-0.6911147651e-5 + y * (0.7621095161e-6 + y * (-0.934945152e-7))));
                return Math.Sqrt(0.636619772 / x) * (Math.Sin(xx) * ans1 + z * Math.Cos(xx) * ans2);
            }
        }

        [Differentiable]
        public static double I0(double x)
        {
            double ax = Math.Abs(x);
            if (ax < 3.75)
            {
                double y = x / 3.75;
                y *= y;
                return 1.0 + y * (3.5156229 + y * (3.0899424 + y * (1.2067492 + y * (0.2659732 + y * (0.360768e-1 + y * 0.45813e-2)))));
            }

            double t = 3.75 / ax;
            return (Math.Exp(ax) / Math.Sqrt(ax)) * (0.39894228 + t * (0.1328592e-1 + t * (0.225319e-2 + t * (-0.157565e-2 + t * (0.916281e-2 + t * (-0.2057706e-1 + t * (0.2635537e-1 + t * (-0.1647633e-1 + t * 0.392377e-2))))))));
        }

        [Differentiable]
        public static double I1(double x)
        {
            double ax = Math.Abs(x);
            double ans;
            if (ax < 3.75)
            {
                double y = x / 3.75;
                y *= y;
                ans = ax * (0.5 + y * (0.87890594 + y * (0.51498869 + y * (0.15084934 + y * (0.2658733e-1 + y * (0.301532e-2 + y * 0.32411e-3))))));
            }
            else
            {
                double t = 3.75 / ax;
                ans = 0.2282967e-1 + t * (-0.2895312e-1 + t * (0.1787654e-1 - t * 0.420059e-2));
                ans = 0.39894228 + t * (-0.3988024e-1 + t * (-0.362018e-2 + t * (0.163801e-2 + t * (-0.1031555e-1 + t * ans))));
                ans *= Math.Exp(ax) / Math.Sqrt(ax);
            }

            return x < 0.0 ? -ans : ans;
        }

        [Differentiable]
        public static double K0(double x)
        {
            if (x <= 0.0)
            {
                throw new ArgumentOutOfRangeException(nameof(x));
            }

            if (x <= 2.0)
            {
                double y = x * x / 4.0;
                return (-Math.Log(x / 2.0) * I0(x)) + (-0.57721566 + y * (0.42278420 + y * (0.23069756 + y * (0.3488590e-1 + y * (0.262698e-2 + y * (0.10750e-3 + y * 0.74e-5))))));
            }

            double t = 2.0 / x;
            return (Math.Exp(-x) / Math.Sqrt(x)) * (1.25331414 + t * (-0.7832358e-1 + t * (0.2189568e-1 + t * (-0.1062446e-1 + t * (0.587872e-2 + t * (-0.251540e-2 + t * 0.53208e-3))))));
        }

        [Differentiable]
        public static double SphericalJ0(double x) => x == 0.0 ? 1.0 : Math.Sin(x) / x;

        [Differentiable]
        public static double SphericalJ1(double x) => Math.Sin(x) / (x * x) - Math.Cos(x) / x;

        [Differentiable]
        public static double SphericalY0(double x) => -Math.Cos(x) / x;

        [Differentiable]
        public static double Airy(double x)
        {
            // Maclaurin series of Ai(x).
            const double c1 = 0.355028053887817239, c2 = 0.258819403792806798;
            double f = 1.0, g = x, sum_f = 1.0, sum_g = x;
            double x3 = x * x * x;
            for (int k = 1; k < 40; k++)
            {
                f *= x3 / ((3 * k - 1) * (3 * k));
                g *= x3 / ((3 * k) * (3 * k + 1));
                sum_f += f;
                sum_g += g;
            }

            return c1 * sum_f - c2 * sum_g;
        }

        [Differentiable]
        public static double StruveH0Approx(double x)
        {
            return 2.0 / Math.PI - J0(x) + (16.0 / Math.PI - 5.0) * Math.Sin(x) / x + (12.0 - 36.0 / Math.PI) * (1.0 - Math.Cos(x)) / (x * x);
        }
    }
}
