using Microsoft.CodeAnalysis;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Diagnostics;

/// <summary>
/// Uses of struct values the generator does not differentiate end in a located DG error or in code that compiles,
/// never in an internal error (DG9999) or a compiler error in generated code.
/// </summary>
public class StructRobustnessTests
{
    private const string Types = """
        using System;
        using System.Numerics;
        using DiffGen;
        public record struct P(double A, double B)
        {
            public static P operator +(P u, P v) => u + v;
            public static P operator -(P u, P v) => new(u.A - v.A, u.B - v.B);
            public double Loop { get { double s = 0; for (var i = 0; i < 3; i++) s += A; return s; } }
            public override string ToString() => $"({A}, {B})";
        }
        public static class Util
        {
            public static void Touch(ref P p) { }
            public static double Sum(in P p) => p.A + p.B;
        }
        """;

    [Theory]
    [InlineData("var q = p + p; return q.A;")]
    [InlineData("var q = p; return q.Loop;")]
    [InlineData("var q = p; Util.Touch(ref q); return q.A;")]
    [InlineData("var q = p - p; Console.WriteLine(q); return q.B;")]
    [InlineData("var q = p; Console.WriteLine($\"{q.A}\"); return q.B * x;")]
    [InlineData("var q = p; Func<double> f = () => q.A; return f();")]
    [InlineData("var q = p; object o = q; return q.A;")]
    [InlineData("var q = p; return Util.Sum(q) + Util.Sum(in q);")]
    [InlineData("var q = p; var r = q == p ? 1.0 : 2.0; return r * q.A;")]
    [InlineData("var v = new Vector3((float)x); var w = v with { Y = 2f }; return w.Y * v.X + Vector3.Transform(v, Quaternion.Identity).X;")]
    [InlineData("var q = p; q = q with { A = q.B, B = q.A }; return q.A - q.B;")]
    [InlineData("P q = default; q.A = x; q.B = 2 * x; return q.A * q.B;")]
    [InlineData("var arr = new P[2]; arr[0] = p; arr[1].A = x; var copy = arr; return copy[0].A;")]
    public void Never_an_internal_error_or_a_compiler_error_in_generated_code(string body)
    {
        var source = Types + "public static partial class C\n{\n    [Differentiable] public static double F(P p, double x)\n    {\n        " + body + "\n    }\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DG9999");
        var generatedErrors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.Contains(".g.cs") == true).ToList();
        Assert.True(generatedErrors.Count == 0, "Compiler errors in generated code: " + string.Join("; ", generatedErrors));
        if (!run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // It generated: the gradient must match central differences.
            var type = run.Load().GetType("C")!;
            var structType = type.Assembly.GetType("P")!;
            var p = Activator.CreateInstance(structType, 0.7, -0.4)!;
            var arguments = new[] { p, 1.3, null, null };
            var value = (double)type.GetMethod("FGrad")!.Invoke(null, arguments)!;
            Assert.Equal((double)type.GetMethod("F")!.Invoke(null, [p, 1.3])!, value);
            var h = 1e-6;
            var fd = ((double)type.GetMethod("F")!.Invoke(null, [p, 1.3 + h])! - (double)type.GetMethod("F")!.Invoke(null, [p, 1.3 - h])!) / (2 * h);
            Assert.Equal(fd, (double)arguments[3]!, 6);
        }
    }
}
