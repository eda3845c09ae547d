using System.Reflection;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// float methods (float in, float out: Grad and Pullback use float throughout) and code that mixes float and
/// double: double locals inside a float method, a float parameter of a double method, calls across the two.
/// </summary>
public partial class FloatPrecisionTests
{
    // ---- float methods ------------------------------------------------------------------------------------------

    [Differentiable]
    public static float Polynomial(float x, float y) => x * x * y + 2f * y - x / y;

    [Differentiable]
    public static float BlockWithLocals(float x)
    {
        float a = MathF.Sin(x);
        var b = a * x;
        b += 1.5f;
        const float k = 0.25f;
        return k * b * MathF.Exp(-x);
    }

    [Differentiable]
    public static float WithIntParameter(float x, int n) => x * n + n / 2 + x * x * (n % 2);

    [Differentiable]
    public static float Branches(float x, float y)
    {
        if (x > y)
        {
            return x * y;
        }

        var t = x - y;
        return t > -1f ? t * t : MathF.Sqrt(-t);
    }

    [Differentiable]
    public static float WithNoDerivative(float x, [NoDerivative] float c) => c * x * x + MathF.Cos(c);

    [Differentiable]
    public static float Square(float x) => x * x;

    [Differentiable]
    public static float CallsFloatCallee(float x, float y) => Square(x + y) * x;

    // ---- mixed float / double -----------------------------------------------------------------------------------

    [Differentiable]
    public static float DoubleLocalsInside(float x)
    {
        double t = x;
        double u = Math.Sin(t) * t;
        return (float)u + x;
    }

    [Differentiable]
    public static float DoubleLiteralInFloatCode(float x) => (float)(x * 0.1) + x * x;

    [Differentiable]
    public static double DoubleWithFloatParameter(double x, float y) => x * y + Math.Sin(y);

    [Differentiable]
    public static double Cube(double x) => x * x * x;

    [Differentiable]
    public static double DoubleCallsFloat(double x) => Square((float)x) * x;

    [Differentiable]
    public static float FloatCallsDouble(float x) => (float)Cube(x) + x;

    [Differentiable]
    public static float InexactFloatLiterals(float x) => x * 0.1f + 1.1f + x * x * 3.3333333f;

    [Differentiable]
    public static float DoubleMathInFloatMethod(float x) => (float)Math.Sqrt(x) + MathF.Max(x, 0f);

    [Differentiable]
    public static double FloatCompoundInDoubleMethod(double x)
    {
        float f = (float)x;
        f += 0.1f;
        f *= 2;
        return f * x;
    }

    [Differentiable]
    public static float NegativeLiteralsF(float x) => x * -2f - -3f * x + MathF.Atan2(-1f, x) - -x;

    // ---- float methods: FD + closed form ------------------------------------------------------------------------

    [Theory]
    [InlineData(0.3f, 1.7f)]
    [InlineData(-1.2f, 0.4f)]
    [InlineData(2.5f, -3.1f)]
    public void Float_polynomial(float x, float y) =>
        new FloatGradientCheck(
            nameof(Polynomial), "x y",
            p => Polynomial(p[0], p[1]),
            (p, d) => PolynomialGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => PolynomialPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [2 * p[0] * p[1] - 1 / p[1], p[0] * p[0] + 2 + p[0] / (p[1] * p[1])]).Check(x, y);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Float_block_with_locals_and_const(float x) =>
        new FloatGradientCheck(
            nameof(BlockWithLocals), "x",
            p => BlockWithLocals(p[0]),
            (p, d) => BlockWithLocalsGrad(p[0], out d[0]),
            (p, s, d) => BlockWithLocalsPullback(p[0], s, ref d[0]),
            p =>
            {
                var t = p[0];
                var b = Math.Sin(t) * t + 1.5;
                var db = Math.Cos(t) * t + Math.Sin(t);
                return [0.25 * (db - b) * Math.Exp(-t)];
            }).Check(x);

    [Theory]
    [InlineData(0.3f, 3)]
    [InlineData(-1.2f, 4)]
    [InlineData(2.5f, -5)]
    public void Float_with_an_int_parameter(float x, int n) =>
        new FloatGradientCheck(
            nameof(WithIntParameter), "x",
            p => WithIntParameter(p[0], n),
            (p, d) => WithIntParameterGrad(p[0], n, out d[0]),
            (p, s, d) => WithIntParameterPullback(p[0], n, s, ref d[0]),
            p => [n + 2 * p[0] * (n % 2)]).Check(x);

