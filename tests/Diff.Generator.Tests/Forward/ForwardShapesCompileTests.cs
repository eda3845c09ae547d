using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Forward;

/// <summary>
/// Shapes the other forward-mode tests do not compile in the test project itself: each must give no diagnostic and
/// generated code that compiles without a warning, and the methods each mode promises.
/// </summary>
public class ForwardShapesCompileTests
{
    [Theory]
    [InlineData("instance method", "public partial class C { public double K = 2; [Differentiable(Modes = DiffModes.All)] public double F(ReadOnlySpan<double> x, double s) { var t = 0.0; for (var i = 0; i < x.Length; i++) t += K * Math.Sin(s * x[i]); return t; } }", "FJvp FTangent FVjp FHvp FHessian FTangentPullback")]
    [InlineData("float vector function with passive data", "public static partial class C { [Differentiable] public static void F(ReadOnlySpan<float> x, Span<float> y, int n, [NoDerivative] float[] w) { for (var i = 0; i < y.Length; i++) y[i] = w[i % w.Length] * MathF.Tanh(x[i % x.Length] * n); } }", "FJacobian FJvp FVjp")]
    [InlineData("generic vector function", "public static partial class C { [Differentiable] public static void F<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> { y[0] = x[0] * x[1]; y[1] = T.Exp(x[0]); } }", "FJacobian FJvp FVjp")]
    [InlineData("in parameters", "public static partial class C { [Differentiable(Modes = DiffModes.All)] public static double F(in double a, double b) => a * a * Math.Exp(b); }", "FJvp FHvp FHessian")]
    [InlineData("instance vector function", "public partial class C { public double K = 3; [Differentiable] public void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = K * x[0] * x[1]; } }", "FJacobian FJvp FVjp")]
    [InlineData("a method calling a vector function", "public static partial class C { [Differentiable(Modes = DiffModes.All)] public static double G(double a) => a * a; [Differentiable(Modes = DiffModes.All)] public static void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = G(x[0]) + x[1]; } }", "FJacobian FJvp FVjp GHvp")]
    public void Compiles_with_every_promised_method(string shape, string declarations, string promised)
    {
        var source = "using System; using System.Numerics; using DiffGen;\n" + declarations + "\n";
        var run = GeneratorHarness.Run(source);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, shape + ": " + string.Join("; ", run.GeneratorDiagnostics));
        Assert.True(run.CompilerDiagnostics.IsEmpty, shape + ": " + string.Join("; ", run.CompilerDiagnostics));
        var text = string.Join("\n", run.GeneratedFiles.Select(f => f.Text));
        foreach (var method in promised.Split(' '))
        {
            Assert.True(text.Contains(" " + method + "(") || text.Contains(" " + method + "<"), shape + ": no " + method);
        }
    }
}
