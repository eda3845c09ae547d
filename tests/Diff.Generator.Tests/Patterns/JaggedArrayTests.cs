using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Jagged array parameters (<c>double[][]</c>), read as <c>rows[i][j]</c>, through a row local, and with
/// <c>foreach</c>; the gradient is a jagged array of the same shape, checked before anything is written.
/// </summary>
public partial class JaggedArrayTests
{
    [Differentiable]
    public static double JaggedSum(double[][] rows)
    {
        double s = 0;
        foreach (var row in rows)
            foreach (var v in row) s += v * v;
        return s;
    }

    /// <summary>Indexing, a row local, row lengths and ^1, with a scalar parameter mixed in.</summary>
    [Differentiable]
    public static double RowProducts(double[][] rows, double x)
    {
        var total = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var p = 1.0;
            for (var j = 0; j < row.Length; j++) p *= Math.Sin(x * row[j]);
            total += p + rows[i][^1] * rows[0][0];
        }

        return total;
    }

    /// <summary>A float jagged array, a row taken once while its index moves on.</summary>
    [Differentiable]
    public static float RowTakenOnce(float[][] rows)
    {
        var i = 0;
        var first = rows[i];
        i = rows.Length - 1;
        var s = 0f;
        foreach (var v in rows[i]) s += MathF.Exp(v) * first[0];
        return s;
    }

    /// <summary>A jagged parameter passed whole to another differentiable method: its gradient buffer is passed on.</summary>
    [Differentiable]
    public static double PassedOn(double[][] rows, double x) => x * JaggedSum(rows) + RowProducts(rows, x);

    private static double[][] Sample(int seed)
    {
        var random = new Random(seed);
        return [[.. Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 2 - 1)], [random.NextDouble()], [.. Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 2 - 1)]];
    }

    private static double[] Flatten(double[][] rows) => rows.SelectMany(r => r).ToArray();

    private static double[][] Unflatten(double[] flat, double[][] shape)
    {
        var result = new double[shape.Length][];
        var k = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            result[i] = flat.Skip(k).Take(shape[i].Length).ToArray();
            k += shape[i].Length;
        }

        return result;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_jagged_sum_of_squares_has_gradient_twice_each_element(int seed)
    {
        var rows = Sample(seed);
        var drows = rows.Select(r => new double[r.Length]).ToArray();
        Assert.Equal(JaggedSum(rows), JaggedSumGrad(rows, drows));
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                Assert.Equal(2 * rows[i][j], drows[i][j], 14);
            }
        }

        // Pullback adds seed·gradient into what is there.
        var added = rows.Select(r => Enumerable.Repeat(1.0, r.Length).ToArray()).ToArray();
        JaggedSumPullback(rows, 0.5, added);
        Assert.Equal(1 + rows[2][3], added[2][3], 14);
    }

    [Theory]
    [InlineData(0, 0.7)]
    [InlineData(1, -1.3)]
    [InlineData(2, 2.1)]
    public void Row_locals_lengths_and_from_end_indices_match_finite_differences(int seed, double x)
    {
        var rows = Sample(seed);
        var drows = rows.Select(r => new double[r.Length]).ToArray();
        Assert.Equal(RowProducts(rows, x), RowProductsGrad(rows, x, drows, out var dx));
        var flat = Flatten(rows);
        var fd = FiniteDifferences.Gradient(p => RowProducts(Unflatten(p[..^1], rows), p[^1]), [.. flat, x]);
        var got = Flatten(drows);
        for (var k = 0; k < flat.Length; k++)
        {
            Assert.Equal(fd[k], got[k], 7);
        }

        Assert.Equal(fd[^1], dx, 7);
    }

    [Fact]
    public void A_row_taken_before_its_index_moves_stays_that_row()
    {
        float[][] rows = [[0.5f, 2f], [0.25f, -0.5f, 1f]];
        var drows = rows.Select(r => new float[r.Length]).ToArray();
        Assert.Equal(RowTakenOnce(rows), RowTakenOnceGrad(rows, drows));

        // s = first[0] · Σ exp(last[j]): ∂/∂first[0] = Σ exp(last[j]), ∂/∂last[j] = first[0]·exp(last[j]).
        var sum = rows[1].Sum(v => MathF.Exp(v));
        Assert.Equal(sum, drows[0][0], 5);
        Assert.Equal(0f, drows[0][1]);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(0.5f * MathF.Exp(rows[1][j]), drows[1][j], 5);
        }
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_is_an_error_naming_both_and_nothing_is_written()
    {
        var rows = Sample(0);
        var fewer = new[] { new double[3], new double[1] };
        var error = Assert.Throws<ArgumentException>(() => JaggedSumGrad(rows, fewer));
        Assert.Contains("'drows' has 2 rows but 'rows' has 3", error.Message);

        var shorter = new[] { new double[3], new double[1], new double[] { 7, 7, 7 } };
        error = Assert.Throws<ArgumentException>(() => JaggedSumGrad(rows, shorter));
        Assert.Contains("Row 2 of the gradient buffer 'drows' is length 3 but row 2 of 'rows' has length 4", error.Message);
        Assert.Equal(new double[] { 7, 7, 7 }, shorter[2]);
    }

    [Theory]
    [InlineData(0, 0.4)]
    [InlineData(2, -0.9)]
    public void A_jagged_parameter_passed_whole_to_a_callee(int seed, double x)
    {
        var rows = Sample(seed);
        var drows = rows.Select(r => new double[r.Length]).ToArray();
        Assert.Equal(PassedOn(rows, x), PassedOnGrad(rows, x, drows, out var dx));
        var flat = Flatten(rows);
        var fd = FiniteDifferences.Gradient(p => PassedOn(Unflatten(p[..^1], rows), p[^1]), [.. flat, x]);
        var got = Flatten(drows);
        for (var k = 0; k < flat.Length; k++)
        {
            Assert.Equal(fd[k], got[k], 7);
        }

        Assert.Equal(fd[^1], dx, 7);
    }
}
