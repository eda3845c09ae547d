using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// Pins the emitted text for a representative set of methods. The output is the user's documentation of what the
/// generator did, so any change to it is deliberate: review the .received.cs diff and accept with DIFFGEN_ACCEPT=1.
/// Each snapshot's program is also compiled and must have no errors or warnings.
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
        """);

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
        """);

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
        """);

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
        """);

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
        """);

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
        """);

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
        """);

    private static void VerifyGenerated(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text, test: test);
    }
}
