using System.Reflection;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// The emitted text for one representative of each construct that real numeric code uses (argument checks and
/// assertions, static tables passed to a helper, switch, tuple deconstruction, recursion), pinned as snapshots; each
/// program is also run, and its gradient compared with central differences and its value with the primal's bits.
/// </summary>
public class RealCodeEmittedCodeTests
{
    [Fact]
    public void ArgumentChecksAndAssertions() => VerifyGenerated("""
        using System;
        using System.Diagnostics;
        using DiffGen;
        public static partial class Checked
        {
            [Differentiable]
            public static double LogRatio(double x, double y)
            {
                if (x <= 0 || y <= 0)
                    throw new ArgumentOutOfRangeException(nameof(x), $"x and y must be positive, were {x} and {y}.");
                Debug.Assert(!double.IsNaN(x));
                var r = x / y;
                return r > 1 ? Math.Log(r) : throw new ArgumentException("x must exceed y");
            }
        }
        """, "LogRatio", [3.0, 1.5], [5.0, 0.5]);

    [Fact]
    public void StaticTablePassedToAHelper() => VerifyGenerated("""
        using DiffGen;
        public static partial class Cephes
        {
            private static readonly double[] P = { 1.5, -0.5, 0.25 };

            [Differentiable]
            public static double Polevl(double x, double[] coef, int n)
            {
                var ans = coef[0];
                for (var i = 1; i <= n; i++)
                    ans = ans * x + coef[i];
                return ans;
            }

            [Differentiable]
            public static double Rational(double x) => x * Polevl(x, P, P.Length - 1);
        }
        """, "Rational", [0.5], [-2.0]);

    [Fact]
    public void SwitchAndTuples() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Steps
        {
            [Differentiable]
            public static double Fibonacci(double x, int n)
            {
                double a = 0, b = x;
                for (var i = 0; i < n; i++)
                    (a, b) = (b, a + b * x);
                return n switch
                {
                    0 => a,
                    < 3 => a * b,
                    _ => Math.Sqrt(a * a + b * b),
                };
            }
        }
        """, "Fibonacci", [0.7, 2], [1.3, 4]);

    [Fact]
    public void Recursion() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Special
        {
            [Differentiable]
            public static double Gamma(double x)
                => x < 1 ? Gamma(x + 1) / x : Math.Exp(-x) * Math.Pow(x, x - 0.5) * Math.Sqrt(2 * Math.PI) * (1 + 1 / (12 * x));
        }
        """, "Gamma", [0.4], [2.5]);

    [Fact]
    public void RowViewsAndAliasedArguments() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Rows
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (var i = 0; i < a.Length; i++)
                    s += a[i] * b[i];
                return s;
            }

            [Differentiable]
            public static double RowNorms(double x, double y)
            {
                var a = new double[6];
                for (var i = 0; i < a.Length; i++)
                    a[i] = Math.Sin(x * i + y);
                double s = 0;
                for (var i = 0; i < 2; i++)
                {
                    var row = a.AsSpan(i * 3, 3);
                    s += Math.Sqrt(Dot(row, row)) * row[^1];
                }
                return s + Dot(a[..3], a.AsSpan(3));
            }
        }
        """, "RowNorms", [0.7, 0.3], [-1.2, 2.0]);

    [Fact]
    public void CopiesJaggedRowsAndBumpedCounters() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Copies
        {
            [Differentiable]
            public static double JaggedSum(double[][] rows)
            {
                double s = 0;
                foreach (var row in rows)
                    foreach (var v in row) s += v * v;
                return s + rows[0][^1];
            }

            [Differentiable]
            public static double Blend(double t, double y)
            {
                double[] control = { y, 1.0, t * y, 0.5 };
                double[] work = new double[control.Length];
                Array.Copy(control, work, control.Length);
                var sorted = (double[])work.Clone();
                for (int r = 1; r < work.Length; r++)
                    for (int i = 0; i < work.Length - r; i++) work[i] = (1 - t) * work[i] + t * work[i + 1];
                double z = y, ser = 0;
                for (int j = 0; j < 3; j++) ser += sorted[j] / ++z;
                return work[0] + ser;
            }
        }
        """, "Blend", [0.3, 1.5], [0.8, -0.4]);

    [Fact]
    public void HelperThatFillsAnArray() => VerifyGenerated("""
        using System;
        using DiffGen;
        public static partial class Ode
        {
            [Differentiable]
            public static void Derivs(double t, ReadOnlySpan<double> y, Span<double> dydt, double k)
            {
                dydt[0] = y[1];
                dydt[1] = -k * y[0] + Math.Cos(t);
            }

            [Differentiable]
            public static double Euler(double y0, double k)
            {
                var y = new double[] { y0, 0.0 };
                var slope = new double[2];
                for (var n = 0; n < 4; n++)
                {
                    Derivs(0.1 * n, y, slope, k);
                    for (var i = 0; i < 2; i++) y[i] += 0.1 * slope[i];
                }

                return y[0];
            }
        }
        """, "Euler", [1.0, 2.0], [-0.5, 0.3]);

    /// <summary>
    /// Pins the generated text, then runs it: at each point <paramref name="method"/>Grad returns the primal's value
    /// bit for bit and a gradient that matches central differences in every floating-point parameter.
    /// </summary>
    private static void VerifyGenerated(string source, string method, params object[][] points)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text, test: new System.Diagnostics.StackFrame(1).GetMethod()!.Name);

        var type = run.Load().GetTypes().Single(t => t.GetMethod(method) is not null);
        var primal = type.GetMethod(method)!;
        var grad = type.GetMethod(method + "Grad")!;
        foreach (var point in points)
        {
            var arguments = point.Select((v, i) => Convert.ChangeType(v, primal.GetParameters()[i].ParameterType)).ToArray();
            var active = primal.GetParameters().Select((p, i) => (p, i)).Where(x => x.p.ParameterType == typeof(double)).Select(x => x.i).ToArray();
            var gradArguments = arguments.Concat(active.Select(_ => (object?)null)).ToArray();
            var value = (double)grad.Invoke(null, gradArguments)!;
            FiniteDifferences.AssertSameBits((double)primal.Invoke(null, arguments)!, value, method + "Grad vs " + method);
            for (var k = 0; k < active.Length; k++)
            {
                var i = active[k];
                double At(double v)
                {
                    var shifted = (object[])arguments.Clone();
                    shifted[i] = v;
                    return (double)primal.Invoke(null, shifted)!;
                }

                var x = (double)arguments[i];
                var h = FiniteDifferences.Step(x);
                var fd = (At(x + h) - At(x - h)) / (2 * h);
                var generated = (double)gradArguments[arguments.Length + k]!;
                Assert.True(Math.Abs(fd - generated) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{method}: ∂/∂{primal.GetParameters()[i].Name} = {generated}, central differences {fd}");
            }
        }
    }
}
