using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Conv2D and Conv1D: values against direct double loops, gradients (input, kernel, bias) against central
/// differences, for valid/same/causal padding, strides, dilation and rectangular kernels, with random weights.
/// </summary>
public sealed class ConvolutionLayerTests
{
    [Theory]
    [InlineData(3, 3, 1, 1, "valid", 1, 1, true, 1)]
    [InlineData(3, 3, 1, 1, "same", 1, 1, true, 2)]
    [InlineData(2, 3, 2, 2, "same", 1, 1, false, 3)]
    [InlineData(3, 2, 2, 1, "valid", 1, 1, true, 4)]
    [InlineData(2, 2, 1, 1, "valid", 2, 2, true, 5)]
    [InlineData(3, 3, 1, 1, "same", 2, 1, true, 6)]
    [InlineData(1, 1, 1, 1, "valid", 1, 1, true, 7)]
    [InlineData(1, 1, 2, 2, "same", 1, 1, true, 8)]
    public void Conv2D_values_and_gradients_match_a_direct_loop(int kh, int kw, int sh, int sw, string padding, int dh, int dw, bool useBias, int seed)
    {
        var random = new Random(seed);
        var layer = new Conv2D(4, (kh, kw), strides: (sh, sw), padding: padding, dilationRate: (dh, dw), useBias: useBias, kernelInitializer: new GlorotUniform(seed: seed));
        var x = Rand.Uniform(random, [2, 6, 5, 3], -1, 1);
        layer.Build(6, 5, 3);
        if (useBias)
        {
            layer.Bias!.Assign(Rand.Uniform(random, [4], -1, 1)); // not the zero default: the bias must show
        }

        LayerCheck.Check(
            $"Conv2D k=({kh},{kw}) s=({sh},{sw}) {padding} d=({dh},{dw})",
            layer,
            x,
            r => WindowReference.Conv2D(r[0], r[1], useBias ? r[2] : null, (sh, sw), padding, (dh, dw)),
            seed);
    }

    [Theory]
    [InlineData(3, 1, "valid", 1, 11)]
    [InlineData(3, 2, "same", 1, 12)]
    [InlineData(2, 1, "causal", 2, 13)]
    [InlineData(3, 1, "causal", 1, 14)]
    public void Conv1D_values_and_gradients_match_a_direct_loop(int size, int stride, string padding, int dilation, int seed)
    {
        var random = new Random(seed);
        var layer = new Conv1D(3, size, strides: stride, padding: padding, dilationRate: dilation, activation: "tanh");
        layer.Build(7, 2);
        layer.Bias!.Assign(Rand.Uniform(random, [3], -1, 1));
        var x = Rand.Uniform(random, [2, 7, 2], -1, 1);

        LayerCheck.Check(
            $"Conv1D k={size} s={stride} {padding} d={dilation}",
            layer,
            x,
            r => Reference.Map(WindowReference.Conv1D(r[0], r[1], r[2], stride, padding, dilation), Math.Tanh),
            seed);
    }

    [Fact]
    public void Conv2D_builds_a_keras_shaped_kernel_with_receptive_field_fans()
    {
        var layer = new Conv2D(8, 3, kernelInitializer: new GlorotUniform(seed: 1));
        var y = layer.Call(Tensor.Ones(2, 10, 9, 5));

        Assert.Equal([2, 8, 7, 8], y.Shape.ToArray());
        Assert.Equal(["kernel", "bias"], layer.Weights.Select(w => w.Name));
        Assert.Equal([3, 3, 5, 8], layer.Kernel!.Shape.ToArray());
        Assert.Equal(3 * 3 * 5 * 8 + 8, layer.CountParams());

        // glorot_uniform: limit √(6 / (fan_in + fan_out)) with fans 3·3·5 and 3·3·8.
        var limit = Math.Sqrt(6.0 / ((9 * 5) + (9 * 8)));
        Assert.All(layer.Kernel.ToArray(), v => Assert.InRange(v, -limit, limit));
        Assert.Contains(layer.Kernel.ToArray(), v => Math.Abs(v) > limit * 0.9);
    }

