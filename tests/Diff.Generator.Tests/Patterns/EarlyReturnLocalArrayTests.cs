using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Local arrays declared after an early return (<c>if (n == 0) return 0; var work = new double[n];</c>): the code
/// after the return runs in a branch of the generated code, yet the reverse sweep must see the array and its
/// gradient, and the buffers go back to the pool only when the branch rented them. (This once gave a compile error in
/// the generated code, and with that fixed, a silent zero gradient: the array had no gradient buffer.)
/// </summary>
public partial class EarlyReturnLocalArrayTests
{
    [Differentiable]
    public static double AfterEarlyReturn(double x, int n)
    {
        if (n == 2) return x;
        var a = new double[2];
        for (var i = 0; i < 2; i++) a[i] = x * (i + 1);
        return a[0] * a[1];
    }

    /// <summary>Two early returns, a scratch array filled by a helper, and a swap, all after them.</summary>
    [Differentiable]
    public static double AfterTwoReturns(double[] v, double x)
    {
        if (v.Length == 0) return 0;
        if (x > 10) return x;
        var work = new double[v.Length];
        var other = new double[v.Length];
        Fill(v, x, work);
        (work, other) = (other, work);
        var s = 0.0;
        for (var i = 0; i < v.Length; i++) s += other[i] * other[i] + work[i];
        return s;
    }

    [Differentiable]
    internal static void Fill(ReadOnlySpan<double> v, double x, Span<double> o)
    {
        for (var i = 0; i < v.Length; i++) o[i] = Math.Sin(x * v[i]);
    }

    [Theory]
    [InlineData(1.5, 3)]
    [InlineData(-0.5, 2)]
    public void A_local_array_after_an_early_return_has_its_gradient(double x, int n)
    {
        Assert.Equal(AfterEarlyReturn(x, n), AfterEarlyReturnGrad(x, n, out var dx));
        Assert.Equal(n == 2 ? 1 : 4 * x, dx, 12);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.4)]
    [InlineData(11.0)]
    public void Arrays_filled_and_swapped_after_early_returns_match_finite_differences(double x)
    {
        double[] v = [0.5, -1.0, 2.0];
        var dv = new double[3];
        Assert.Equal(AfterTwoReturns(v, x), AfterTwoReturnsGrad(v, x, dv, out var dx));
        var fd = FiniteDifferences.Gradient(p => AfterTwoReturns(p[..3], p[3]), [.. v, x]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(fd[i], dv[i], 7);
        }

        Assert.Equal(fd[3], dx, 7);
        Assert.Equal(0.0, AfterTwoReturnsGrad([], x, [], out var dEmpty));
        Assert.Equal(0.0, dEmpty);
    }
}
