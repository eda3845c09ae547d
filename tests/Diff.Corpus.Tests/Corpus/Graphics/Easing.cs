// DiffGen corpus — float easing, noise, colour and shading code in the style of a game/graphics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Graphics
{
    public static partial class Easing
    {
        private const float PI = MathF.PI;
        private const float HalfPI = MathF.PI / 2f;

        [Differentiable] public static float Linear(float t) => t;
        [Differentiable] public static float QuadIn(float t) => t * t;
        [Differentiable] public static float QuadOut(float t) => -(t * (t - 2f));
        [Differentiable] public static float QuadInOut(float t) => t < 0.5f ? 2f * t * t : (-2f * t * t) + (4f * t) - 1f;
        [Differentiable] public static float CubicIn(float t) => t * t * t;
        [Differentiable] public static float CubicOut(float t) { float f = t - 1f; return f * f * f + 1f; }
        [Differentiable] public static float CubicInOut(float t)
        {
            if (t < 0.5f) return 4f * t * t * t;
            float f = (2f * t) - 2f;
            return 0.5f * f * f * f + 1f;
        }
        [Differentiable] public static float QuartIn(float t) => t * t * t * t;
        [Differentiable] public static float QuartOut(float t) { float f = t - 1f; return f * f * f * (1f - t) + 1f; }
        [Differentiable] public static float QuintIn(float t) => t * t * t * t * t;
        [Differentiable] public static float QuintOut(float t) { float f = t - 1f; return f * f * f * f * f + 1f; }
        [Differentiable] public static float SineIn(float t) => MathF.Sin((t - 1f) * HalfPI) + 1f;
        [Differentiable] public static float SineOut(float t) => MathF.Sin(t * HalfPI);
        [Differentiable] public static float SineInOut(float t) => 0.5f * (1f - MathF.Cos(t * PI));
        [Differentiable] public static float CircIn(float t) => 1f - MathF.Sqrt(1f - (t * t));
        [Differentiable] public static float CircOut(float t) => MathF.Sqrt((2f - t) * t);
        [Differentiable] public static float ExpoIn(float t) => (t == 0.0f) ? t : MathF.Pow(2f, 10f * (t - 1f));
        [Differentiable] public static float ExpoOut(float t) => (t == 1.0f) ? t : 1f - MathF.Pow(2f, -10f * t);
        [Differentiable] public static float ElasticIn(float t) => MathF.Sin(13f * HalfPI * t) * MathF.Pow(2f, 10f * (t - 1f));
        [Differentiable] public static float ElasticOut(float t) => MathF.Sin(-13f * HalfPI * (t + 1f)) * MathF.Pow(2f, -10f * t) + 1f;
        [Differentiable] public static float BackIn(float t) => t * t * t - t * MathF.Sin(t * PI);
        [Differentiable] public static float BackOut(float t) { float f = 1f - t; return 1f - (f * f * f - f * MathF.Sin(f * PI)); }
        [Differentiable] public static float BounceOut(float t)
        {
            if (t < 4f / 11f) return (121f * t * t) / 16f;
            if (t < 8f / 11f) return (363f / 40f * t * t) - (99f / 10f * t) + 17f / 5f;
            if (t < 9f / 10f) return (4356f / 361f * t * t) - (35442f / 1805f * t) + 16061f / 1805f;
            return (54f / 5f * t * t) - (513f / 25f * t) + 268f / 25f;
        }
        [Differentiable] public static float BounceIn(float t) => 1f - BounceOut(1f - t);
        [Differentiable] public static float SmoothDamp(float current, float target, float smoothTime, float deltaTime)
        {
            float omega = 2f / smoothTime;
            float x = omega * deltaTime;
            float exp = 1f / (1f + x + 0.48f * x * x + 0.235f * x * x * x);
            float change = current - target;
            return target + change * exp;
        }
        [Differentiable] public static float MoveTowards(float current, float target, float maxDelta)
        {
            if (MathF.Abs(target - current) <= maxDelta) return target;
            return current + MathF.Sign(target - current) * maxDelta;
        }
        [Differentiable] public static float PingPong(float t, float length)
        {
            float m = t - MathF.Floor(t / (length * 2f)) * length * 2f;
            return length - MathF.Abs(m - length);
        }
        [Differentiable] public static float Repeat(float t, float length) => Math.Clamp(t - MathF.Floor(t / length) * length, 0.0f, length);
        [Differentiable] public static float DeltaAngle(float current, float target)
        {
            float delta = Repeat(target - current, 360.0f);
            if (delta > 180.0f) delta -= 360.0f;
            return delta;
        }
        [Differentiable] public static float Damp(float a, float b, float lambda, float dt) => a + (b - a) * (1f - MathF.Exp(-lambda * dt));
        [Differentiable] public static float Gain(float x, float k)
        {
            float a = 0.5f * MathF.Pow(2.0f * ((x < 0.5f) ? x : 1.0f - x), k);
            return (x < 0.5f) ? a : 1.0f - a;
        }
        [Differentiable] public static float Bias(float x, float b) => x / ((1f / b - 2f) * (1f - x) + 1f);
        [Differentiable] public static float Impulse(float k, float x) { float h = k * x; return h * MathF.Exp(1.0f - h); }
        [Differentiable] public static float CubicPulse(float c, float w, float x)
        {
            x = MathF.Abs(x - c);
            if (x > w) return 0.0f;
            x /= w;
            return 1.0f - x * x * (3.0f - 2.0f * x);
        }
        [Differentiable] public static float ParabolaShape(float x, float k) => MathF.Pow(4.0f * x * (1.0f - x), k);
    }

    public static partial class Noise
    {
        private static readonly int[] Perm =
        {
            151, 160, 137, 91, 90, 15, 131, 13, 201, 95, 96, 53, 194, 233, 7, 225, 140, 36, 103, 30, 69, 142, 8, 99, 37, 240, 21, 10, 23, 190, 6, 148,
            247, 120, 234, 75, 0, 26, 197, 62, 94, 252, 219, 203, 117, 35, 11, 32, 57, 177, 33, 88, 237, 149, 56, 87, 174, 20, 125, 136, 171, 168, 68, 175,
        };

        [Differentiable] public static float Fade(float t) => t * t * t * (t * (t * 6f - 15f) + 10f);
        [Differentiable] public static float Grad1(int hash, float x) => (hash & 1) == 0 ? x : -x;
        [Differentiable] public static float Lerp(float a, float b, float t) => a + t * (b - a);
        [Differentiable] public static float Perlin1D(float x)
        {
            int xi = (int)MathF.Floor(x) & 63;
            float xf = x - MathF.Floor(x);
            float u = Fade(xf);
            return Lerp(Grad1(Perm[xi], xf), Grad1(Perm[(xi + 1) & 63], xf - 1f), u) * 2f;
        }
        [Differentiable] public static float Fbm1D(float x, int octaves)
        {
            float sum = 0f, amp = 0.5f, freq = 1f;
            for (int i = 0; i < octaves; i++)
            {
                sum += amp * Perlin1D(x * freq);
                freq *= 2f;
                amp *= 0.5f;
            }
            return sum;
        }
        [Differentiable] public static double ValueNoiseSmooth(double x, double[] lattice)
        {
            int i = (int)Math.Floor(x);
            double f = x - i;
            double a = lattice[((i % lattice.Length) + lattice.Length) % lattice.Length];
            double b = lattice[(((i + 1) % lattice.Length) + lattice.Length) % lattice.Length];
            double s = f * f * (3 - 2 * f);
            return a + (b - a) * s;
        }
    }

    public static partial class Colour
    {
        [Differentiable] public static double SrgbToLinear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        [Differentiable] public static double LinearToSrgb(double c) => c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055;
        [Differentiable] public static double Luminance(double r, double g, double b) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
        [Differentiable] public static double RelativeLuminance(double r, double g, double b) => Luminance(SrgbToLinear(r), SrgbToLinear(g), SrgbToLinear(b));
        [Differentiable] public static double ContrastRatio(double l1, double l2) => (Math.Max(l1, l2) + 0.05) / (Math.Min(l1, l2) + 0.05);
        [Differentiable] public static double LabF(double t) => t > 216.0 / 24389.0 ? Math.Cbrt(t) : (24389.0 / 27.0 * t + 16) / 116;
        [Differentiable] public static double LabLightness(double y) => 116 * LabF(y) - 16;
        [Differentiable] public static double DeltaE76(double l1, double a1, double b1, double l2, double a2, double b2)
            => Math.Sqrt((l1 - l2) * (l1 - l2) + (a1 - a2) * (a1 - a2) + (b1 - b2) * (b1 - b2));
        [Differentiable] public static double HueAngle(double a, double b) { double h = Math.Atan2(b, a) * 180 / Math.PI; return h < 0 ? h + 360 : h; }
        [Differentiable] public static double Chroma(double a, double b) => Math.Sqrt(a * a + b * b);
        [Differentiable] public static double Reinhard(double x) => x / (1 + x);
        [Differentiable] public static double ReinhardExtended(double x, double white) => x * (1 + x / (white * white)) / (1 + x);
        [Differentiable] public static double AcesFilm(double x)
        {
            const double a = 2.51, b = 0.03, c = 2.43, d = 0.59, e = 0.14;
            return Math.Clamp((x * (a * x + b)) / (x * (c * x + d) + e), 0.0, 1.0);
        }
        [Differentiable] public static double Uncharted2Partial(double x)
        {
            const double A = 0.15, B = 0.50, C = 0.10, D = 0.20, E = 0.02, F = 0.30;
            return ((x * (A * x + C * B) + D * E) / (x * (A * x + B) + D * F)) - E / F;
        }
        [Differentiable] public static double Gamma(double x, double g) => Math.Pow(x, 1 / g);
        [Differentiable] public static double Exposure(double x, double ev) => x * Math.Pow(2, ev);
        [Differentiable] public static double BlackbodyRed(double kelvin)
        {
            double t = kelvin / 100;
            if (t <= 66) return 255;
            return Math.Clamp(329.698727446 * Math.Pow(t - 60, -0.1332047592), 0, 255);
        }
        [Differentiable] public static float LambertF(float nDotL) => MathF.Max(nDotL, 0f) / MathF.PI;
        [Differentiable] public static float BlinnPhongF(float nDotH, float shininess) => MathF.Pow(MathF.Max(nDotH, 0f), shininess) * (shininess + 8f) / (8f * MathF.PI);
        [Differentiable] public static float FresnelSchlickF(float cosTheta, float f0) => f0 + (1f - f0) * MathF.Pow(1f - cosTheta, 5f);
        [Differentiable] public static float AttenuationF(float d, float range) { float x = MathF.Min(d / range, 1f); float f = 1f - x * x * x * x; return f * f / (d * d + 1f); }
        [Differentiable] public static float SpotConeF(float cosAngle, float cosOuter, float cosInner) => Math.Clamp((cosAngle - cosOuter) / (cosInner - cosOuter), 0f, 1f);
        [Differentiable] public static float FogExpF(float d, float density) => MathF.Exp(-density * d);
        [Differentiable] public static float FogExp2F(float d, float density) => MathF.Exp(-(density * d) * (density * d));
        [Differentiable] public static float LinearizeDepthF(float z, float near, float far) => near * far / (far - z * (far - near));
        [Differentiable] public static float VignetteF(float u, float v, float strength) { float dx = u - 0.5f, dy = v - 0.5f; return 1f - strength * (dx * dx + dy * dy); }
    }
}
