using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// <c>in</c> parameters are read-only inputs: Grad and Pullback keep the modifier on the input and give it a gradient as
/// for a value parameter; callers pass values to them.
/// </summary>
public partial class InParameterTests
{
    [Differentiable]
    public static double Norm(in double x, in double y) => Math.Sqrt(x * x + y * y);

    [Differentiable]
    public static double Uses(double a, in double b, [NoDerivative] in double scale) => scale * Norm(a, in b) + Norm(b * a, 2.0);

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void In_parameters_are_differentiated_as_inputs(double a, double b)
    {
        Assert.Equal(Norm(a, b), NormGrad(a, b, out var da, out var db));
        Assert.Equal(a / Norm(a, b), da, 14);
        Assert.Equal(b / Norm(a, b), db, 14);

        new GradientCheck(
            nameof(Uses), "a b",
            p => Uses(p[0], p[1], 1.5),
            (p, d) => UsesGrad(p[0], p[1], 1.5, out d[0], out d[1]),
            (p, s, d) => UsesPullback(p[0], p[1], 1.5, s, ref d[0], ref d[1])).Check(a, b);
    }
}
