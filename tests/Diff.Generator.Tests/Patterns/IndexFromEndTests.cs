using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary><c>v[^k]</c> on array and span parameters and local arrays reads <c>v[v.Length − k]</c>, and its gradient lands there.</summary>
public partial class IndexFromEndTests
{
    [Differentiable]
    public static double Ends(double[] v, ReadOnlySpan<double> w)
    {
        var local = new double[3];
        local[^1] = v[0] * w[^2];
        return v[^1] * v[^2] + w[^1] + local[2] * 2;
    }

    [Fact]
    public void Index_from_end_reads_and_differentiates_the_right_elements()
    {
        double[] v = [0.5, -1.5, 2.0];
        double[] w = [3.0, 0.25, -0.75];
        var dv = new double[3];
        var dw = new double[3];
        var value = EndsGrad(v, w, dv, dw);
        Assert.Equal(Ends(v, w), value);
        Assert.Equal([2 * w[1], v[2], v[1]], dv);
        Assert.Equal([0.0, 2 * v[0], 1.0], dw);

        var check = FiniteDifferences.Gradient(p => Ends(p[..3], p[3..]), [.. v, .. w]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(check[i], dv[i], 8);
            Assert.Equal(check[3 + i], dw[i], 8);
        }
    }
}