    [Theory]
    [InlineData(2f, 0.5f)]    // x > y
    [InlineData(0.2f, 0.7f)]  // t > −1: t²
    [InlineData(-3f, 1f)]     // t ≤ −1: √(−t)
    public void Float_branches_and_early_return(float x, float y) =>
        new FloatGradientCheck(
            nameof(Branches), "x y",
            p => Branches(p[0], p[1]),
            (p, d) => BranchesGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => BranchesPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (a > b) return [b, a];
                var t = a - b;
                return t > -1 ? [2 * t, -2 * t] : [-0.5 / Math.Sqrt(-t), 0.5 / Math.Sqrt(-t)];
            }).Check(x, y);

    [Theory]
    [InlineData(0.7f, 3f)]
    [InlineData(-1.3f, 0.5f)]
    [InlineData(2.1f, -2f)]
    public void Float_NoDerivative_parameter(float x, float c) =>
        new FloatGradientCheck(
            nameof(WithNoDerivative), "x",
            p => WithNoDerivative(p[0], c),
            (p, d) => WithNoDerivativeGrad(p[0], c, dx: out d[0]),
            (p, s, d) => WithNoDerivativePullback(p[0], c, s, dx: ref d[0]),
            p => [2.0 * c * p[0]]).Check(x);

    [Theory]
    [InlineData(0.3f, 1.7f)]
    [InlineData(-1.2f, 0.4f)]
    [InlineData(2.5f, -3.1f)]
    public void Float_call_to_a_float_callee(float x, float y) =>
        // (x + y)²·x
        new FloatGradientCheck(
            nameof(CallsFloatCallee), "x y",
            p => CallsFloatCallee(p[0], p[1]),
            (p, d) => CallsFloatCalleeGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallsFloatCalleePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return [2 * (a + b) * a + (a + b) * (a + b), 2 * (a + b) * a];
            }).Check(x, y);

    [Fact]
    public void Float_methods_use_float_throughout()
    {
        // Compile-time: the declared types below must match the generated signatures exactly.
        float value = PolynomialGrad(1.5f, 2f, out float dx, out float dy);
        float pulled = PolynomialPullback(1.5f, 2f, 1f, ref dx, ref dy);
        Assert.Equal(value, pulled);

        // Run time: every float [Differentiable] method of this class has float-only Grad/Pullback signatures.
        var floatMethods = typeof(FloatPrecisionTests).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null && m.ReturnType == typeof(float))
            .ToList();
        Assert.NotEmpty(floatMethods);
        foreach (var method in floatMethods)
        {
            foreach (var generated in new[] { method.Name + "Grad", method.Name + "Pullback" })
            {
                var g = typeof(FloatPrecisionTests).GetMethod(generated, BindingFlags.Public | BindingFlags.Static);
                Assert.True(g is not null, $"{generated} was not generated");
                Assert.Equal(typeof(float), g!.ReturnType);
                var extra = g.GetParameters().Skip(method.GetParameters().Length).ToList();
                Assert.All(extra, p => Assert.True(
                    p.ParameterType == typeof(float) || p.ParameterType == typeof(float).MakeByRefType(),
                    $"{generated}: parameter {p.Name} has type {p.ParameterType}, expected float"));
            }
        }
    }

    // ---- mixed float / double -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Double_locals_inside_a_float_method(float x) =>
        new FloatGradientCheck(
            nameof(DoubleLocalsInside), "x",
            p => DoubleLocalsInside(p[0]),
            (p, d) => DoubleLocalsInsideGrad(p[0], out d[0]),
            (p, s, d) => DoubleLocalsInsidePullback(p[0], s, ref d[0]),
            p => [Math.Cos(p[0]) * p[0] + Math.Sin(p[0]) + 1]).Check(x);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Double_literal_in_float_code(float x) =>
        new FloatGradientCheck(
            nameof(DoubleLiteralInFloatCode), "x",
            p => DoubleLiteralInFloatCode(p[0]),
            (p, d) => DoubleLiteralInFloatCodeGrad(p[0], out d[0]),
            (p, s, d) => DoubleLiteralInFloatCodePullback(p[0], s, ref d[0]),
            p => [0.1 + 2 * p[0]]).Check(x);

    [Theory]
    [InlineData(0.3, 1.7f)]
    [InlineData(-1.2, 0.4f)]
    [InlineData(2.5, -3.1f)]
    public void Float_parameter_of_a_double_method(double x, float y) =>
        // The y direction goes through float rounding of the argument, hence the float step for its difference.
        new GradientCheck(
            nameof(DoubleWithFloatParameter), "x y",
            p => DoubleWithFloatParameter(p[0], (float)p[1]),
            (p, d) =>
            {
                var v = DoubleWithFloatParameterGrad(p[0], (float)p[1], out d[0], out var dy);
                d[1] = dy;
                return v;
            },
            (p, s, d) =>
            {
                var dy = (float)d[1];
                var v = DoubleWithFloatParameterPullback(p[0], (float)p[1], s, ref d[0], ref dy);
                d[1] = dy;
                return v;
            },
            p => [(float)p[1], p[0] + Math.Cos((float)p[1])])
        {
            FiniteDifferenceStep = FiniteDifferences.FloatStep,
            FiniteDifferenceTolerance = FiniteDifferences.FloatTolerance,
            AnalyticTolerance = FiniteDifferences.FloatAnalyticTolerance,
        }.Check(x, y);

    [Fact]
    public void Gradient_of_a_float_parameter_is_a_float()
    {
        // DESIGN.md: "out T for a scalar" — the gradient has the parameter's type.
        var grad = typeof(FloatPrecisionTests).GetMethod(nameof(DoubleWithFloatParameterGrad))!;
        var dy = grad.GetParameters().Single(p => p.Name == "dy");
        Assert.True(dy.IsOut);
        Assert.Equal(typeof(float).MakeByRefType(), dy.ParameterType);
        var dx = grad.GetParameters().Single(p => p.Name == "dx");
        Assert.Equal(typeof(double).MakeByRefType(), dx.ParameterType);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Double_method_calling_a_float_callee(double x) =>
        // ((float)x)²·x: d/dx = 2(float)x·x + ((float)x)², to float accuracy
        new GradientCheck(
            nameof(DoubleCallsFloat), "x",
            p => DoubleCallsFloat(p[0]),
            (p, d) => DoubleCallsFloatGrad(p[0], out d[0]),
            (p, s, d) => DoubleCallsFloatPullback(p[0], s, ref d[0]),
            p =>
            {
                double f = (float)p[0];
                return [2 * f * p[0] + f * f];
            })
        {
            FiniteDifferenceStep = FiniteDifferences.FloatStep,
            FiniteDifferenceTolerance = FiniteDifferences.FloatTolerance,
            AnalyticTolerance = FiniteDifferences.FloatAnalyticTolerance,
        }.Check(x);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Float_method_calling_a_double_callee(float x) =>
        new FloatGradientCheck(
            nameof(FloatCallsDouble), "x",
            p => FloatCallsDouble(p[0]),
            (p, d) => FloatCallsDoubleGrad(p[0], out d[0]),
            (p, s, d) => FloatCallsDoublePullback(p[0], s, ref d[0]),
            p => [3 * p[0] * p[0] + 1]).Check(x);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Inexact_float_literals_keep_their_bits(float x) =>
        new FloatGradientCheck(
            nameof(InexactFloatLiterals), "x",
            p => InexactFloatLiterals(p[0]),
            (p, d) => InexactFloatLiteralsGrad(p[0], out d[0]),
            (p, s, d) => InexactFloatLiteralsPullback(p[0], s, ref d[0]),
            p => [(double)0.1f + 2 * p[0] * (double)3.3333333f]).Check(x);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(1.5f)]
    [InlineData(4f)]
    public void Double_Math_function_inside_a_float_method(float x) =>
        new FloatGradientCheck(
            nameof(DoubleMathInFloatMethod), "x",
            p => DoubleMathInFloatMethod(p[0]),
            (p, d) => DoubleMathInFloatMethodGrad(p[0], out d[0]),
            (p, s, d) => DoubleMathInFloatMethodPullback(p[0], s, ref d[0]),
            p => [0.5 / Math.Sqrt(p[0]) + 1]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Float_compound_assignments_inside_a_double_method(double x) =>
        // f = 2((float)x + 0.1f) in float; d/dx (f·x) = f + 2x, to float accuracy
        new GradientCheck(
            nameof(FloatCompoundInDoubleMethod), "x",
            p => FloatCompoundInDoubleMethod(p[0]),
            (p, d) => FloatCompoundInDoubleMethodGrad(p[0], out d[0]),
            (p, s, d) => FloatCompoundInDoubleMethodPullback(p[0], s, ref d[0]),
            p => [(double)(((float)p[0] + 0.1f) * 2f) + 2 * p[0]])
        {
            FiniteDifferenceStep = FiniteDifferences.FloatStep,
            FiniteDifferenceTolerance = FiniteDifferences.FloatTolerance,
            AnalyticTolerance = FiniteDifferences.FloatAnalyticTolerance,
        }.Check(x);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(-1.2f)]
    [InlineData(2.5f)]
    public void Float_negative_literals(float x) =>
        new FloatGradientCheck(
            nameof(NegativeLiteralsF), "x",
            p => NegativeLiteralsF(p[0]),
            (p, d) => NegativeLiteralsFGrad(p[0], out d[0]),
            (p, s, d) => NegativeLiteralsFPullback(p[0], s, ref d[0]),
            p => [2 + 1 / (1 + p[0] * p[0])]).Check(x);
}
