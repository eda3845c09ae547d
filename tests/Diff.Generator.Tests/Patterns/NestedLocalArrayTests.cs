using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Local arrays declared inside loops and branches (a scratch buffer per iteration, a table in one branch): one pooled
/// buffer for the call, zeroed where the primal makes a fresh one, so every iteration starts from zeros as in C#.
/// </summary>
public partial class NestedLocalArrayTests
{
    [Differentiable]
    public static double ScratchPerIteration(ReadOnlySpan<double> v, double x, int width)
    {
        var s = 0.0;
        for (var i = 0; i + width <= v.Length; i++)
        {
            var window = new double[width];
            for (var k = 0; k < width; k++)
                window[k] += v[i + k] * x;   // += : reads the zero a fresh array starts with
            var m = window[0];
            for (var k = 1; k < width; k++)
                m = Math.Max(m, window[k]);
            s += m * m;
        }

        return s;
    }

    [Differentiable]
    public static double TableInABranch(double x, double y)
    {
        if (x > 0)
        {
            var c = new[] { x * y, x + y, Math.Sin(y) };
            return c[0] * c[1] + c[2];
        }

        return x * x;
    }

    [Fact]
    public void A_scratch_array_per_iteration_starts_from_zeros_every_time()
    {
        double[] v = [0.5, -1.5, 2.0, 0.25, 1.0, -0.75];
        var dv = new double[v.Length];
        var value = ScratchPerIterationGrad(v, 1.3, 3, dv, out var dx);
        Assert.Equal(ScratchPerIteration(v, 1.3, 3), value);
        var fd = FiniteDifferences.Gradient(p => ScratchPerIteration(p[..6], p[6], 3), [.. v, 1.3]);
        for (var i = 0; i < v.Length; i++)
        {
            Assert.Equal(fd[i], dv[i], 6);
        }

        Assert.Equal(fd[6], dx, 6);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-0.7, 1.3)]
    public void An_array_in_a_branch(double x, double y) =>
        new GradientCheck(
            nameof(TableInABranch), "x y",
            p => TableInABranch(p[0], p[1]),
            (p, d) => TableInABranchGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => TableInABranchPullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, y);
}
