using CsCheck;
using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.Kernels;

public class ReductionsTests
{
    private static float[] Matrix(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Fact]
    public void SumRows_adds_the_rows_into_one_row_of_column_sums()
    {
        Gen.Select(Gen.Int[0, 70], Gen.Int[1, 70], Gen.Bool, Gen.Int).Sample((rows, cols, accumulate, seed) =>
        {
            float[] src = Matrix(rows, cols, seed);
            float[] start = Matrix(1, cols, seed + 1);
            float[] dst = accumulate ? start.ToArray() : Enumerable.Repeat(float.NaN, cols).ToArray();
            Reductions.SumRows(src, dst, rows, cols, accumulate);
            for (int j = 0; j < cols; j++)
            {
                double expected = accumulate ? start[j] : 0, magnitude = Math.Abs(expected);
                for (int i = 0; i < rows; i++)
                {
                    expected += src[i * cols + j];
                    magnitude += Math.Abs(src[i * cols + j]);
                }

                Assert.True(Math.Abs(dst[j] - expected) <= (rows + 1) * 6e-8 * magnitude + 1e-30, $"column {j}: {dst[j]} vs {expected}");
            }
        }, iter: 100);
    }

    [Fact]
    public void SumColumns_adds_the_columns_into_one_sum_per_row()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int[0, 70], Gen.Bool, Gen.Int).Sample((rows, cols, accumulate, seed) =>
        {
            float[] src = Matrix(rows, cols, seed);
            float[] start = Matrix(1, rows, seed + 1);
            float[] dst = accumulate ? start.ToArray() : Enumerable.Repeat(float.NaN, rows).ToArray();
            Reductions.SumColumns(src, dst, rows, cols, accumulate);
            for (int i = 0; i < rows; i++)
            {
                double expected = accumulate ? start[i] : 0, magnitude = Math.Abs(expected);
                for (int j = 0; j < cols; j++)
                {
                    expected += src[i * cols + j];
                    magnitude += Math.Abs(src[i * cols + j]);
                }

                Assert.True(Math.Abs(dst[i] - expected) <= (cols + 2) * 6e-8 * magnitude + 1e-30, $"row {i}: {dst[i]} vs {expected}");
            }
        }, iter: 100);
    }

    [Fact]
    public void The_bias_gradient_of_a_batch_is_exact_on_small_integers()
    {
        float[] outputGradient = [1, 2, 3, 10, 20, 30];   // batch of 2, 3 units
        float[] bias = new float[3];
        Reductions.SumRows(outputGradient, bias, 2, 3);
        Assert.Equal(new float[] { 11, 22, 33 }, bias);

        float[] perSample = new float[2];
        Reductions.SumColumns(outputGradient, perSample, 2, 3);
        Assert.Equal(new float[] { 6, 60 }, perSample);
    }

    [Fact]
    public void Bad_arguments_are_reported_and_nothing_is_written()
    {
        float[] dst = [5, 5, 5];
        var e = Assert.Throws<ArgumentException>(() => Reductions.SumRows(new float[5], dst, 2, 3));
        Assert.Equal("src", e.ParamName);
        Assert.Contains("src has 5 elements but rows×cols = 2×3 = 6", e.Message);

        e = Assert.Throws<ArgumentException>(() => Reductions.SumRows(new float[6], new float[2], 2, 3));
        Assert.Equal("dst", e.ParamName);
        Assert.Contains("dst has 2 elements but needs cols = 3", e.Message);

        e = Assert.Throws<ArgumentException>(() => Reductions.SumColumns(new float[6], dst, 2, 3));
        Assert.Contains("dst has 3 elements but needs rows = 2", e.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.SumColumns([], [], 0, -2));
        Assert.Equal(new float[] { 5, 5, 5 }, dst);
    }
}
