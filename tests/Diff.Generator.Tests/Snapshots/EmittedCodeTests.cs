using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// Pins the emitted text for a representative set of methods. The output is the user's documentation of what the
/// generator did, so any change to it is deliberate: review the .received.cs diff and accept with DIFFGEN_ACCEPT=1.
/// Each snapshot's program is also compiled (no errors or warnings) and run, before its text is compared, so that no
/// wrong program is ever accepted: at points away from kinks and branch switches its Grad returns the primal's value
/// bit for bit and matches extrapolated central differences, and its Pullback adds seed·gradient.
/// </summary>
public class EmittedCodeTests
{
    [Fact]
    public void ExpressionBodiedSquare() => VerifyGenerated("""
        using DiffGen;
        namespace Lecture;
        public static partial class Slides
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """,
        [
            new Probe("Lecture.Slides", "Square", 3.0),
            new Probe("Lecture.Slides", "Square", -0.7),
        ]);

    [Fact]
    public void LocalsReassignmentAndMath() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Model
        {
            [Differentiable]
            internal static double Energy(double x, double y, int n)
            {
                var r2 = x * x + y * y;
                double r = Math.Sqrt(r2);
                const double k = 0.5;
                r *= 1 + Math.Exp(-r) / n;
                x = Math.Tanh(x) - Math.Log(r2);
                return k * r + Math.Pow(x, 2) + Math.Atan2(y, x);
            }
        }
        """,
        [
            new Probe("Model", "Energy", 0.7, -0.4, 3),
            new Probe("Model", "Energy", -1.3, 0.9, 1),
        ]);

    [Fact]
    public void BranchesAndEarlyReturn() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Piecewise
        {
            [Differentiable]
            public static double Huber(double r, [NoDerivative] double delta)
            {
                var a = Math.Abs(r);
                if (a <= delta)
                {
                    return 0.5 * r * r;
                }

                var linear = delta * (a - 0.5 * delta);
                return linear;
            }

            [Differentiable]
            public static double Select(double x, double y, bool flip) => flip && x > y ? Math.Max(x, y) : Math.Min(x, y) * 2;
        }
        """,
        [
            new Probe("Piecewise", "Huber", 0.4, 1.0),
            new Probe("Piecewise", "Huber", -2.5, 1.0),
            new Probe("Piecewise", "Select", 0.3, -0.8, true),
            new Probe("Piecewise", "Select", 0.3, -0.8, false),
            new Probe("Piecewise", "Select", -0.6, 0.5, true),
        ]);

    [Fact]
    public void CallsAcrossNestedPartialTypes() => VerifyGenerated("""
        using System;
        using DiffGen;
        namespace Physics
        {
            public static partial class Outer
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double Kinetic(double m, double v) => 0.5 * m * v * v;
                }
            }

            public static partial class Energy
            {
                [Differentiable]
                public static double Total(double m, double v, double h) => Outer.Inner.Kinetic(m, v) + m * 9.81 * h + Outer.Inner.Kinetic(2, h);
            }
        }
        """,
        [
            new Probe("Physics.Outer+Inner", "Kinetic", 2.0, 1.5),
            new Probe("Physics.Energy", "Total", 1.3, -0.8, 2.1),
        ]);

    [Fact]
    public void FloatPrecision() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Activations
        {
            [Differentiable]
            public static float Swish(float x, float beta)
            {
                float s = 1f / (1f + MathF.Exp(-beta * x));
                return x * s;
            }

            [Differentiable]
            public static float Mixed(float x, double scale) => (float)(scale * Math.Sin(x)) + x / 3;
        }
        """,
        [
            new Probe("Activations", "Swish", 0.75f, 1.25f),
            new Probe("Activations", "Swish", -1.5f, 0.5f),
            new Probe("Activations", "Mixed", 0.625f, 1.5),
        ]);

    [Fact]
    public void LoopOverPassiveDataWithAnAccumulator() => VerifyGenerated("""
        using DiffGen;
        public static partial class LinearModel
        {
            [Differentiable]
            public static double Loss(double w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    var e = w * xs[i] + b - ys[i];
                    sum += e * e;
                }

                return sum / xs.Length;
            }
        }
        """,
        [
            new Probe("LinearModel", "Loss", 0.5, -0.2, new[] { 1.0, 2.0, 3.0 }, new[] { 0.3, 1.1, 2.9 }),
        ]);

    [Fact]
    public void ScalarOverwrittenInALoopOverASpan() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Recurrence
        {
            [Differentiable]
            public static double Run(double x, ReadOnlySpan<double> weights)
            {
                double r = x;
                foreach (var w in weights)
                {
                    if (r > 10)
                    {
                        break;
                    }

                    r = Math.Sin(r) * w + x * r;
                }

                return r;
            }
        }

        // Reflection cannot pass spans: the probe calls the generated methods through arrays.
        public static class Probe
        {
            public static double Run(double x, double[] weights) => Recurrence.Run(x, weights);
            public static double RunGrad(double x, double[] weights, out double dx, double[] dweights) => Recurrence.RunGrad(x, weights, out dx, dweights);
            public static double RunPullback(double x, double[] weights, double seed, ref double dx, double[] dweights) => Recurrence.RunPullback(x, weights, seed, ref dx, dweights);
        }
        """,
        [
            new Probe("Probe", "Run", 0.4, new[] { 0.9, -0.5, 1.2 }),
            new Probe("Probe", "Run", -1.1, new[] { 0.3, 0.8 }),
        ]);

    [Fact]
    public void GenericMath() => VerifyGenerated("""
        using System;
        using System.Numerics;
        using DiffGen;
        public static partial class Activations
        {
            /// <summary>One method for float, double and Half: its Grad and Pullback are generic with the same constraint.</summary>
            [Differentiable]
            public static T SoftplusNorm<T>(ReadOnlySpan<T> v, T beta) where T : IFloatingPointIeee754<T>
            {
                var s = T.Zero;
                for (var i = 0; i < v.Length; i++)
                {
                    s += v[i] * v[i];
                }

                var z = beta * T.Sqrt(s);
                return z > T.CreateChecked(20) ? z : T.Log(T.One + T.Exp(z)) / beta;
            }
        }

        // Reflection cannot pass spans or make generic methods: the probes call the generated methods at double and float.
        public static class Probe
        {
            public static double Run(double beta, double[] v) => Activations.SoftplusNorm<double>(v, beta);
            public static double RunGrad(double beta, double[] v, out double dbeta, double[] dv) => Activations.SoftplusNormGrad<double>(v, beta, dv, out dbeta);
            public static double RunPullback(double beta, double[] v, double seed, ref double dbeta, double[] dv) => Activations.SoftplusNormPullback<double>(v, beta, seed, dv, ref dbeta);
            public static float RunF(float beta, float[] v) => Activations.SoftplusNorm<float>(v, beta);
            public static float RunFGrad(float beta, float[] v, out float dbeta, float[] dv) => Activations.SoftplusNormGrad<float>(v, beta, dv, out dbeta);
            public static float RunFPullback(float beta, float[] v, float seed, ref float dbeta, float[] dv) => Activations.SoftplusNormPullback<float>(v, beta, seed, dv, ref dbeta);
        }
        """,
        [
            new Probe("Probe", "Run", 0.7, new[] { 0.9, -0.5, 1.2 }),
            new Probe("Probe", "Run", 1.5, new[] { 0.3, 0.8 }),
            new Probe("Probe", "RunF", 0.7f, new[] { 0.9f, -0.5f, 1.2f }),
        ]);

    /// <summary>A method of the snapshot's program and a point to run it at.</summary>
    public sealed record Probe(string Type, string Method, params object[] Point);

    private static void VerifyGenerated(string source, Probe[] probes, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        Assert.NotEmpty(probes);
        var program = run.Load();
        foreach (var probe in probes)
        {
            GeneratedBehaviour.Check(program, probe.Type, probe.Method, probe.Point);
        }

        var text = string.Join("\n", run.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text, test: test);
    }
}
