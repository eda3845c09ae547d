using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// User names that meet the generator's own (<c>_t0</c>, <c>_d_x</c>, <c>x_1</c>, a parameter called <c>seed</c>, a
/// non-ASCII name) and activity corner cases: an active parameter that is unused, overwritten by a constant, or a
/// result that depends on nothing active.
/// </summary>
public partial class NamingAndActivityTests
{
    [Differentiable]
    public static double LocalsNamedLikeGeneratedNames(double x, double y)
    {
        var _t0 = x * 2;
        var _d_x = x + 1;
        var _c0 = y * y;
        var _ret0 = _t0 * _d_x;
        var y_1 = y * 3;
        y = y * x;
        return _ret0 + _c0 + y + y_1;
    }

    [Differentiable]
    public static double LocalsNamedLikeGradientsAndSeed(double x, double y)
    {
        var dx = x * 0.5;
        var dy = y * y;
        var seed = x + y;
        return dx * x + dy * seed;
    }

    [Differentiable]
    public static double ParameterNamedSeed(double seed, double x) => seed * seed * x;

    [Differentiable]
    public static double NonAsciiName(double α, double β) => α * Math.Sin(β) + α * α;

    [Differentiable]
    public static double ParameterOverwrittenByConstant(double x, double y)
    {
        x = 2.0;
        return x * y + y;
    }

    [Differentiable]
    public static double UnusedParameter(double x, double y) => x * x * 2;

#pragma warning disable DG0026 // on purpose: the gradient of a constant is zero (DiagnosticTests checks the warning)
    [Differentiable]
    public static double ConstantResult(double x) => 3.0;
#pragma warning restore DG0026

    [Differentiable]
    public static double OnlyPassiveParameters(int n, [NoDerivative] double c) => n * c + Math.Sin(c);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Locals_named_like_generated_temporaries_and_versions(double x, double y) =>
        // 2x(x + 1) + y² + xy + 3y
        new GradientCheck(
            nameof(LocalsNamedLikeGeneratedNames), "x y",
            p => LocalsNamedLikeGeneratedNames(p[0], p[1]),
            (p, d) => LocalsNamedLikeGeneratedNamesGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => LocalsNamedLikeGeneratedNamesPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [4 * p[0] + 2 + p[1], 2 * p[1] + p[0] + 3]).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Parameter_named_seed(double seed, double x) =>
        // The Pullback's own seed comes after the inputs (positional), the gradient of 'seed' is 'dseed'.
        new GradientCheck(
            nameof(ParameterNamedSeed), "seed x",
            p => ParameterNamedSeed(p[0], p[1]),
            (p, d) => ParameterNamedSeedGrad(p[0], p[1], dseed: out d[0], dx: out d[1]),
            (p, s, d) => ParameterNamedSeedPullback(p[0], p[1], s, dseed: ref d[0], dx: ref d[1]),
            p => [2 * p[0] * p[1], p[0] * p[0]]).Check(seed, x);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Non_ascii_parameter_names(double a, double b) =>
        new GradientCheck(
            nameof(NonAsciiName), "α β",
            p => NonAsciiName(p[0], p[1]),
            (p, d) => NonAsciiNameGrad(p[0], p[1], dα: out d[0], dβ: out d[1]),
            (p, s, d) => NonAsciiNamePullback(p[0], p[1], s, dα: ref d[0], dβ: ref d[1]),
            p => [Math.Sin(p[1]) + 2 * p[0], p[0] * Math.Cos(p[1])]).Check(a, b);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Parameter_overwritten_by_a_constant_has_zero_gradient(double x, double y)
    {
        var gradient = new GradientCheck(
            nameof(ParameterOverwrittenByConstant), "x y",
            p => ParameterOverwrittenByConstant(p[0], p[1]),
            (p, d) => ParameterOverwrittenByConstantGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ParameterOverwrittenByConstantPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [0.0, 3.0]).Check(x, y);
        Assert.Equal(0.0, gradient[0]);
    }

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Unused_parameter_has_zero_gradient(double x, double y)
    {
        var gradient = new GradientCheck(
            nameof(UnusedParameter), "x y",
            p => UnusedParameter(p[0], p[1]),
            (p, d) => UnusedParameterGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => UnusedParameterPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [4 * p[0], 0.0]).Check(x, y);
        Assert.Equal(0.0, gradient[1]);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Constant_function_has_zero_gradient(double x)
    {
        var value = ConstantResultGrad(x, out var dx);
        Assert.Equal(3.0, value);
        Assert.Equal(0.0, dx);
        var slot = 10.0;
        Assert.Equal(3.0, ConstantResultPullback(x, 0.75, ref slot));
        Assert.Equal(10.0, slot);
    }

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Locals_named_like_the_gradient_parameters_and_the_seed(double x, double y) =>
        // 0.5x² + y²(x + y)
        new GradientCheck(
            nameof(LocalsNamedLikeGradientsAndSeed), "x y",
            p => LocalsNamedLikeGradientsAndSeed(p[0], p[1]),
            (p, d) => LocalsNamedLikeGradientsAndSeedGrad(p[0], p[1], dx: out d[0], dy: out d[1]),
            (p, s, d) => LocalsNamedLikeGradientsAndSeedPullback(p[0], p[1], s, dx: ref d[0], dy: ref d[1]),
            p => [p[0] + p[1] * p[1], 2 * p[0] * p[1] + 3 * p[1] * p[1]]).Check(x, y);

    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(-2, 1.25)]
    [InlineData(0, -3.0)]
    public void No_active_parameter_gives_a_Grad_with_no_gradient_outputs(int n, double c)
    {
        // Grad(n, c) and Pullback(n, c, seed): no out/ref parameter at all; the value is still the primal's.
        FiniteDifferences.AssertSameBits(OnlyPassiveParameters(n, c), OnlyPassiveParametersGrad(n, c), nameof(OnlyPassiveParametersGrad));
        FiniteDifferences.AssertSameBits(OnlyPassiveParameters(n, c), OnlyPassiveParametersPullback(n, c, 0.75), nameof(OnlyPassiveParametersPullback));
    }
}
