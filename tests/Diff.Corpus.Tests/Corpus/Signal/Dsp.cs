// DiffGen corpus — signal processing written in the style of a DSP library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Signal
{
    public enum WindowKind { Rectangular, Hann, Hamming, Blackman }

    public static partial class Windows
    {
        [Differentiable] public static double Hann(int n, int length) => 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / (length - 1));
        [Differentiable] public static double Hamming(int n, int length) => 0.54 - 0.46 * Math.Cos(2 * Math.PI * n / (length - 1));
        [Differentiable] public static double Blackman(int n, int length)
        {
            double a = 2 * Math.PI * n / (length - 1);
            return 0.42 - 0.5 * Math.Cos(a) + 0.08 * Math.Cos(2 * a);
        }
        [Differentiable] public static double Gaussian(double n, double length, double sigma)
        {
            double a = (n - (length - 1) / 2) / (sigma * (length - 1) / 2);
            return Math.Exp(-0.5 * a * a);
        }
        [Differentiable] public static double Tukey(double x, double alpha)
        {
            if (x < alpha / 2) return 0.5 * (1 + Math.Cos(2 * Math.PI / alpha * (x - alpha / 2)));
            if (x <= 1 - alpha / 2) return 1.0;
            return 0.5 * (1 + Math.Cos(2 * Math.PI / alpha * (x - 1 + alpha / 2)));
        }
        [Differentiable] public static double Kaiser(double x, double beta)
        {
            double r = 2 * x - 1;
            return BesselI0(beta * Math.Sqrt(1 - r * r)) / BesselI0(beta);
        }
        [Differentiable] public static double BesselI0(double x)
        {
            double sum = 1, term = 1, half = x / 2;
            for (int k = 1; k < 30; k++)
            {
                term *= half / k;
                sum += term * term;
            }
            return sum;
        }
        [Differentiable] public static double Window(WindowKind kind, int n, int length)
        {
            switch (kind)
            {
                case WindowKind.Hann: return Hann(n, length);
                case WindowKind.Hamming: return Hamming(n, length);
                case WindowKind.Blackman: return Blackman(n, length);
                default: return 1.0;
            }
        }
        [Differentiable] public static double WindowExpression(int kind, double x) => kind switch
        {
            0 => 1.0,
            1 => 0.5 - 0.5 * Math.Cos(2 * Math.PI * x),
            2 => 0.54 - 0.46 * Math.Cos(2 * Math.PI * x),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static partial class Dsp
    {
        [Differentiable] public static double Energy(double[] x) { double e = 0; for (int i = 0; i < x.Length; i++) e += x[i] * x[i]; return e; }
        [Differentiable] public static double Rms(double[] x) => Math.Sqrt(Energy(x) / x.Length);
        [Differentiable] public static double Decibels(double power) => 10 * Math.Log10(power);
        [Differentiable] public static double AmplitudeToDb(double a) => 20 * Math.Log10(Math.Abs(a) + 1e-12);
        [Differentiable] public static double DbToAmplitude(double db) => Math.Pow(10, db / 20);
        [Differentiable] public static double DftMagnitude(double[] x, int k)
        {
            double re = 0, im = 0;
            int n = x.Length;
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * k * t / n;
                re += x[t] * Math.Cos(angle);
                im += x[t] * Math.Sin(angle);
            }
            return Math.Sqrt(re * re + im * im);
        }
        [Differentiable] public static double DftPower(double[] x, int k)
        {
            double m = DftMagnitude(x, k);
            return m * m / x.Length;
        }
        [Differentiable] public static double Goertzel(double[] x, double frequency, double sampleRate)
        {
            double w = 2 * Math.PI * frequency / sampleRate;
            double coeff = 2 * Math.Cos(w);
            double s1 = 0, s2 = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double s0 = x[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            return s1 * s1 + s2 * s2 - coeff * s1 * s2;
        }
        [Differentiable] public static double ConvolveAt(double[] signal, double[] kernel, int n)
        {
            double s = 0;
            for (int k = 0; k < kernel.Length; k++)
            {
                int idx = n - k;
                if (idx >= 0 && idx < signal.Length) s += signal[idx] * kernel[k];
            }
            return s;
        }
        [Differentiable] public static double CrossCorrelationAt(double[] a, double[] b, int lag)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++)
            {
                int j = i + lag;
                if (j >= 0 && j < b.Length) s += a[i] * b[j];
            }
            return s;
        }
        [Differentiable] public static double OnePoleLowPass(double[] x, double alpha)
        {
            double y = 0;
            for (int i = 0; i < x.Length; i++) y += alpha * (x[i] - y);
            return y;
        }
        [Differentiable] public static double Biquad(double[] x, double b0, double b1, double b2, double a1, double a2)
        {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0, y = 0;
            for (int i = 0; i < x.Length; i++)
            {
                y = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                x2 = x1; x1 = x[i];
                y2 = y1; y1 = y;
            }
            return y;
        }
        [Differentiable] public static double FirFilterLast(double[] x, double[] taps)
        {
            double y = 0;
            for (int k = 0; k < taps.Length && k < x.Length; k++) y += taps[k] * x[x.Length - 1 - k];
            return y;
        }
        [Differentiable] public static double ZeroCrossingRate(double[] x)
        {
            int count = 0;
            for (int i = 1; i < x.Length; i++) if ((x[i - 1] >= 0) != (x[i] >= 0)) count++;
            return (double)count / (x.Length - 1);
        }
        [Differentiable] public static double SpectralCentroid(double[] magnitudes, double binHz)
        {
            double num = 0, den = 0;
            for (int i = 0; i < magnitudes.Length; i++)
            {
                num += i * binHz * magnitudes[i];
                den += magnitudes[i];
            }
            return num / den;
        }
        [Differentiable] public static double SpectralFlatness(double[] power)
        {
            double logSum = 0, sum = 0;
            foreach (double p in power)
            {
                logSum += Math.Log(p);
                sum += p;
            }
            return Math.Exp(logSum / power.Length) / (sum / power.Length);
        }
        [Differentiable] public static double SoftClip(double x) => x > 1 ? 2.0 / 3.0 : x < -1 ? -2.0 / 3.0 : x - x * x * x / 3;
        [Differentiable] public static double TanhSaturate(double x, double drive) => Math.Tanh(drive * x) / Math.Tanh(drive);
        [Differentiable] public static double MuLaw(double x, double mu) => Math.Sign(x) * Math.Log(1 + mu * Math.Abs(x)) / Math.Log(1 + mu);
        [Differentiable] public static double ALaw(double x, double a)
        {
            double ax = Math.Abs(x);
            double y = ax < 1 / a ? a * ax / (1 + Math.Log(a)) : (1 + Math.Log(a * ax)) / (1 + Math.Log(a));
            return Math.Sign(x) * y;
        }
        [Differentiable] public static double Chirp(double t, double f0, double k) => Math.Sin(2 * Math.PI * (f0 * t + 0.5 * k * t * t));
        [Differentiable] public static double Sawtooth(double t) => 2 * (t - Math.Floor(t + 0.5));
        [Differentiable] public static double Triangle(double t) => 2 * Math.Abs(Sawtooth(t)) - 1;
        [Differentiable] public static double PolyBlep(double t, double dt)
        {
            if (t < dt) { t /= dt; return t + t - t * t - 1.0; }
            if (t > 1.0 - dt) { t = (t - 1.0) / dt; return t * t + t + t + 1.0; }
            return 0.0;
        }
        [Differentiable] public static double MidiToFrequency(double note) => 440.0 * Math.Pow(2.0, (note - 69.0) / 12.0);
        [Differentiable] public static double FrequencyToMidi(double f) => 69 + 12 * Math.Log(f / 440.0, 2);
        [Differentiable] public static double MelScale(double f) => 2595 * Math.Log10(1 + f / 700);
        [Differentiable] public static double InverseMel(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        [Differentiable] public static double BarkScale(double f) => 13 * Math.Atan(0.00076 * f) + 3.5 * Math.Atan(Math.Pow(f / 7500, 2));
        [Differentiable] public static double ButterworthGain(double omega, double cutoff, int order) => 1 / Math.Sqrt(1 + Math.Pow(omega / cutoff, 2 * order));
        [Differentiable] public static double SincInterpolate(double[] samples, double t)
        {
            double s = 0;
            for (int n = 0; n < samples.Length; n++)
            {
                double x = Math.PI * (t - n);
                s += samples[n] * (Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(x) / x);
            }
            return s;
        }
        [Differentiable] public static double Envelope(double[] x, double attack, double release)
        {
            double env = 0;
            foreach (var s in x)
            {
                double a = Math.Abs(s);
                double coeff = a > env ? attack : release;
                env = coeff * env + (1 - coeff) * a;
            }
            return env;
        }
        [Differentiable] public static double CompressorGain(double levelDb, double threshold, double ratio, double knee)
        {
            double over = levelDb - threshold;
            if (2 * over < -knee) return 0.0;
            if (2 * Math.Abs(over) <= knee) return (1 / ratio - 1) * (over + knee / 2) * (over + knee / 2) / (2 * knee);
            return (1 / ratio - 1) * over;
        }
        [Differentiable] public static float HannF(float x) => 0.5f - 0.5f * MathF.Cos(2f * MathF.PI * x);
        [Differentiable] public static float SoftClipF(float x) => x / (1f + MathF.Abs(x));
        [Differentiable] public static float OnePoleF(float[] x, float a)
        {
            float y = 0f;
            for (int i = 0; i < x.Length; i++) y = a * y + (1f - a) * x[i];
            return y;
        }
    }
}
