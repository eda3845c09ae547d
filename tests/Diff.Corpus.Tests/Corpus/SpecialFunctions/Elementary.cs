// DiffGen corpus — elementary and auxiliary functions written in the style of a numerics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.SpecialFunctions
{
    public static partial class Elementary
    {
        private const double Ln2 = 0.69314718055994530942;

        [Differentiable] public static double Sinc(double x) => Math.Abs(x) < 1e-8 ? 1.0 - x * x / 6.0 : Math.Sin(x) / x;
        [Differentiable] public static double NormalizedSinc(double x) => Sinc(Math.PI * x);
        [Differentiable] public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
        [Differentiable] public static double Logit(double p) => Math.Log(p / (1.0 - p));
        [Differentiable] public static double Softplus(double x) => x > 30 ? x : Math.Log(1.0 + Math.Exp(x));
        [Differentiable] public static double LogSumExp2(double a, double b) { double m = Math.Max(a, b); return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m)); }
        [Differentiable] public static double Log1p(double x) { double u = 1.0 + x; return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0); }
        [Differentiable] public static double Expm1(double x) { double u = Math.Exp(x); if (u == 1.0) return x; double um1 = u - 1.0; if (um1 == -1.0) return -1.0; return um1 * x / Math.Log(u); }
        [Differentiable] public static double Log1pmx(double x) => Log1p(x) - x;
        [Differentiable] public static double Hypot(double a, double b) { a = Math.Abs(a); b = Math.Abs(b); if (a < b) { double t = a; a = b; b = t; } if (a == 0) return 0; double r = b / a; return a * Math.Sqrt(1 + r * r); }
        [Differentiable] public static double Cbrt(double x) => x < 0 ? -Math.Pow(-x, 1.0 / 3.0) : Math.Pow(x, 1.0 / 3.0);
        [Differentiable] public static double Asinh(double x) => Math.Log(x + Math.Sqrt(x * x + 1.0));
        [Differentiable] public static double Acosh(double x) { if (x < 1.0) throw new ArgumentOutOfRangeException(nameof(x)); return Math.Log(x + Math.Sqrt(x * x - 1.0)); }
        [Differentiable] public static double Atanh(double x) { if (Math.Abs(x) >= 1.0) throw new ArgumentOutOfRangeException(nameof(x)); return 0.5 * Math.Log((1.0 + x) / (1.0 - x)); }
        [Differentiable] public static double Sech(double x) => 1.0 / Math.Cosh(x);
        [Differentiable] public static double Csch(double x) => 1.0 / Math.Sinh(x);
        [Differentiable] public static double Coth(double x) => Math.Cosh(x) / Math.Sinh(x);
        [Differentiable] public static double Sec(double x) => 1.0 / Math.Cos(x);
        [Differentiable] public static double Csc(double x) => 1.0 / Math.Sin(x);
        [Differentiable] public static double Cot(double x) => 1.0 / Math.Tan(x);
        [Differentiable] public static double Haversine(double x) { double s = Math.Sin(x / 2); return s * s; }
        [Differentiable] public static double Versine(double x) => 1.0 - Math.Cos(x);
        [Differentiable] public static double Exsecant(double x) => Sec(x) - 1.0;
        [Differentiable] public static double Log2(double x) => Math.Log(x) / Ln2;
        [Differentiable] public static double LogBase(double x, double b) => Math.Log(x, b);
        [Differentiable] public static double Exp2(double x) => Math.Pow(2.0, x);
        [Differentiable] public static double Exp10(double x) => Math.Pow(10.0, x);
        [Differentiable] public static double Gudermannian(double x) => 2.0 * Math.Atan(Math.Tanh(0.5 * x));
        [Differentiable] public static double InverseGudermannian(double x) => Math.Log(Math.Abs((1.0 + Math.Sin(x)) / Math.Cos(x)));
        [Differentiable] public static double LambertW(double x)
        {
            if (x < -1.0 / Math.E) throw new ArgumentOutOfRangeException(nameof(x));
            double w = x < 1.0 ? x * (1.0 - x) : Math.Log(x) - Math.Log(Math.Log(x) + 1.0);
            for (int i = 0; i < 50; i++)
            {
                double ew = Math.Exp(w);
                double f = w * ew - x;
                double wNew = w - f / (ew * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0));
                if (Math.Abs(wNew - w) <= 1e-15 * (1.0 + Math.Abs(wNew))) { w = wNew; break; }
                w = wNew;
            }
            return w;
        }
        [Differentiable] public static double Polylog2(double x)
        {
            double sum = 0.0, xk = x;
            for (int k = 1; k < 200; k++) { sum += xk / (k * (double)k); xk *= x; if (Math.Abs(xk) < 1e-18) break; }
            return sum;
        }
        [Differentiable] public static double Zeta(double s)
        {
            if (s <= 1.0) throw new ArgumentOutOfRangeException(nameof(s), "Zeta series needs s > 1.");
            double sum = 0.0;
            for (int n = 1; n <= 1000; n++) sum += Math.Pow(n, -s);
            return sum + Math.Pow(1000.0, 1.0 - s) / (s - 1.0) - 0.5 * Math.Pow(1000.0, -s);
        }
        [Differentiable] public static double EtaDirichlet(double s)
        {
            double sum = 0.0;
            for (int n = 1; n <= 60; n++) sum += (n % 2 == 1 ? 1.0 : -1.0) / Math.Pow(n, s);
            return sum;
        }
        [Differentiable] public static double ExponentialIntegralE1(double x)
        {
            if (x <= 0) throw new ArgumentOutOfRangeException(nameof(x));
            if (x < 1.0)
            {
                double sum = 0.0, term = 1.0;
                for (int k = 1; k < 60; k++) { term *= -x / k; sum += term / k; }
                return -0.57721566490153286 - Math.Log(x) - sum;
            }
            double b = x + 1.0, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
            for (int i = 1; i < 200; i++)
            {
                double an = -i * (double)i;
                b += 2.0; d = 1.0 / (an * d + b); c = b + an / c;
                double del = c * d; h *= del;
                if (Math.Abs(del - 1.0) < 1e-15) break;
            }
            return h * Math.Exp(-x);
        }
        [Differentiable] public static double SineIntegral(double x)
        {
            double sum = 0.0, term = x;
            for (int k = 0; k < 40; k++) { sum += term / (2 * k + 1); term *= -x * x / ((2 * k + 2) * (2 * k + 3)); }
            return sum;
        }
        [Differentiable] public static double CosineIntegral(double x)
        {
            double sum = 0.0, term = -x * x / 2.0;
            for (int k = 1; k < 40; k++) { sum += term / (2 * k); term *= -x * x / ((2 * k + 1) * (2 * k + 2)); }
            return 0.57721566490153286 + Math.Log(x) + sum;
        }
        [Differentiable] public static double Clamp01(double x) => Math.Clamp(x, 0.0, 1.0);
        [Differentiable] public static double CopySign(double x, double y) => Math.CopySign(x, y);
        [Differentiable] public static double FusedMultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
        [Differentiable] public static double ScaleB(double x, int n) => Math.ScaleB(x, n);
        [Differentiable] public static double ReciprocalSqrt(double x) => 1.0 / Math.Sqrt(x);
        [Differentiable] public static double DoubleExp(double x) => double.Exp(x) + double.Sin(x);
        [Differentiable] public static double BitIncrementStep(double x) => Math.BitIncrement(x) - x + x * x;
        [Differentiable] public static double SafeDivide(double a, double b) => b == 0.0 ? 0.0 : a / b;
        [Differentiable] public static double Lerp(double a, double b, double t) => a + (b - a) * t;
        [Differentiable] public static double SmoothStep(double e0, double e1, double x) { double t = Clamp01((x - e0) / (e1 - e0)); return t * t * (3.0 - 2.0 * t); }
    }
}
