namespace DiffGen.Runtime.Tests.Generated;

/// <summary>One lifted op per derivative rule (and a product or quotient where the rule alone has no curvature), for the second-order check.</summary>
public static partial class RuleFunctions
{
    [Differentiable, TapeOp]
    public static float Sin(float x) => MathF.Sin(x);

    [Differentiable, TapeOp]
    public static float Cos(float x) => MathF.Cos(x);

    [Differentiable, TapeOp]
    public static float Tan(float x) => MathF.Tan(x);

    [Differentiable, TapeOp]
    public static float Asin(float x) => MathF.Asin(x);

    [Differentiable, TapeOp]
    public static float Acos(float x) => MathF.Acos(x);

    [Differentiable, TapeOp]
    public static float Atan(float x) => MathF.Atan(x);

    [Differentiable, TapeOp]
    public static float Sinh(float x) => MathF.Sinh(x);

    [Differentiable, TapeOp]
    public static float Cosh(float x) => MathF.Cosh(x);

    [Differentiable, TapeOp]
    public static float Tanh(float x) => MathF.Tanh(x);

    [Differentiable, TapeOp]
    public static float Asinh(float x) => MathF.Asinh(x);

    [Differentiable, TapeOp]
    public static float Acosh(float x) => MathF.Acosh(x);

    [Differentiable, TapeOp]
    public static float Atanh(float x) => MathF.Atanh(x);

    [Differentiable, TapeOp]
    public static float Exp(float x) => MathF.Exp(x);

    [Differentiable, TapeOp]
    public static float Log(float x) => MathF.Log(x);

    [Differentiable, TapeOp]
    public static float Log10(float x) => MathF.Log10(x);

    [Differentiable, TapeOp]
    public static float Log2(float x) => MathF.Log2(x);

    [Differentiable, TapeOp]
    public static float Sqrt(float x) => MathF.Sqrt(x);

    [Differentiable, TapeOp]
    public static float Cbrt(float x) => MathF.Cbrt(x);

    [Differentiable, TapeOp]
    public static float Abs(float x) => MathF.Abs(x) * x;

    [Differentiable, TapeOp]
    public static float PowConstant(float x) => MathF.Pow(x, 2.5f);

    [Differentiable, TapeOp]
    public static float PowOfConstant(float x) => MathF.Pow(1.7f, x);

    [Differentiable, TapeOp]
    public static float Atan2(float x) => MathF.Atan2(x, 0.7f);

    [Differentiable, TapeOp]
    public static float LogBase(float x) => MathF.Log(x, 3f);

    [Differentiable, TapeOp]
    public static float MaxOfSquare(float x) => MathF.Max(x * x, 0.5f);

    [Differentiable, TapeOp]
    public static float Fma(float x) => MathF.FusedMultiplyAdd(x, x * x, x);

    [Differentiable, TapeOp]
    public static float Quotient(float x) => (x + 2f) / (x * x + 1f);
}

