using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The fused bias + activation op that Dense and Conv2D use for ReLU and linear: values against a direct double loop,
/// gradients (input and bias) against central differences, at channel counts on both sides of the kernels' tiling
/// (below 64 channels the bias is tiled over whole rows; a ragged last block of rows), and its kernels on their own.
/// </summary>
public sealed class BiasActivationTests
{
    public static TheoryData<int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, bool, bool>();
        foreach (var (rows, channels) in new[] { (1, 1), (7, 6), (37, 10), (3, 64), (5, 70), (2, 130), (300, 3) })
        {
            foreach (var relu in new[] { true, false })
            {
                data.Add(rows, channels, relu, true);
            }

            data.Add(rows, channels, true, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_and_gradients_match_a_double_loop_and_finite_differences(int rows, int channels, bool relu, bool withBias)
    {
        var random = new Random((rows * 31) + channels);
        // |x| ≥ 0.2 and |bias| < 0.1: x + bias is never within a finite-difference step of ReLU's kink.
        var x = Rand.AwayFromZero(random, [rows, channels], 0.2, 2);
        var bias = Rand.Uniform(random, [channels], -0.1, 0.1);
        Tensor[] inputs = withBias ? [x, bias] : [x];
        GradientCheck.Check(
            $"BiasActivation {rows}×{channels} relu={relu} bias={withBias}",
            t => DiffGen.Ops.BiasActivation(t[0], withBias ? t[1] : null, relu),
            r => Reference(r[0], withBias ? r[1] : null, relu),
            inputs,
            seed: rows + channels);
    }

    [Fact]
    public void Rank_four_inputs_take_the_bias_along_the_channels_axis()
    {
        var random = new Random(5);
        var x = Rand.AwayFromZero(random, [2, 3, 4, 6], 0.2, 2);
        var bias = Rand.Uniform(random, [6], -0.1, 0.1);
        GradientCheck.Check("BiasActivation NHWC", t => DiffGen.Ops.BiasActivation(t[0], t[1], relu: true), r => Reference(r[0], r[1], relu: true), [x, bias], seed: 9);
    }

    [Fact]
    public void A_bias_of_the_wrong_length_is_an_error_naming_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Ops.BiasActivation(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(4)), relu: true));
        Assert.Contains("(4,)", error.Message);
        Assert.Contains("(2,3)", error.Message);
    }

    [Fact]
    public void The_relu_mask_is_linear_in_the_upstream_gradient_so_second_derivatives_flow_through_it()
    {
        // f(x) = Σ relu(x + b)² (through the fused op): f'' = 2 where x + b > 0, else 0; the outer tape differentiates the
        // inner tape's ReluMask.
        var x = Tensor.From([-1.5f, -0.5f, 0.5f, 1.5f, 2.5f, -2.5f], 2, 3);
        var bias = Tensor.From([0.1f, 0.2f, -0.1f], 3);
        Tensor secondSum;
        using (var outer = new GradientTape())
        {
            outer.Watch(x);
            Tensor first;
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                var y = DiffGen.Ops.BiasActivation(x, bias, relu: true);
                first = inner.Gradient(DiffGen.Ops.ReduceSum(y * y), x);
            }

            secondSum = outer.Gradient(DiffGen.Ops.ReduceSum(first), x);
        }

        float[] expected = [0, 0, 2, 2, 2, 0];
        Assert.Equal(expected, secondSum.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(100)]
    public void Column_sums_match_a_double_loop(int channels)
    {
        var random = new Random(channels);
        foreach (var rows in new[] { 1, 3, 257, 1000 })
        {
            var x = Enumerable.Range(0, rows * channels).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var sums = new float[channels];
            BiasActivationKernels.ColumnSums(x, sums, channels);
            for (var j = 0; j < channels; j++)
            {
                double expected = 0, magnitude = 0;
                for (var r = 0; r < rows; r++)
                {
                    expected += x[(r * channels) + j];
                    magnitude += Math.Abs(x[(r * channels) + j]);
                }

                Assert.True(Math.Abs(sums[j] - expected) <= 1e-6 * (1 + magnitude), $"{rows}×{channels}, channel {j}: {sums[j]} vs {expected}");
            }
        }
    }

    [Fact]
    public void The_relu_mask_passes_exactly_where_the_output_is_positive()
    {
        // 37 elements: full Vector512/Vector256 blocks and a scalar tail; zeros, negative zero and NaN are not positive.
        var y = Enumerable.Range(0, 37).Select(i => (i % 5) switch { 0 => 0f, 1 => -0f, 2 => float.NaN, 3 => -i, _ => i }).ToArray();
        var dy = Enumerable.Range(0, 37).Select(i => i + 0.5f).ToArray();
        var dz = new float[37];
        BiasActivationKernels.ReluMask(dy, y, dz);
        Assert.Equal(Enumerable.Range(0, 37).Select(i => y[i] > 0 ? dy[i] : 0f).ToArray(), dz);
    }

    private static Ref Reference(Ref x, Ref? bias, bool relu)
    {
        var channels = x.Shape[^1];
        var result = new double[x.Size];
        for (var i = 0; i < x.Size; i++)
        {
            var z = x.Data[i] + (bias is null ? 0 : bias.Data[i % channels]);
            result[i] = relu ? Math.Max(z, 0) : z;
        }

        return new Ref((int[])x.Shape.Clone(), result);
    }
}
