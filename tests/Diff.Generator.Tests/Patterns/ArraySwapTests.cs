using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Swapping two local arrays between sweeps of an iterative solver (<c>var tmp = x; x = next; next = tmp;</c> and
/// <c>(x, next) = (next, x)</c>): differentiated as the element swap it is equivalent to.
/// </summary>
public partial class ArraySwapTests
{
    /// <summary>Jacobi iterations for a tridiagonal system, two buffers swapped after each sweep.</summary>
    [Differentiable]
    public static double JacobiIterationSum(double[] diag, double[] rhs, double off, int iterations)
    {
        int n = diag.Length;
        var x = new double[n];
        var next = new double[n];
        for (int it = 0; it < iterations; it++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = rhs[i];
                if (i > 0) s -= off * x[i - 1];
                if (i < n - 1) s -= off * x[i + 1];
                next[i] = s / diag[i];
            }

            var tmp = x; x = next; next = tmp;
        }

        double total = 0;
        for (int i = 0; i < n; i++) total += x[i] * (i + 1);
        return total;
    }

    /// <summary>A tuple swap, and reads of both names after it.</summary>
    [Differentiable]
    public static double TupleSwap(double a, double b)
    {
        var u = new double[] { a, b };
        var w = new double[] { b * b, Math.Sin(a) };
        (u, w) = (w, u);
        u[0] *= 2;
        return u[0] + 3 * u[1] + 5 * w[0] + 7 * w[1];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Jacobi_sweeps_with_swapped_buffers_match_finite_differences(int iterations)
    {
        double[] diag = [4.0, 5.0, 4.5, 6.0];
        double[] rhs = [1.0, -2.0, 0.5, 3.0];
        var off = 0.7;
        var ddiag = new double[4];
        var drhs = new double[4];
        Assert.Equal(JacobiIterationSum(diag, rhs, off, iterations), JacobiIterationSumGrad(diag, rhs, off, iterations, ddiag, drhs, out var doff));
        var fd = FiniteDifferences.Gradient(p => JacobiIterationSum(p[..4], p[4..8], p[8], iterations), [.. diag, .. rhs, off]);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(fd[i], ddiag[i], 7);
            Assert.Equal(fd[i + 4], drhs[i], 7);
        }

        Assert.Equal(fd[8], doff, 7);
    }

    [Theory]
    [InlineData(0.3, 1.1)]
    [InlineData(-0.8, 0.4)]
    public void A_tuple_swap_of_local_arrays_exchanges_their_elements(double a, double b)
    {
        Assert.Equal(TupleSwap(a, b), TupleSwapGrad(a, b, out var da, out var db));

        // After the swap u = {b², sin a} (u[0] doubled), w = {a, b}: 2b²·1 + 3 sin a + 5a + 7b.
        Assert.Equal(3 * Math.Cos(a) + 5, da, 12);
        Assert.Equal(4 * b + 7, db, 12);
    }

    /// <summary>Arrays whose lengths the generator cannot prove equal: the swap checks them where it runs.</summary>
    [Differentiable]
    public static double SwapChecked(double x, int n, int m)
    {
        var a = new double[n];
        var b = new double[m];
        a[0] = x;
        b[0] = x * x;
        var t = a; a = b; b = t;
        return a[0] + 3 * b[0];
    }

    [Fact]
    public void Swapping_arrays_of_unequal_length_is_an_error_naming_both_when_equal_lengths_work()
    {
        Assert.Equal(SwapChecked(1.5, 2, 2), SwapCheckedGrad(1.5, 2, 2, out var dx));
        Assert.Equal(2 * 1.5 + 3, dx, 12);
        var error = Assert.Throws<InvalidOperationException>(() => SwapCheckedGrad(1.5, 2, 3, out _));
        Assert.Contains("swaps the local arrays 'a' (length 2) and 'b' (length 3)", error.Message);
    }
}
