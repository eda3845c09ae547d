using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// MaxPooling2D, AveragePooling2D and GlobalAveragePooling2D: values against direct double loops and gradients
/// against central differences (inputs distinct enough that no finite-difference step changes a window's maximum).
/// </summary>
public sealed class PoolingLayerTests
{
    [Theory]
    [InlineData(2, 2, 2, 2, "valid", 1)]
    [InlineData(2, 2, 1, 1, "valid", 2)]
    [InlineData(3, 3, 2, 2, "same", 3)]
    [InlineData(2, 3, 2, 1, "same", 4)]
    public void MaxPooling2D_matches_a_direct_loop(int ph, int pw, int sh, int sw, string padding, int seed)
    {
        var x = Rand.Distinct(new Random(seed), [2, 5, 6, 3]);
        var layer = new MaxPooling2D((ph, pw), (sh, sw), padding);
        LayerCheck.Check($"MaxPooling2D ({ph},{pw}) s=({sh},{sw}) {padding}", layer, x, r => WindowReference.Pool2D(r[0], (ph, pw), (sh, sw), padding, max: true), seed);
    }

    /// <summary>Four channels and more take the Vector128 path (6: the last group of four overlaps the first; 16: four groups).</summary>
    [Theory]
    [InlineData(2, 2, 2, 2, "valid", 4, 21)]
    [InlineData(2, 2, 2, 2, "valid", 6, 22)]
    [InlineData(3, 3, 2, 2, "same", 6, 23)]
    [InlineData(2, 3, 1, 2, "same", 16, 24)]
    [InlineData(2, 2, 2, 2, "valid", 7, 25)]
    public void MaxPooling2D_over_many_channels_matches_a_direct_loop(int ph, int pw, int sh, int sw, string padding, int channels, int seed)
    {
        var x = Rand.Distinct(new Random(seed), [2, 5, 6, channels]);
        var layer = new MaxPooling2D((ph, pw), (sh, sw), padding);
        LayerCheck.Check($"MaxPooling2D ({ph},{pw}) s=({sh},{sw}) {padding} c={channels}", layer, x, r => WindowReference.Pool2D(r[0], (ph, pw), (sh, sw), padding, max: true), seed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Max_pooling_sends_the_gradient_of_a_tie_to_the_first_maximum_in_window_order(int channels)
    {
        // Windows (2×2) of equal values (a ReLU's zeros), and windows where the maximum appears at (0, 1) and (1, 0):
        // the gradient goes to the first in row-major window order, as the scalar scan always did.
        float[] pattern = [0, 0, 1, 5, 0, 0, 5, 1];   // rows of a 2×4 image: window 0 all zeros; window 1 ties at (0,1) and (1,0)
        var x = Tensor.From([.. pattern.SelectMany(v => Enumerable.Repeat(v, channels))], 1, 2, 4, channels);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = new MaxPooling2D(2).Call(x);
        var dx = tape.Gradient(y, x).ToArray();
        float[] expected = [1, 0, 0, 1, 0, 0, 0, 0];
        Assert.Equal([.. expected.SelectMany(v => Enumerable.Repeat(v, channels))], dx);
    }

    [Fact]
    public void Max_pooling_keeps_a_NaN_in_every_lane_of_the_vector_path()
    {
        // Five channels: lanes 0–3 and 1–4. A NaN at a different tap in each channel shows in every channel's output.
        var values = new float[2 * 2 * 5];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        for (var k = 0; k < 5; k++)
        {
            values[((k % 4) * 5) + k] = float.NaN;
        }

        var y = new MaxPooling2D(2).Call(Tensor.From(values, 1, 2, 2, 5));
        Assert.All(y.ToArray(), v => Assert.True(float.IsNaN(v)));
    }

    [Theory]
    [InlineData(2, 2, 2, 2, "valid", 11)]
    [InlineData(3, 3, 1, 1, "valid", 12)]
    [InlineData(3, 3, 2, 2, "same", 13)]
    [InlineData(2, 3, 1, 2, "same", 14)]
    public void AveragePooling2D_matches_a_direct_loop(int ph, int pw, int sh, int sw, string padding, int seed)
    {
        var x = Rand.Uniform(new Random(seed), [2, 5, 6, 3], -2, 2);
        var layer = new AveragePooling2D((ph, pw), (sh, sw), padding);
        LayerCheck.Check($"AveragePooling2D ({ph},{pw}) s=({sh},{sw}) {padding}", layer, x, r => WindowReference.Pool2D(r[0], (ph, pw), (sh, sw), padding, max: false), seed);
    }

    [Fact]
    public void Pooling_defaults_are_keras_2x2_windows_with_matching_strides()
    {
        var layer = new MaxPooling2D();
        Assert.Equal(new Int2(2, 2), layer.PoolSize);
        Assert.Equal(new Int2(2, 2), layer.Strides);
        Assert.Equal("valid", layer.Padding);
        Assert.Equal([3, 2, 4], layer.ComputeOutputShape(new Shape(7, 5, 4)).ToArray());
        Assert.Equal(new Int2(3, 3), new AveragePooling2D(3).Strides);
        Assert.StartsWith("max_pooling2d", layer.Name);
        Assert.StartsWith("average_pooling2d", new AveragePooling2D().Name);
    }

    [Fact]
    public void A_hand_computed_max_and_average_pool()
    {
        var x = Tensor.From([1f, 5, 2, 0, 3, 4, 8, 1, 7, 6, 0, 2, 9, 1, 3, 4], 1, 4, 4, 1);
        Assert.Equal([5f, 8, 9, 4], new MaxPooling2D().Call(x).ToArray());
        Assert.Equal([13 / 4f, 11 / 4f, 23 / 4f, 9 / 4f], new AveragePooling2D().Call(x).ToArray());
    }

    [Fact]
    public void Max_pooling_keeps_a_NaN_and_ignores_same_padding()
    {
        // One window holds a NaN: it shows in the output. With "same" padding the border windows take the maximum of
        // their elements inside the input, never a padded zero: all inputs are negative here.
        var x = Tensor.From([-1f, float.NaN, -3, -4, -5, -6, -7, -8, -9], 1, 3, 3, 1);
        Assert.Equal([float.NaN, -3, -7, -9], new MaxPooling2D(padding: "same").Call(x).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GlobalAveragePooling2D_is_the_mean_over_height_and_width(bool keepdims)
    {
        var x = Rand.Uniform(new Random(21), [2, 3, 4, 5], -2, 2);
        LayerCheck.Check("GlobalAveragePooling2D", new GlobalAveragePooling2D(keepdims), x, r =>
        {
            var mean = new double[2 * 5];
            for (var n = 0; n < 2; n++)
            {
                for (var p = 0; p < 12; p++)
                {
                    for (var c = 0; c < 5; c++)
                    {
                        mean[(n * 5) + c] += r[0].Data[(((n * 12) + p) * 5) + c] / 12;
                    }
                }
            }

            return new Ref(keepdims ? [2, 1, 1, 5] : [2, 5], mean);
        }, 21);
    }

    [Fact]
    public void Pooling_errors_name_the_layer_and_the_shape()
    {
        var rank = Assert.Throws<ArgumentException>(() => new MaxPooling2D(name: "pool_a").Call(Tensor.Ones(2, 4, 4)));
        Assert.Contains("'pool_a'", rank.Message);
        Assert.Contains("(None, 4, 4)", rank.Message);
        var small = Assert.Throws<ArgumentException>(() => new AveragePooling2D(3, name: "pool_b").Call(Tensor.Ones(5, 2, 4, 1)));
        Assert.Contains("'pool_b'", small.Message);
        Assert.Contains("(None, 2, 4, 1)", small.Message);
        Assert.Contains("'gap'", Assert.Throws<ArgumentException>(() => new GlobalAveragePooling2D(name: "gap").Call(Tensor.Ones(2, 3))).Message);
    }
}
