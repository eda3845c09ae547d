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

    [Fact]
    public void A_Jacobian_without_forward_mode_refuses_to_be_forced_forward_and_says_why()
    {
        // G has no Modes, so F (a vector function) has no Jvp: its Jacobian goes by rows, and forcing columns is refused.
        const string source = "using System; using DiffGen;\npublic static partial class C\n{\n    [Differentiable] public static double G(double a) => a * a;\n    [Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = G(x[0]) + x[1]; y[1] = x[0] * x[1]; }\n    public static void Run(double[] x, double[] y, double[] jac, JacobianMode mode) => FJacobian(x, y, jac, mode);\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var runMethod = run.Load().GetType("C")!.GetMethod("Run")!;
        var jac = new double[4];
        runMethod.Invoke(null, new object[] { new[] { 1.5, -2.0 }, new double[2], jac, JacobianMode.Auto });
        Assert.Equal(new[] { 3.0, 1.0, -2.0, 1.5 }, jac);
        var refused = Assert.Throws<System.Reflection.TargetInvocationException>(() => runMethod.Invoke(null, new object[] { new[] { 1.5, -2.0 }, new double[2], jac, JacobianMode.Forward }));
        var notSupported = Assert.IsType<NotSupportedException>(refused.InnerException);
        Assert.Equal("F has no forward mode (it calls 'G', which has no forward mode: add Modes = DiffModes.Forward to its [Differentiable] attribute); use JacobianMode.Reverse or Auto.", notSupported.Message);
    }
}
