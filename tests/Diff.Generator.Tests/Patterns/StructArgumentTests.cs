using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>An active struct parameter passed whole to a [Differentiable] method taking that struct (twice, too).</summary>
public partial class StructArgumentTests
{
    public record struct Vec(double X, double Y);

    [Differentiable]
    public static double Dot(Vec a, Vec b) => a.X * b.X + a.Y * b.Y;

    [Differentiable]
    public static double Angle(Vec a, Vec b) => Math.Acos(Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b)));

    [Differentiable]
    public static double Mixed(Vec a, double s) => s * Dot(a, a) + a.X;

    [Theory]
    [InlineData(1.0, 0.5, -0.3, 2.0)]
    [InlineData(-1.2, 0.7, 0.4, 0.9)]
    public void A_struct_passed_whole_differentiates_through_the_callee(double ax, double ay, double bx, double by)
    {
        var a = new Vec(ax, ay);
        var b = new Vec(bx, by);
        Assert.Equal(Angle(a, b), AngleGrad(a, b, out var da, out var db));
        var fd = FiniteDifferences.Gradient(p => Angle(new Vec(p[0], p[1]), new Vec(p[2], p[3])), [ax, ay, bx, by]);
        Assert.Equal(fd[0], da.X, 7);
        Assert.Equal(fd[1], da.Y, 7);
        Assert.Equal(fd[2], db.X, 7);
        Assert.Equal(fd[3], db.Y, 7);

        // s·|a|² + a.X: ∂/∂a = 2s·a + (1, 0), ∂/∂s = |a|².
        Assert.Equal(Mixed(a, 1.5), MixedGrad(a, 1.5, out var dma, out var ds));
        Assert.Equal(2 * 1.5 * ax + 1, dma.X, 12);
        Assert.Equal(2 * 1.5 * ay, dma.Y, 12);
        Assert.Equal(ax * ax + ay * ay, ds, 12);

        // Pullback adds into what the gradient holds.
        var dmb = new Vec(10, 20);
        var ds2 = 0.0;
        MixedPullback(a, 1.5, 2.0, ref dmb, ref ds2);
        Assert.Equal(10 + 2 * dma.X, dmb.X, 12);
        Assert.Equal(20 + 2 * dma.Y, dmb.Y, 12);
    }
}
