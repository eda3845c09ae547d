using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Local arrays made as copies — <c>(double[])v.Clone()</c>, <c>v.ToArray()</c>, <c>v[i..j]</c> of an array, and
/// <c>(double[,])a.Clone()</c> — hold their own elements: writing the copy leaves the source alone, and the gradient of
/// what was copied flows back to the source.
/// </summary>
public partial class ArrayCopyTests
{
    /// <summary>Sorts a copy in place (insertion sort), as a median or trimmed mean does, then weights by rank.</summary>
    [Differentiable]
    public static double RankWeighted(double[] v)
    {
        var sorted = (double[])v.Clone();
        for (var i = 1; i < sorted.Length; i++)
        {
            var key = sorted[i];
            var j = i - 1;
            while (j >= 0 && sorted[j] > key)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }

            sorted[j + 1] = key;
        }

        var s = 0.0;
        for (var i = 0; i < sorted.Length; i++) s += (i + 1) * sorted[i] * sorted[i];
        return s;
    }

    /// <summary>ToArray of an array (LINQ) and of a span, and a range of a local array: each a copy that is then written.</summary>
    [Differentiable]
    public static double CopiesAreIndependent(double[] v, double x)
    {
        var a = v.ToArray();
        var b = v.AsSpan(1).ToArray();
        a[0] = x * a[0];
        var c = a[1..^1];
        c[0] = Math.Sin(c[0]) + x;
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * (i + 1);
        for (var i = 0; i < b.Length; i++) s += b[i] * b[i];
        for (var i = 0; i < c.Length; i++) s += c[i] * x;
        return s;
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0, 0.75 })]
    [InlineData(new[] { 3.0, 1.0, -2.0, 0.5, 4.0 })]
    public void A_sorted_clone_weights_by_rank(double[] v)
    {
        var original = (double[])v.Clone();
        var dv = new double[v.Length];
        Assert.Equal(RankWeighted(v), RankWeightedGrad(v, dv));
        Assert.Equal(original, v);

        // d/dv[k] = 2·rank(k)·v[k] (ranks from 1, values distinct).
        var ranks = v.Select(x => v.Count(y => y < x) + 1).ToArray();
        for (var k = 0; k < v.Length; k++)
        {
            Assert.Equal(2 * ranks[k] * v[k], dv[k], 12);
        }

        var fd = FiniteDifferences.Gradient(RankWeighted, v);
        for (var k = 0; k < v.Length; k++)
        {
            Assert.Equal(fd[k], dv[k], 7);
        }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.7)]
    [InlineData(2.2)]
    public void Copies_made_by_ToArray_and_ranges_are_written_independently(double x)
    {
        double[] v = [0.5, -1.5, 2.0, 0.75, 1.25];
        var dv = new double[5];
        Assert.Equal(CopiesAreIndependent(v, x), CopiesAreIndependentGrad(v, x, dv, out var dx));
        var fd = FiniteDifferences.Gradient(p => CopiesAreIndependent(p[..5], p[5]), [.. v, x]);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(fd[k], dv[k], 7);
        }

        Assert.Equal(fd[5], dx, 7);
    }

    /// <summary>A determinant by LU with partial pivoting on a clone of the matrix, as linear-algebra code writes it.</summary>
    [Differentiable]
    public static double DeterminantLu(double[,] a)
    {
        int n = a.GetLength(0);
        var lu = (double[,])a.Clone();
        double det = 1.0;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(lu[i, k]) > Math.Abs(lu[p, k])) p = i;
            if (p != k)
            {
                for (int j = 0; j < n; j++) { double t = lu[k, j]; lu[k, j] = lu[p, j]; lu[p, j] = t; }
                det = -det;
            }

            det *= lu[k, k];
            for (int i = k + 1; i < n; i++)
            {
                double f = lu[i, k] / lu[k, k];
                for (int j = k; j < n; j++) lu[i, j] -= f * lu[k, j];
            }
        }

        return det;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void The_determinant_of_a_cloned_matrix_has_the_cofactor_gradient(int seed)
    {
        var random = new Random(seed);
        var a = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++) a[i, j] = random.NextDouble() * 4 - 2;
        }

        var original = (double[,])a.Clone();
        var da = new double[3, 3];
        var det = DeterminantLuGrad(a, da);
        Assert.Equal(DeterminantLu(a), det);
        Assert.Equal(original, a);

        // Jacobi's formula: ∂det/∂a[i, j] is the cofactor C[i, j].
        double Minor(int r, int c)
        {
            var rows = Enumerable.Range(0, 3).Where(x => x != r).ToArray();
            var cols = Enumerable.Range(0, 3).Where(x => x != c).ToArray();
            return a[rows[0], cols[0]] * a[rows[1], cols[1]] - a[rows[0], cols[1]] * a[rows[1], cols[0]];
        }

        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var cofactor = ((i + j) % 2 == 0 ? 1 : -1) * Minor(i, j);
                Assert.Equal(cofactor, da[i, j], 10);
            }
        }
    }
}