/// <summary>
/// Every derivative rule under forward mode: the second derivative a nested tape takes of each lifted op (the
/// generated <c>PullbackTangent</c>) against central differences of its generated first derivative, at points inside
/// each function's domain and away from kinks.
/// </summary>
public sealed class LiftedOpRuleSecondOrderTests
{
    public delegate void FirstDerivative(float x, ref float gradient);

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, FirstDerivative First, float[] Points)> Cases = new()
    {
        ["Sin"] = (RuleFunctions.SinOp, (float x, ref float g) => RuleFunctions.SinPullback(x, 1f, ref g), [-2.5f, 0.3f, 1.2f]),
        ["Cos"] = (RuleFunctions.CosOp, (float x, ref float g) => RuleFunctions.CosPullback(x, 1f, ref g), [-2.5f, 0.3f, 1.2f]),
        ["Tan"] = (RuleFunctions.TanOp, (float x, ref float g) => RuleFunctions.TanPullback(x, 1f, ref g), [-1.0f, 0.3f, 1.2f]),
        ["Asin"] = (RuleFunctions.AsinOp, (float x, ref float g) => RuleFunctions.AsinPullback(x, 1f, ref g), [-0.7f, 0.2f, 0.6f]),
        ["Acos"] = (RuleFunctions.AcosOp, (float x, ref float g) => RuleFunctions.AcosPullback(x, 1f, ref g), [-0.7f, 0.2f, 0.6f]),
        ["Atan"] = (RuleFunctions.AtanOp, (float x, ref float g) => RuleFunctions.AtanPullback(x, 1f, ref g), [-3f, 0.4f, 2f]),
        ["Sinh"] = (RuleFunctions.SinhOp, (float x, ref float g) => RuleFunctions.SinhPullback(x, 1f, ref g), [-1.5f, 0.3f, 2f]),
        ["Cosh"] = (RuleFunctions.CoshOp, (float x, ref float g) => RuleFunctions.CoshPullback(x, 1f, ref g), [-1.5f, 0.3f, 2f]),
        ["Tanh"] = (RuleFunctions.TanhOp, (float x, ref float g) => RuleFunctions.TanhPullback(x, 1f, ref g), [-1.5f, 0.3f, 2f]),
        ["Asinh"] = (RuleFunctions.AsinhOp, (float x, ref float g) => RuleFunctions.AsinhPullback(x, 1f, ref g), [-2f, 0.3f, 3f]),
        ["Acosh"] = (RuleFunctions.AcoshOp, (float x, ref float g) => RuleFunctions.AcoshPullback(x, 1f, ref g), [1.3f, 2f, 5f]),
        ["Atanh"] = (RuleFunctions.AtanhOp, (float x, ref float g) => RuleFunctions.AtanhPullback(x, 1f, ref g), [-0.6f, 0.1f, 0.5f]),
        ["Exp"] = (RuleFunctions.ExpOp, (float x, ref float g) => RuleFunctions.ExpPullback(x, 1f, ref g), [-2f, 0.5f, 2f]),
        ["Log"] = (RuleFunctions.LogOp, (float x, ref float g) => RuleFunctions.LogPullback(x, 1f, ref g), [0.3f, 1.5f, 6f]),
        ["Log10"] = (RuleFunctions.Log10Op, (float x, ref float g) => RuleFunctions.Log10Pullback(x, 1f, ref g), [0.3f, 1.5f, 6f]),
        ["Log2"] = (RuleFunctions.Log2Op, (float x, ref float g) => RuleFunctions.Log2Pullback(x, 1f, ref g), [0.3f, 1.5f, 6f]),
        ["Sqrt"] = (RuleFunctions.SqrtOp, (float x, ref float g) => RuleFunctions.SqrtPullback(x, 1f, ref g), [0.3f, 1.5f, 6f]),
        ["Cbrt"] = (RuleFunctions.CbrtOp, (float x, ref float g) => RuleFunctions.CbrtPullback(x, 1f, ref g), [-2f, 0.4f, 5f]),
        ["Abs"] = (RuleFunctions.AbsOp, (float x, ref float g) => RuleFunctions.AbsPullback(x, 1f, ref g), [-2f, 0.4f, 3f]),
        ["PowConstant"] = (RuleFunctions.PowConstantOp, (float x, ref float g) => RuleFunctions.PowConstantPullback(x, 1f, ref g), [0.4f, 1.3f, 2.2f]),
        ["PowOfConstant"] = (RuleFunctions.PowOfConstantOp, (float x, ref float g) => RuleFunctions.PowOfConstantPullback(x, 1f, ref g), [-1f, 0.5f, 2f]),
        ["Atan2"] = (RuleFunctions.Atan2Op, (float x, ref float g) => RuleFunctions.Atan2Pullback(x, 1f, ref g), [-1.5f, 0.3f, 2f]),
        ["LogBase"] = (RuleFunctions.LogBaseOp, (float x, ref float g) => RuleFunctions.LogBasePullback(x, 1f, ref g), [0.4f, 1.5f, 5f]),
        ["MaxOfSquare"] = (RuleFunctions.MaxOfSquareOp, (float x, ref float g) => RuleFunctions.MaxOfSquarePullback(x, 1f, ref g), [-2f, 1.5f, 2.5f]),
        ["Fma"] = (RuleFunctions.FmaOp, (float x, ref float g) => RuleFunctions.FmaPullback(x, 1f, ref g), [-1.5f, 0.4f, 2f]),
        ["Quotient"] = (RuleFunctions.QuotientOp, (float x, ref float g) => RuleFunctions.QuotientPullback(x, 1f, ref g), [-1.5f, 0.4f, 2f]),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_second_derivative_matches_central_differences_of_the_generated_first_derivative(string name)
    {
        var (op, first, points) = Cases[name];
        var (_, second) = LiftedOpSecondOrderTests.Derivatives(Tensor.From(points, points.Length), op);
        for (var i = 0; i < points.Length; i++)
        {
            // Central differences of a float function: h = 2⁻⁸ balances truncation (h²·f‴) against rounding (ε/h).
            const float H = 1f / 256;
            float At(float v)
            {
                var g = 0f;
                first(v, ref g);
                return g;
            }

            var expected = (At(points[i] + H) - At(points[i] - H)) / (2 * H);
            var actual = second!.AsSpan()[i];
            Assert.True(
                Math.Abs(expected - actual) <= 2e-3 * Math.Max(1, Math.Abs(expected)),
                $"{name}'' at {points[i]}: tape {actual}, central difference {expected}");
        }
    }
}
