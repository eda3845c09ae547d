using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>Tuple deconstruction: declarations, a swap, a recurrence step and discards; values are read before any is assigned.</summary>
public partial class TupleTests
{
    [Differentiable]
    public static double Declared(double x, double y)
    {
        var (s, c) = (Math.Sin(x), Math.Cos(y));
        (double p, double q) = (s * c, s + c);
        return p * q;
    }

    [Differentiable]
    public static double SwapInALoop(double x, double y, int n)
    {
        for (var i = 0; i < n; i++)
        {
            (x, y) = (y, x * y + 0.5);
            (x, _) = (x * 0.9, 0);
        }

        return x - 2 * y;
    }

    [Theory]
    [InlineData(0.4, 1.1)]
    [InlineData(-1.2, 0.3)]
    public void Declaring_deconstruction(double x, double y) =>
        new GradientCheck(
            nameof(Declared), "x y",
            p => Declared(p[0], p[1]),
            (p, d) => DeclaredGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => DeclaredPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                double s = Math.Sin(p[0]), c = Math.Cos(p[1]);
                // f = (s c)(s + c) = s² c + s c²
                return [(2 * s * c + c * c) * Math.Cos(p[0]), (s * s + 2 * s * c) * -Math.Sin(p[1])];
            }).Check(x, y);

    [Theory]
    [InlineData(0.4, 1.1, 1)]
    [InlineData(-0.7, 0.3, 4)]
    public void Swaps_read_the_old_values(double x, double y, int n) =>
        new GradientCheck(
            nameof(SwapInALoop), "x y",
            p => SwapInALoop(p[0], p[1], n),
            (p, d) => SwapInALoopGrad(p[0], p[1], n, out d[0], out d[1]),
            (p, s, d) => SwapInALoopPullback(p[0], p[1], n, s, ref d[0], ref d[1])).Check(x, y);
}