    [Fact]
    public void A_hand_computed_3x3_convolution()
    {
        // x = 1…9 in a 3×3 image, one 2×2 all-ones kernel: each output is the sum of its window.
        var layer = new Conv2D(1, 2, kernelInitializer: "ones", useBias: false);
        var y = layer.Call(Tensor.From([1f, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1));
        Assert.Equal([12f, 16, 24, 28], y.ToArray());

        var same = new Conv2D(1, 2, padding: "same", kernelInitializer: "ones", useBias: false);
        // "same" with a 2×2 window pads one row/column after: the last row and column see the zero padding.
        Assert.Equal([12f, 16, 9, 24, 28, 15, 15, 17, 9], same.Call(Tensor.From([1f, 2, 3, 4, 5, 6, 7, 8, 9], 1, 3, 3, 1)).ToArray());
    }

    [Fact]
    public void Bad_arguments_and_inputs_name_the_layer_and_the_shapes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(0, 3));
        Assert.Contains("padding", Assert.Throws<ArgumentException>(() => new Conv2D(2, 3, padding: "full")).Message);
        Assert.Contains("dilation", Assert.Throws<ArgumentException>(() => new Conv2D(2, 3, strides: 2, dilationRate: 2)).Message);
        Assert.Contains("causal", Assert.Throws<ArgumentException>(() => new Conv2D(2, 3, padding: "causal")).Message);

        var layer = new Conv2D(2, 3, name: "conv_a");
        var rank = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones(2, 5, 3)));
        Assert.Contains("'conv_a'", rank.Message);
        Assert.Contains("(None, 5, 3)", rank.Message);

        layer.Call(Tensor.Ones(1, 5, 5, 3));
        var channels = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones(1, 5, 5, 4)));
        Assert.Contains("'conv_a'", channels.Message);
        Assert.Contains("(1, 5, 5, 4)", channels.Message);
        Assert.Contains("3", channels.Message);

        var small = Assert.Throws<ArgumentException>(() => new Conv2D(2, 3, name: "conv_b").Call(Tensor.Ones(4, 2, 5, 1)));
        Assert.Contains("'conv_b'", small.Message);
        Assert.Contains("(None, 2, 5, 1)", small.Message);

        var conv1d = Assert.Throws<ArgumentException>(() => new Conv1D(2, 3, name: "conv_c").Call(Tensor.Ones(2, 4)));
        Assert.Contains("'conv_c'", conv1d.Message);
    }

    [Fact]
    public void Conv2D_accepts_another_image_size_after_building()
    {
        var layer = new Conv2D(2, 3, padding: "same");
        layer.Call(Tensor.Ones(1, 8, 8, 1));
        Assert.Equal([1, 5, 6, 2], layer.Call(Tensor.Ones(1, 5, 6, 1)).Shape.ToArray());
    }

    [Fact]
    public void Second_derivative_through_a_convolution_matches_finite_differences_of_the_gradient()
    {
        // d/dx of Σ (∂ Σ conv(x)² / ∂x) ⋅ v — exercises col2im's own pullback (im2col) and the GEMM's.
        var random = new Random(31);
        var x = Rand.Uniform(random, [1, 4, 4, 2], -1, 1);
        var kernel = Rand.Uniform(random, [2, 2, 2, 3], -1, 1);
        var v = Rand.Uniform(random, [1, 4, 4, 2], -1, 1);

        Tensor GradientDotV(Tensor point)
        {
            using var inner = new GradientTape();
            inner.Watch(point);
            var y = Ops.Conv2D(point, kernel, strides: (1, 1), padding: "same");
            var g = inner.Gradient(Ops.ReduceSum(Ops.Square(y)), point);
            return Ops.ReduceSum(g * v);
        }

        Tensor second;
        using (var outer = new GradientTape())
        {
            outer.Watch(x);
            second = outer.Gradient(GradientDotV(x), x);
        }

        // The function is quadratic in x, so its gradient is linear: differences in float with a large step are exact up to rounding.
        var values = x.ToArray();
        for (var j = 0; j < values.Length; j++)
        {
            var plus = (float[])values.Clone();
            var minus = (float[])values.Clone();
            plus[j] += 0.5f;
            minus[j] -= 0.5f;
            var fd = (GradientDotV(Tensor.From(plus, x.Shape.ToArray())).Item - GradientDotV(Tensor.From(minus, x.Shape.ToArray())).Item) / 1f;
            Assert.Equal(fd, second.ToArray()[j], 2e-3 * Math.Max(1, Math.Abs(fd)));
        }
    }
}
