using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Diagnostics;

/// <summary>
/// DG0032: a method asks for forward or second-order derivatives (Modes) that DiffGen cannot give it yet. It is one
/// error on the method, saying what is missing; Grad and Pullback are still generated, and nothing fails to compile.
/// </summary>
public class ForwardModeDiagnosticTests
{
    [Theory]
    [InlineData("public record struct P(double A, double B); public static partial class C { [Differentiable(Modes = DiffModes.Hessian)] public static double /*here*/F(P p) => p.A * p.B; }",
        "'F' asks for forward or second-order derivatives (Modes), but struct parameters, multidimensional and jagged arrays have forward mode (Jvp) but no second order yet; pass spans of double/float; remove Modes or rewrite that part (Grad and Pullback are still generated)")]
    [InlineData("public static partial class C { [Differentiable(Modes = DiffModes.All)] public static double /*here*/F(double[,] m) => m[0, 0] * m[1, 1]; }",
        "'F' asks for forward or second-order derivatives (Modes), but struct parameters, multidimensional and jagged arrays have forward mode (Jvp) but no second order yet; pass spans of double/float; remove Modes or rewrite that part (Grad and Pullback are still generated)")]
    [InlineData("public static partial class C { [Differentiable(Modes = DiffModes.Hessian)] public static double /*here*/F(double x, out double y) { y = x * x; return x; } }",
        "'F' asks for forward or second-order derivatives (Modes), but out and ref parameters are not supported in forward mode yet; remove Modes or rewrite that part (Grad and Pullback are still generated)")]
    [InlineData("public static partial class C { [Differentiable] public static double G(double x) => x * x; [Differentiable(Modes = DiffModes.Forward)] public static double /*here*/F(double x) => G(x) + x; }",
        "'F' asks for forward or second-order derivatives (Modes), but it calls 'G', which has no forward mode: add Modes = DiffModes.Forward to its [Differentiable] attribute; remove Modes or rewrite that part (Grad and Pullback are still generated)")]
    [InlineData("public static partial class C { [Differentiable(Modes = DiffModes.Forward)] public static double G(double x) => x * x; [Differentiable(Modes = DiffModes.Hessian)] public static double /*here*/F(double x) => G(x) + x; }",
        "'F' asks for forward or second-order derivatives (Modes), but it calls 'G', which has no second order: add Modes = DiffModes.Hessian to its [Differentiable] attribute; remove Modes or rewrite that part (Grad and Pullback are still generated)")]
    public void DG0032_forward_mode_that_cannot_be_given(string source, string message)
    {
        source = "using DiffGen;\n" + source;
        var position = source.IndexOf("/*here*/", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(source.Remove(position, "/*here*/".Length));
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("DG0032", diagnostic.Id);
        Assert.Equal(position, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.Empty(run.CompilerDiagnostics);
        Assert.Contains("FGrad(", string.Join("\n", run.GeneratedFiles.Select(f => f.Text)));
    }

    [Fact]
    public void A_vector_function_that_forward_mode_cannot_handle_keeps_its_pullback_and_gets_no_error()
    {
        // Matrices have no forward mode yet: no Jacobian is emitted by default, and no error either.
        const string source = "using System; using DiffGen;\npublic static partial class C\n{\n    [Differentiable] public static void F(ReadOnlySpan<double> x, double[,] m, Span<double> y) { y[0] = x[0] * m[0, 1]; }\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.Select(f => f.Text));
        Assert.Contains("FPullback", text);
        Assert.DoesNotContain("FJacobian", text);
    }

    [Fact]
    public void Parameter_names_the_generated_methods_need_are_moved_aside()
    {
        // 'dx', 'vx', 'u', 'h' and 'value' are the primal's own names here: the generated ones take underscores.
        const string source = "using System; using DiffGen;\npublic static partial class C\n{\n    [Differentiable(Modes = DiffModes.All)] public static double F(ReadOnlySpan<double> x, double u, [NoDerivative] double h, int value, [NoDerivative] double vx) => x[0] * x[1] * u + h * vx + value;\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.Select(f => f.Text));
        Assert.Contains("FVjp(global::System.ReadOnlySpan<double> x, double u, double h, int value, double vx, double _u,", text);
        Assert.Contains("FHessian(global::System.ReadOnlySpan<double> x, double u, double h, int value, double vx, global::System.Span<double> _h)", text);
    }
}
