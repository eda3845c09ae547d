// DiffGen corpus — error function family written in the style of a numerics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.SpecialFunctions
{
    public static partial class ErrorFunction
    {
        private const double TwoOverSqrtPi = 1.1283791670955126;
        private const double SqrtTwo = 1.4142135623730951;

        // Rational approximation coefficients for erf on [0, 0.5] and erfc beyond (Hart-style tables).
        private static readonly double[] P = { 3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1 };
        private static readonly double[] Q = { 2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03 };
        private static readonly double[] ErfcP = { 5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8 };
        private static readonly double[] ErfcQ = { 1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03 };

        [Differentiable]
        public static double Polevl(double x, double[] coef, int n)
        {
            double ans = coef[0];
            for (int i = 1; i <= n; i++)
            {
                ans = ans * x + coef[i];
            }

            return ans;
        }

        [Differentiable]
        public static double P1evl(double x, double[] coef, int n)
        {
            double ans = x + coef[0];
            for (int i = 1; i < n; i++)
            {
                ans = ans * x + coef[i];
            }

            return ans;
        }

        [Differentiable]
        public static double ErfSmall(double x)
        {
            double z = x * x;
            double num = P[4] * z;
            double den = z;
            for (int i = 0; i < 3; i++)
            {
                num = (num + P[i]) * z;
                den = (den + Q[i]) * z;
            }

            return x * (num + P[3]) / (den + Q[3]);
        }

        [Differentiable]
        public static double ErfcMid(double x)
        {
            double num = ErfcP[8] * x;
            double den = x;
            for (int i = 0; i < 7; i++)
            {
                num = (num + ErfcP[i]) * x;
                den = (den + ErfcQ[i]) * x;
            }

            double r = (num + ErfcP[7]) / (den + ErfcQ[7]);
            return Math.Exp(-x * x) * r;
        }

        [Differentiable]
        public static double Erf(double x)
        {
            if (double.IsNaN(x))
            {
                return double.NaN;
            }

            double ax = Math.Abs(x);
            if (ax <= 0.5)
            {
                return ErfSmall(x);
            }

            if (ax < 6.0)
            {
                double r = 1.0 - ErfcMid(ax);
                return x < 0 ? -r : r;
            }

            return x < 0 ? -1.0 : 1.0;
        }

        [Differentiable]
        public static double Erfc(double x)
        {
            if (x < 0.5)
            {
                return 1.0 - Erf(x);
            }

            if (x < 26.0)
            {
                return ErfcMid(x);
            }

            return 0.0;
        }

        [Differentiable]
        public static double ErfSeries(double x)
        {
            double sum = x;
            double term = x;
            double x2 = x * x;
            for (int n = 1; n < 60; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return TwoOverSqrtPi * sum;
        }

        [Differentiable]
        public static double ErfAbramowitzStegun(double x)
        {
            double sign = x < 0 ? -1.0 : 1.0;
            x = Math.Abs(x);
            const double a1 = 0.254829592, a2 = -0.284496736, a3 = 1.421413741, a4 = -1.453152027, a5 = 1.061405429, p = 0.3275911;
            double t = 1.0 / (1.0 + p * x);
            double y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * Math.Exp(-x * x);
            return sign * y;
        }

        [Differentiable]
        public static double ErfcScaled(double x)
        {
            return Math.Exp(x * x) * Erfc(x);
        }

        [Differentiable]
        public static double NormalCdf(double x)
        {
            return 0.5 * Erfc(-x / SqrtTwo);
        }

        [Differentiable]
        public static double NormalCdfPolevl(double x)
        {
            double z = Math.Abs(x) / SqrtTwo;
            double y = z < 0.5 ? 0.5 + 0.5 * ErfSmall(z) : 1.0 - 0.5 * Math.Exp(-z * z) * Polevl(z, ErfcP, 8) / P1evl(z, ErfcQ, 8);
            return x < 0 ? 1.0 - y : y;
        }

        [Differentiable]
        public static double Dawson(double x)
        {
            const double a1 = 2.0 / 3.0, a2 = 0.4, a3 = 2.0 / 7.0;
            double xx = Math.Abs(x);
            if (xx < 0.2)
            {
                double x2 = x * x;
                return x * (1.0 - a1 * x2 * (1.0 - a2 * x2 * (1.0 - a3 * x2)));
            }

            const int steps = 200;
            double dt = xx / steps;
            double integral = 1.0 + Math.Exp(xx * xx);
            for (int i = 1; i < steps; i++)
            {
                double t = i * dt;
                integral += (i % 2 == 1 ? 4.0 : 2.0) * Math.Exp(t * t);
            }

            double d = Math.Exp(-xx * xx) * integral * dt / 3.0;
            return x < 0 ? -d : d;
        }

        [Differentiable]
        public static double InverseErfApprox(double y)
        {
            if (y <= -1.0 || y >= 1.0)
            {
                throw new ArgumentOutOfRangeException(nameof(y));
            }

            const double a = 0.147;
            double ln = Math.Log(1.0 - y * y);
            double t = 2.0 / (Math.PI * a) + ln / 2.0;
            double r = Math.Sqrt(Math.Sqrt(t * t - ln / a) - t);
            return y < 0 ? -r : r;
        }

        [Differentiable]
        public static double FresnelCApprox(double x)
        {
            double sum = 0.0;
            double term = x;
            double x4 = Math.Pow(Math.PI / 2.0 * x * x, 2);
            for (int n = 0; n < 30; n++)
            {
                sum += term / (4 * n + 1);
                term *= -x4 / ((2 * n + 1) * (2 * n + 2));
            }

            return sum;
        }

        [Differentiable]
        public static double FresnelSApprox(double x)
        {
            double z = Math.PI / 2.0 * x * x;
            double sum = 0.0;
            double term = x * z;
            double z2 = z * z;
            for (int n = 0; n < 30; n++)
            {
                sum += term / (4 * n + 3);
                term *= -z2 / ((2 * n + 2) * (2 * n + 3));
            }

            return sum;
        }

        [Differentiable]
        public static float ErfF(float x)
        {
            float t = 1.0f / (1.0f + 0.5f * MathF.Abs(x));
            float tau = t * MathF.Exp(-x * x - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f + t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f)))))))));
            return x >= 0 ? 1.0f - tau : tau - 1.0f;
        }
    }
}
