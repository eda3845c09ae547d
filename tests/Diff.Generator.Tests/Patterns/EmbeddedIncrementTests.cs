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

    /// <summary>Numerical Recipes' gammln: the series' denominator is a double bumped inside the expression.</summary>
    [Differentiable]
    public static double LogGammaSeries(double x)
    {
        double[] cof = { 76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5 };
        double y = x, tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        double ser = 1.000000000190015;
        for (int j = 0; j < 6; j++) ser += cof[j] / ++y;
        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    /// <summary>A postfix decrement of a double parameter: the call reads the old value, then the parameter drops by one.</summary>
    [Differentiable]
    public static double PostfixOnDouble(double x, int n)
    {
        var s = 0.0;
        for (var i = 0; i < n; i++) s += Math.Sin(x--);
        return s;
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(3.2)]
    [InlineData(11.5)]
    public void A_double_incremented_inside_an_expression_is_differentiated(double x)
    {
        var value = LogGammaSeriesGrad(x, out var dx);
        Assert.Equal(LogGammaSeries(x), value);
        Assert.Equal(FiniteDifferences.Gradient(p => LogGammaSeries(p[0]), [x])[0], dx, 7);

        // ψ(x) = d/dx ln Γ(x); the series is accurate to ~2e-10, so its derivative matches the digamma function's
        // recurrence ψ(x + 1) − ψ(x) = 1/x to about that accuracy.
        LogGammaSeriesGrad(x + 1, out var dxNext);
        Assert.Equal(1 / x, dxNext - dx, 8);
    }

    [Theory]
    [InlineData(0.7, 3)]
    [InlineData(-2.1, 5)]
    public void A_postfix_decrement_of_a_double_parameter_reads_the_old_value(double x, int n)
    {
        var value = PostfixOnDouble(x, n);
        Assert.Equal(value, PostfixOnDoubleGrad(x, n, out var dx));
        // Σ sin(x − i) over i < n, so d/dx = Σ cos(x − i).
        var analytic = 0.0;
        for (var i = 0; i < n; i++) analytic += Math.Cos(x - i);
        Assert.Equal(analytic, dx, 9);
        Assert.Equal(FiniteDifferences.Gradient(p => PostfixOnDouble(p[0], n), [x])[0], dx, 6);
    }
}
