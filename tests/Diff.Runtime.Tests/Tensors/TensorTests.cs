namespace DiffGen.Runtime.Tests.Tensors;

/// <summary>Tensor factories, reading values out (Item, the indexer, ToArray, AsSpan) and immutability.</summary>
public class TensorTests
{
    [Fact]
    public void From_takes_data_then_shape_and_copies_the_data()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        var t = Tensor.From(data, 2, 3);
        data[0] = 100;
        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Equal(2, t.Rank);
        Assert.Equal(6, t.Size);
        Assert.Equal("float32", t.DType);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray());
    }

    [Fact]
    public void From_without_a_shape_is_a_vector()
    {
        var t = Tensor.From([1f, 2f, 3f]);
        Assert.Equal(new Shape(3), t.Shape);
        Assert.Equal(new Shape(0), Tensor.From(Array.Empty<float>()).Shape);
    }

    [Fact]
    public void From_other_sources()
    {
        var matrix = Tensor.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new Shape(2, 3), matrix.Shape);
        Assert.Equal(6f, matrix[1, 2]);
        Assert.Equal(2f, matrix[0, 1]);

        var fromDoubles = Tensor.From([0.1, 2.5, -3], 3, 1);
        Assert.Equal(new Shape(3, 1), fromDoubles.Shape);
        Assert.Equal(new[] { 0.1f, 2.5f, -3f }, fromDoubles.ToArray());

        ReadOnlySpan<float> span = [7f, 8f];
        var fromSpan = Tensor.From(span, new Shape(1, 2));
        Assert.Equal(new[] { 7f, 8f }, fromSpan.ToArray());
    }

    [Fact]
    public void From_rejects_data_that_does_not_fill_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.From([1f, 2f, 3f], 2, 2));
        Assert.Contains("3 values", error.Message);
        Assert.Contains("(2, 2)", error.Message);
        Assert.Contains("4 elements", error.Message);
        Assert.Throws<ArgumentException>(() => Tensor.From([1.0, 2.0], 3));
    }

    [Fact]
    public void Zeros_ones_scalar_and_fill()
    {
        Assert.Equal(new float[6], Tensor.Zeros(2, 3).ToArray());
        Assert.Equal(new Shape(2, 3), Tensor.Zeros(2, 3).Shape);
        Assert.Equal(Enumerable.Repeat(1f, 4), Tensor.Ones(new Shape(4)).ToArray());
        Assert.Equal(Shape.Scalar, Tensor.Ones().Shape);
        Assert.Equal(1f, Tensor.Ones().Item);
        Assert.Equal(new Shape(0, 5), Tensor.Zeros(0, 5).Shape);
        Assert.Empty(Tensor.Zeros(0, 5).ToArray());

        var scalar = Tensor.Scalar(6f);
        Assert.Equal(Shape.Scalar, scalar.Shape);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.Size);
        Assert.Equal(6f, scalar.Item);

        Assert.Equal(Enumerable.Repeat(-2.5f, 6), Tensor.Fill(new Shape(3, 2), -2.5f).ToArray());
        Assert.True(float.IsNaN(Tensor.Fill(new Shape(1), float.NaN).Item));
    }

    [Fact]
    public void Numbers_convert_to_scalar_tensors()
    {
        Tensor fromFloat = 2.5f;
        Tensor fromDouble = 0.1;
        Assert.Equal(Shape.Scalar, fromFloat.Shape);
        Assert.Equal(2.5f, fromFloat.Item);
        Assert.Equal(0.1f, fromDouble.Item);
    }

    [Fact]
    public void Random_tensors_with_the_same_seed_are_the_same()
    {
        var shape = new Shape(4, 5);
        Assert.Equal(Tensor.RandomNormal(shape, 42).ToArray(), Tensor.RandomNormal(shape, 42).ToArray());
        Assert.Equal(Tensor.RandomUniform(shape, 42).ToArray(), Tensor.RandomUniform(shape, 42).ToArray());
        Assert.NotEqual(Tensor.RandomNormal(shape, 42).ToArray(), Tensor.RandomNormal(shape, 43).ToArray());
        Assert.NotEqual(Tensor.RandomUniform(shape, 42).ToArray(), Tensor.RandomUniform(shape, 43).ToArray());
        Assert.Equal(shape, Tensor.RandomNormal(shape, 1).Shape);
    }

    [Fact]
    public void Random_normal_has_the_requested_mean_and_standard_deviation()
    {
        const int n = 200_000;
        var values = Tensor.RandomNormal(new Shape(n), seed: 7, mean: 3f, stddev: 2f).ToArray();
        var mean = values.Average(v => (double)v);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));

        // Standard error of the mean is 2/√n ≈ 0.0045; of the standard deviation ≈ 0.0032.
        Assert.InRange(mean, 3 - 0.025, 3 + 0.025);
        Assert.InRange(std, 2 - 0.02, 2 + 0.02);

        // And it is normal: 68.27% within one standard deviation, 95.45% within two.
        Assert.InRange(values.Count(v => Math.Abs(v - 3) < 2) / (double)n, 0.6827 - 0.005, 0.6827 + 0.005);
        Assert.InRange(values.Count(v => Math.Abs(v - 3) < 4) / (double)n, 0.9545 - 0.003, 0.9545 + 0.003);
    }

    [Fact]
    public void Random_uniform_fills_the_range_evenly()
    {
        const int n = 200_000;
        var values = Tensor.RandomUniform(new Shape(n), seed: 8, minValue: -1f, maxValue: 3f).ToArray();
        Assert.All(values, v => Assert.InRange(v, -1f, 3f));
        Assert.DoesNotContain(3f, values);
        var mean = values.Average(v => (double)v);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        Assert.InRange(mean, 1 - 0.02, 1 + 0.02);
        Assert.InRange(variance, (16.0 / 12) * 0.98, (16.0 / 12) * 1.02);

        // Each quarter of the range holds a quarter of the values.
        for (var q = 0; q < 4; q++)
        {
            Assert.InRange(values.Count(v => v >= q - 1 && v < q) / (double)n, 0.25 - 0.005, 0.25 + 0.005);
        }
    }

    [Fact]
    public void Random_uniform_never_reaches_its_maximum()
    {
        // With seed 801560 the 16th draw of Random.NextDouble() is 0.99999998…, which rounds to 1f in float: the
        // maximum, outside [min, max).
        var values = Tensor.RandomUniform(new Shape(16), seed: 801560).ToArray();
        Assert.All(values, v => Assert.True(v is >= 0f and < 1f, $"{v:R} is outside [0, 1)"));
        Assert.True(values[15] > 0.99999f);
    }

    [Fact]
    public void Item_reads_a_tensor_with_one_element()
    {
        Assert.Equal(3f, Tensor.Scalar(3f).Item);
        Assert.Equal(4f, Tensor.From([4f], 1).Item);
        Assert.Equal(5f, Tensor.From([5f], 1, 1, 1).Item);
    }

    [Theory]
    [InlineData(new[] { 2 }, "(2,)")]
    [InlineData(new[] { 2, 3 }, "(2, 3)")]
    [InlineData(new[] { 0 }, "(0,)")]
    public void Item_throws_for_a_tensor_with_more_or_fewer_elements(int[] shape, string shown)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(shape).Item);
        Assert.Contains("Item", error.Message);
        Assert.Contains(shown, error.Message);
    }

    [Fact]
    public void Indexer_reads_one_element_per_index_and_counts_negative_indices_from_the_end()
    {
        var t = Tensor.From([.. Enumerable.Range(0, 24).Select(i => (float)i)], 2, 3, 4);
        Assert.Equal(0f, t[0, 0, 0]);
        Assert.Equal(23f, t[1, 2, 3]);
        Assert.Equal((1 * 12) + (0 * 4) + 2, t[1, 0, 2]);
        Assert.Equal(23f, t[-1, -1, -1]);
        Assert.Equal(t[0, 1, 2], t[-2, -2, -2]);
        Assert.Equal(7f, Tensor.Scalar(7f)[Array.Empty<int>()]);
        Assert.Equal(3f, Tensor.From([1f, 2f, 3f])[-1]);
    }

    [Theory]
    [InlineData(2, 0, 0)]
    [InlineData(0, 3, 0)]
    [InlineData(0, 0, 4)]
    [InlineData(-3, 0, 0)]
    [InlineData(0, -4, 0)]
    public void Indexer_rejects_an_index_outside_its_dimension(int i, int j, int k)
    {
        var t = Tensor.Zeros(2, 3, 4);
        var error = Assert.Throws<IndexOutOfRangeException>(() => t[i, j, k]);
        Assert.Contains("(2, 3, 4)", error.Message);
    }

    [Fact]
    public void Indexer_needs_one_index_per_dimension()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3)[1]);
        Assert.Contains("2 indices", error.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3)[1, 1, 1]);
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1f)[0]);
    }

    [Fact]
    public void ToArray_returns_a_copy()
    {
        var t = Tensor.From([1f, 2f, 3f]);
        var copy = t.ToArray();
        copy[0] = 100f;
        Assert.Equal(new[] { 1f, 2f, 3f }, t.ToArray());
        Assert.Equal(1f, t[0]);
        Assert.NotSame(t.ToArray(), t.ToArray());
    }

    [Fact]
    public void AsSpan_shows_the_values_in_row_major_order()
    {
        var t = Tensor.From(new float[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, t.AsSpan().ToArray());
    }

    [Fact]
    public void Ops_never_change_their_inputs()
    {
        var a = Tensor.From([1f, -2f, 3f]);
        var b = Tensor.From([4f, 5f, -6f]);
        var before = (a.ToArray(), b.ToArray());
        _ = a + b;
        _ = a * b;
        _ = Ops.Relu(a);
        _ = Ops.Reshape(a, 3, 1);
        _ = Ops.Concat([a, b], 0);
        using (var tape = new GradientTape())
        {
            tape.Watch(a);
            _ = tape.Gradient(Ops.ReduceSum(Ops.Exp(a) * b), a);
        }

        Assert.Equal(before.Item1, a.ToArray());
        Assert.Equal(before.Item2, b.ToArray());
    }

    [Fact]
    public void Reshape_method_is_the_op()
    {
        var t = Tensor.From([1f, 2f, 3f, 4f, 5f, 6f]).Reshape(3, -1);
        Assert.Equal(new Shape(3, 2), t.Shape);
        Assert.Equal(5f, t[2, 0]);
    }
}
