// DiffGen corpus — gamma-function family written in the style of a numerics library (see ../../NOTICE.md).
using System;
using System.Diagnostics;
using DiffGen;

namespace Corpus.SpecialFunctions
{
    /// <summary>Gamma, log-gamma, digamma and incomplete gamma/beta functions.</summary>
    public static partial class GammaFunctions
    {
        private const double LogSqrt2Pi = 0.91893853320467274178032973640562;
        private const double Epsilon = 1e-15;
        private const int MaxIterations = 500;

        private static readonly double[] LanczosCoefficients =
        {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        };

        private static readonly double[] StirlingCoefficients =
        {
            1.0 / 12.0, -1.0 / 360.0, 1.0 / 1260.0, -1.0 / 1680.0, 1.0 / 1188.0,
        };

        [Differentiable]
        public static double Gamma(double x)
        {
            if (x < 0.5)
            {
                return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1.0 - x));
            }

            x -= 1.0;
            double a = LanczosCoefficients[0];
            double t = x + 7.5;
            for (int i = 1; i < 9; i++)
            {
                a += LanczosCoefficients[i] / (x + i);
            }

            return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x + 0.5) * Math.Exp(-t) * a;
        }

        [Differentiable]
        public static double LanczosSum(double x)
        {
            double a = LanczosCoefficients[0];
            for (int i = 1; i < LanczosCoefficients.Length; i++)
            {
                a += LanczosCoefficients[i] / (x + i);
            }

            return a;
        }

        [Differentiable]
        public static double LogGamma(double x)
        {
            if (x <= 0.0)
            {
                throw new ArgumentOutOfRangeException(nameof(x), "LogGamma is defined for positive arguments.");
            }

            if (x < 7.0)
            {
                double shift = 1.0;
                while (x < 7.0)
                {
                    shift *= x;
                    x += 1.0;
                }

                return LogGammaStirling(x) - Math.Log(shift);
            }

            return LogGammaStirling(x);
        }

        [Differentiable]
        public static double LogGammaStirling(double x)
        {
            double inv = 1.0 / x;
            double inv2 = inv * inv;
            double series = StirlingCoefficients[4];
            for (int i = 3; i >= 0; i--)
            {
                series = series * inv2 + StirlingCoefficients[i];
            }

            return (x - 0.5) * Math.Log(x) - x + LogSqrt2Pi + series * inv;
        }

        [Differentiable]
        public static double Digamma(double x)
        {
            double result = 0.0;
            if (x <= 0.0 && Math.Floor(x) == x)
            {
                return double.NaN;
            }

            if (x < 0.0)
            {
                return Digamma(1.0 - x) - Math.PI / Math.Tan(Math.PI * x);
            }

            while (x < 6.0)
            {
                result -= 1.0 / x;
                x += 1.0;
            }

            double f = 1.0 / (x * x);
            double t = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132)))));
            return result + Math.Log(x) - 0.5 / x + t;
        }

        [Differentiable]
        public static double Trigamma(double x)
        {
            double result = 0.0;
            while (x < 6.0)
            {
                result += 1.0 / (x * x);
                x += 1.0;
            }

            double y = 1.0 / (x * x);
            result += 0.5 * y + (1.0 + y * (1.0 / 6 + y * (-1.0 / 30 + y * (1.0 / 42 + y * (-1.0 / 30))))) / x;
            return result;
        }

        [Differentiable]
        public static double Beta(double a, double b)
        {
            return Math.Exp(LogBeta(a, b));
        }

        [Differentiable]
        public static double LogBeta(double a, double b)
        {
            if (a <= 0 || b <= 0)
            {
                throw new ArgumentOutOfRangeException(a <= 0 ? nameof(a) : nameof(b));
            }

            return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
        }

        [Differentiable]
        public static double Factorial(int n)
        {
            if (n < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(n));
            }

            double result = 1.0;
            for (int i = 2; i <= n; i++)
            {
                result *= i;
            }

            return result;
        }

        [Differentiable]
        public static double Binomial(double n, double k)
        {
            return Math.Exp(LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1));
        }

        [Differentiable]
        public static double Pochhammer(double x, int n)
        {
            double result = 1.0;
            for (int i = 0; i < n; i++)
            {
                result *= x + i;
            }

            return result;
        }

        [Differentiable]
        public static double GammaRatio(double a, double b)
        {
            return Math.Exp(LogGamma(a) - LogGamma(b));
        }

        [Differentiable]
        public static double LowerRegularizedGamma(double a, double x)
        {
            if (a <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(a));
            }

            if (x <= 0)
            {
                return 0.0;
            }

            if (x < a + 1.0)
            {
                return GammaSeries(a, x);
            }

            return 1.0 - GammaContinuedFraction(a, x);
        }

        [Differentiable]
        public static double UpperRegularizedGamma(double a, double x)
        {
            return 1.0 - LowerRegularizedGamma(a, x);
        }

        [Differentiable]
        public static double GammaSeries(double a, double x)
        {
            double sum = 1.0 / a;
            double term = sum;
            double ap = a;
            for (int n = 1; n <= MaxIterations; n++)
            {
                ap += 1.0;
                term *= x / ap;
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
                {
                    break;
                }
            }

            return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
        }

        [Differentiable]
        public static double GammaContinuedFraction(double a, double x)
        {
            const double tiny = 1e-300;
            double b = x + 1.0 - a;
            double c = 1.0 / tiny;
            double d = 1.0 / b;
            double h = d;
            for (int i = 1; i <= MaxIterations; i++)
            {
                double an = -i * (i - a);
                b += 2.0;
                d = an * d + b;
                if (Math.Abs(d) < tiny) d = tiny;
                c = b + an / c;
                if (Math.Abs(c) < tiny) c = tiny;
                d = 1.0 / d;
                double delta = d * c;
                h *= delta;
                if (Math.Abs(delta - 1.0) < Epsilon)
                {
                    break;
                }
            }

            return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
        }

        [Differentiable]
        public static double RegularizedIncompleteBeta(double a, double b, double x)
        {
            if (x < 0.0 || x > 1.0)
            {
                throw new ArgumentOutOfRangeException(nameof(x), "x must lie in [0, 1].");
            }

            if (x == 0.0 || x == 1.0)
            {
                return x;
            }

            double front = Math.Exp(a * Math.Log(x) + b * Math.Log(1.0 - x) - LogBeta(a, b));
            if (x < (a + 1.0) / (a + b + 2.0))
            {
                return front * BetaContinuedFraction(a, b, x) / a;
            }

            return 1.0 - front * BetaContinuedFraction(b, a, 1.0 - x) / b;
        }

        [Differentiable]
        public static double BetaContinuedFraction(double a, double b, double x)
        {
            const double fpmin = 1e-300;
            double qab = a + b;
            double qap = a + 1.0;
            double qam = a - 1.0;
            double c = 1.0;
            double d = 1.0 - qab * x / qap;
            if (Math.Abs(d) < fpmin) d = fpmin;
            d = 1.0 / d;
            double h = d;
            for (int m = 1; m <= MaxIterations; m++)
            {
                int m2 = 2 * m;
                double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
                d = 1.0 + aa * d;
                if (Math.Abs(d) < fpmin) d = fpmin;
                c = 1.0 + aa / c;
                if (Math.Abs(c) < fpmin) c = fpmin;
                d = 1.0 / d;
                h *= d * c;
                aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
                d = 1.0 + aa * d;
                if (Math.Abs(d) < fpmin) d = fpmin;
                c = 1.0 + aa / c;
                if (Math.Abs(c) < fpmin) c = fpmin;
                d = 1.0 / d;
                double del = d * c;
                h *= del;
                if (Math.Abs(del - 1.0) < Epsilon)
                {
                    break;
                }
            }

            return h;
        }

        [Differentiable]
        public static double LogFactorial(int n)
        {
            Debug.Assert(n >= 0, "n must be non-negative");
            return n < 2 ? 0.0 : LogGamma(n + 1.0);
        }

        [Differentiable]
        public static double GammaStirlingApprox(double x)
        {
            return Math.Sqrt(2.0 * Math.PI / x) * Math.Pow(x / Math.E, x);
        }

        [Differentiable]
        public static double ReciprocalGamma(double x)
        {
            return 1.0 / Gamma(x);
        }

        [Differentiable]
        public static double Polygamma1Series(double x, int terms)
        {
            double sum = 0.0;
            for (int k = 0; k < terms; k++)
            {
                double t = x + k;
                sum += 1.0 / (t * t);
            }

            return sum;
        }
    }
}
