using System.Reflection;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Non-public differentiable methods: Grad and Pullback get the primal's accessibility, so the private ones are
/// called from inside this class (which also proves at compile time that they exist with that signature).
/// </summary>
public partial class AccessibilityTests
{
    [Differentiable]
    private static double PrivateMethod(double x) => 0.5 * x * x + Math.Sin(x);

    [Differentiable]
    internal static double InternalMethod(double x, double y) => x * x * x * y;

    [Differentiable]
    protected static double ProtectedMethod(double x) => Math.Exp(2 * x);

    [Differentiable]
    private protected static double PrivateProtectedMethod(double x) => x / (1 + x * x);

    [Differentiable]
    private static float PrivateFloatMethod(float x) => x * MathF.Cos(x);

    [Differentiable]
    private static double PrivateCallsPrivate(double x) => PrivateMethod(x) * 2.0 + Hidden.HiddenMethod(x);

    private partial class Hidden
    {
        [Differentiable]
        internal static double HiddenMethod(double x) => Math.Tanh(x) * x;
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Private_method(double x) =>
        new GradientCheck(
            nameof(PrivateMethod), "x",
            p => PrivateMethod(p[0]),
            (p, d) => PrivateMethodGrad(p[0], out d[0]),
            (p, s, d) => PrivateMethodPullback(p[0], s, ref d[0]),
            p => [p[0] + Math.Cos(p[0])]).Check(x);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Internal_method(double x, double y) =>
        new GradientCheck(
            nameof(InternalMethod), "x y",
            p => InternalMethod(p[0], p[1]),
            (p, d) => InternalMethodGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => InternalMethodPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [3 * p[0] * p[0] * p[1], p[0] * p[0] * p[0]]).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(1.5)]
    public void Protected_method(double x) =>
        new GradientCheck(
            nameof(ProtectedMethod), "x",
            p => ProtectedMethod(p[0]),
            (p, d) => ProtectedMethodGrad(p[0], out d[0]),
            (p, s, d) => ProtectedMethodPullback(p[0], s, ref d[0]),
            p => [2 * Math.Exp(2 * p[0])]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Private_protected_method(double x) =>
        new GradientCheck(
            nameof(PrivateProtectedMethod), "x",
            p => PrivateProtectedMethod(p[0]),
            (p, d) => PrivateProtectedMethodGrad(p[0], out d[0]),
            (p, s, d) => PrivateProtectedMethodPullback(p[0], s, ref d[0]),
            p => [(1 - p[0] * p[0]) / ((1 + p[0] * p[0]) * (1 + p[0] * p[0]))]).Check(x);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Private_float_method(float x) =>
        new FloatGradientCheck(
            nameof(PrivateFloatMethod), "x",
            p => PrivateFloatMethod(p[0]),
            (p, d) => PrivateFloatMethodGrad(p[0], out d[0]),
            (p, s, d) => PrivateFloatMethodPullback(p[0], s, ref d[0]),
            p => [Math.Cos(p[0]) - p[0] * Math.Sin(p[0])]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Private_method_calling_private_and_nested_private_methods(double x) =>
        // 2(x²/2 + sin x) + x·tanh x
        new GradientCheck(
            nameof(PrivateCallsPrivate), "x",
            p => PrivateCallsPrivate(p[0]),
            (p, d) => PrivateCallsPrivateGrad(p[0], out d[0]),
            (p, s, d) => PrivateCallsPrivatePullback(p[0], s, ref d[0]),
            p =>
            {
                var t = Math.Tanh(p[0]);
                return [2 * (p[0] + Math.Cos(p[0])) + t + p[0] * (1 - t * t)];
            }).Check(x);

    [Theory]
    [InlineData(typeof(AccessibilityTests), nameof(PrivateMethod))]
    [InlineData(typeof(AccessibilityTests), nameof(InternalMethod))]
    [InlineData(typeof(AccessibilityTests), nameof(ProtectedMethod))]
    [InlineData(typeof(AccessibilityTests), nameof(PrivateProtectedMethod))]
    [InlineData(typeof(AccessibilityTests), nameof(PrivateFloatMethod))]
    [InlineData(typeof(Hidden), nameof(Hidden.HiddenMethod))]
    [InlineData(typeof(CallHelpers), nameof(CallHelpers.Product))]
    public void Grad_and_Pullback_have_the_primals_accessibility(Type type, string name)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var primal = type.GetMethod(name, all)!;
        foreach (var generatedName in new[] { name + "Grad", name + "Pullback" })
        {
            var generated = type.GetMethod(generatedName, all);
            Assert.True(generated is not null, $"{type.Name}.{generatedName} was not generated");
            Assert.Equal(Accessibility(primal), Accessibility(generated!));
            Assert.True(generated!.IsStatic);
        }
    }

    private static string Accessibility(MethodInfo m)
        => m.IsPublic ? "public"
            : m.IsPrivate ? "private"
            : m.IsAssembly ? "internal"
            : m.IsFamily ? "protected"
            : m.IsFamilyOrAssembly ? "protected internal"
            : m.IsFamilyAndAssembly ? "private protected"
            : "?";
}
