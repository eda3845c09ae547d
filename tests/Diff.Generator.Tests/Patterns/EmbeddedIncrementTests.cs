using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>Increments inside statements, as packing and unpacking loops write them: <c>a[k++] = …</c>, <c>… = v[i++]</c>, <c>--n</c>.</summary>
public partial class EmbeddedIncrementTests
{
    [Differentiable]
    public static double PackAndSum(double[] v, double x)
    {
        var packed = new double[8];
        var k = 0;
        for (var i = 0; i < v.Length && k < 7; i += 2)
        {
            packed[k++] = v[i] * x;
            packed[k++] = Math.Sin(v[i]);
        }

        var s = 0.0;
        var j = 0;
        while (j < k)
        {
            var t = packed[j++];
            s += t * t;
        }

        var n = v.Length;
        s += v[--n] * 0.5;
        return s;
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Increments_inside_statements_read_and_update_as_CSharp_does(double x)
    {
        double[] v = [0.5, -1.5, 2.0, 0.25, 1.0];
        var dv = new double[v.Length];
        var value = PackAndSumGrad(v, x, dv, out var dx);
        Assert.Equal(PackAndSum(v, x), value);
        var fd = FiniteDifferences.Gradient(p => PackAndSum(p[..5], p[5]), [.. v, x]);
        for (var i = 0; i < v.Length; i++)
        {
            Assert.Equal(fd[i], dv[i], 7);
        }

        Assert.Equal(fd[5], dx, 7);
    }
}
