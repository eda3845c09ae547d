namespace DiffGen.Generator.Tests.Patterns;

/// <summary>BCL spellings without a Math twin: <c>double.Hypot</c>/<c>float.Hypot</c> and <c>Math.ScaleB(x, n)</c> (n passive).</summary>
public partial class BclSpellingTests
{
    [Differentiable]
    public static double Radius(double x, double y, int exponent) => double.Hypot(x, y) + Math.ScaleB(x * y, exponent);

    [Differentiable]
    public static float RadiusF(float x, float y) => float.Hypot(x, y) * MathF.ScaleB(x, -1);

    [Theory]
    [InlineData(3.0, 4.0, 2)]
    [InlineData(-1.5, 0.5, -3)]
    public void Hypot_and_ScaleB_have_their_analytic_derivatives(double x, double y, int exponent)
    {
        Assert.Equal(Radius(x, y, exponent), RadiusGrad(x, y, exponent, out var dx, out var dy));
        var r = Math.Sqrt(x * x + y * y);
        Assert.Equal(x / r + y * Math.Pow(2, exponent), dx, 12);
        Assert.Equal(y / r + x * Math.Pow(2, exponent), dy, 12);

        Assert.Equal(RadiusF(3f, 4f), RadiusFGrad(3f, 4f, out var fx, out var fy));
        Assert.Equal(3f / 5f * 1.5f + 5f * 0.5f, fx, 5);
        Assert.Equal(4f / 5f * 1.5f, fy, 5);
    }

    [Fact]
    public void Hypot_at_the_origin_has_derivative_zero_as_Abs_does()
    {
        Assert.Equal(0.0, RadiusGrad(0, 0, 0, out var dx, out var dy));
        Assert.Equal(0.0, dx);
        Assert.Equal(0.0, dy);
    }
}
