using Microsoft.CodeAnalysis;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Diagnostics;

/// <summary>
/// What cannot be differentiated among struct values gets one located error that names the fix: a struct holding a
/// reference, a struct whose fields cannot be set, a SIMD vector, Complex as an active value, a span of structs with
/// mixed fields, and a receiver that cannot be active.
/// </summary>
public class StructDiagnosticTests
{
    [Theory]
    [InlineData("public struct S { public double X; public double[] Data; }", "S s", "s.X",
        "Parameter 's' has type 'S', which DiffGen cannot differentiate: its field 'Data' has type 'double[]'; a differentiable struct holds only double/float fields (and passive integer, bool or [NoDerivative] ones): move 'Data' out of the struct, or mark the parameter [NoDerivative]")]
    [InlineData("public struct S { public double X { get; } public S(double x) { X = x; } }", "S s", "s.X",
        "Parameter 's' has type 'S', which DiffGen cannot differentiate: its field 'X' cannot be set, so DiffGen cannot build the gradient (a struct of the same type): give it a setter or an init accessor, or make the field writable")]
    [InlineData("", "System.Runtime.Intrinsics.Vector256<double> v", "System.Runtime.Intrinsics.Vector256.GetElement(v, 0)",
        "Parameter 'v' has type 'System.Runtime.Intrinsics.Vector256<double>', which DiffGen cannot differentiate: SIMD vectors are not differentiable values; write the computation over double or float (spans or arrays of them), or use System.Numerics.Vector2/3/4, and let the JIT vectorise the loops")]
    [InlineData("", "System.Numerics.Complex z", "z.Real",
        "Parameter 'z' has type 'System.Numerics.Complex', which DiffGen cannot differentiate: Complex is supported as passive data only ([NoDerivative], or values built from constants); pass the real and imaginary parts as double parameters to differentiate with respect to them")]
    [InlineData("public record struct B(double X, int Count);", "System.ReadOnlySpan<B> bodies", "bodies[0].X",
        "Parameter 'bodies' has type 'System.ReadOnlySpan<B>', which DiffGen cannot differentiate: a span or array of structs is read as one flat span of their fields, so every field must be active and of one type (all double or all float): move passive or differently typed fields out, or mark the parameter [NoDerivative]")]
    public void DG0031_a_parameter_type_that_cannot_be_differentiated(string declaration, string parameter, string use, string message)
    {
        var source = "using DiffGen;\n" + declaration + "\npublic static partial class C\n{\n    [Differentiable] public static double F(/*here*/" + parameter + ") => " + use + ";\n}\n";
        var position = source.IndexOf("/*here*/", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(source.Remove(position, "/*here*/".Length));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("DG0031", diagnostic.Id);
        Assert.Equal(position, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Passive_Complex_values_are_data()
    {
        var run = GeneratorHarness.Run("""
            using System.Numerics;
            using DiffGen;
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, [NoDerivative] Complex z)
                {
                    var w = z * new Complex(2, -1);
                    return x * w.Real + x * x * w.Imaginary + Complex.Abs(w);
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var type = run.Load().GetType("C")!;
        var z = new System.Numerics.Complex(0.5, 1.5);
        var w = z * new System.Numerics.Complex(2, -1);
        var arguments = new object?[] { 0.75, z, null };
        Assert.Equal((double)type.GetMethod("F")!.Invoke(null, [0.75, z])!, (double)type.GetMethod("FGrad")!.Invoke(null, arguments)!);
        Assert.Equal(w.Real + 2 * 0.75 * w.Imaginary, (double)arguments[2]!, 12);
    }

    [Theory]
    [InlineData("public static partial class C { public static double K = 2; [/*here*/Differentiable(WithRespectToThis = true)] public static double F(double x) => K * x; }",
        "'F' asks for its gradient with respect to 'this' (WithRespectToThis = true), but it is static and has no receiver: take the struct as a parameter instead")]
    [InlineData("public partial class C { public double K = 2; [/*here*/Differentiable(WithRespectToThis = true)] public double F(double x) => K * x; }",
        "'F' asks for its gradient with respect to 'this' (WithRespectToThis = true), but 'C' is a class, shared by reference, so its fields are read as constants: make it a struct of double/float fields, or pass the values as parameters")]
    [InlineData("public partial struct C { public string Name; public double K; [/*here*/Differentiable(WithRespectToThis = true)] public double F(double x) => K * x; }",
        "'F' asks for its gradient with respect to 'this' (WithRespectToThis = true), but the fields of 'C' are not all double/float (or passive integer, bool or [NoDerivative] fields) with setters or init accessors: pass the values as parameters")]
    public void DG0030_a_receiver_that_cannot_be_active(string source, string message)
    {
        source = "using DiffGen;\n" + source;
        var position = source.IndexOf("/*here*/", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(source.Remove(position, "/*here*/".Length));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("DG0030", diagnostic.Id);
        Assert.Equal(position, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(message, diagnostic.GetMessage());
    }

    [Fact]
    public void DG0013_a_SIMD_vector_local()
    {
        const string source = "using DiffGen;\npublic static partial class C\n{\n    [Differentiable] public static double F(double x)\n    {\n        var /*here*/v = System.Runtime.Intrinsics.Vector128.Create(x);\n        return x;\n    }\n}\n";
        var position = source.IndexOf("/*here*/", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(source.Remove(position, "/*here*/".Length));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DG0013");
        Assert.Equal(position, diagnostic.Location.SourceSpan.Start);
        Assert.Contains("SIMD vectors are not differentiable values", diagnostic.GetMessage());
    }

    [Fact]
    public void DG0013_a_parameter_named_like_a_field_of_a_struct_parameter_gets_no_shim()
    {
        const string source = "using DiffGen;\npublic record struct P(double A, double B);\npublic static partial class C\n{\n    [Differentiable] public static double F(P p, double p_A) => p.A * p_A + p.B;\n    [Differentiable] public static double G(double x)\n    {\n        var q = new P(x, 2 * x);\n        return /*here*/F(q, x);\n    }\n}\n";
        var position = source.IndexOf("/*here*/", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(source.Remove(position, "/*here*/".Length));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("DG0013", diagnostic.Id);
        Assert.Equal(position, diagnostic.Location.SourceSpan.Start);
        Assert.Equal("Passing a struct built here to 'F' is not supported in a [Differentiable] method; rename its parameter 'p_A', whose name DiffGen needs for the field A of 'p'", diagnostic.GetMessage());

        // F itself still gets its gradient, and no ByFields shim whose parameters would clash.
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.GeneratedFiles, f => f.Text.Contains("FGrad("));
        Assert.DoesNotContain(run.GeneratedFiles, f => f.Text.Contains("FByFields("));
    }
}
