namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>clipnorm, clipvalue and global_clipnorm as Keras 3 applies them, before the update.</summary>
public sealed class GradientClippingTests
{
    [Fact]
    public void ClipNorm_scales_each_gradient_to_the_norm_separately()
    {
        // ‖(3, 4)‖ = 5 > 1 → (0.6, 0.8); ‖(0.3, 0.4)‖ = 0.5 ≤ 1 → unchanged. SGD with lr 1 subtracts the clipped gradient.
        var sgd = new SGD(learningRate: 1) { ClipNorm = 1 };
        var a = new Variable(Tensor.Zeros(2), "a");
        var b = new Variable(Tensor.Zeros(2), "b");
        sgd.ApplyGradients([Tensor.From([3f, 4f], 2), Tensor.From([0.3f, 0.4f], 2)], [a, b]);

        AssertValues([-0.6, -0.8], a);
        AssertValues([-0.3, -0.4], b);
    }

    [Fact]
    public void GlobalClipNorm_scales_all_gradients_by_their_joint_norm()
    {
        // ‖(3, 4, 12)‖ = 13 → every gradient times 2/13.
        var sgd = new SGD(learningRate: 1) { GlobalClipNorm = 2 };
        var a = new Variable(Tensor.Zeros(2), "a");
        var b = new Variable(Tensor.Zeros(1), "b");
        sgd.ApplyGradients([Tensor.From([3f, 4f], 2), Tensor.From([12f], 1)], [a, b]);

        AssertValues([-6.0 / 13, -8.0 / 13], a);
        AssertValues([-24.0 / 13], b);
    }

    [Fact]
    public void GlobalClipNorm_leaves_small_gradients_alone_and_ignores_missing_ones()
    {
        var sgd = new SGD(learningRate: 1) { GlobalClipNorm = 10 };
        var a = new Variable(Tensor.Zeros(2), "a");
        var b = new Variable(Tensor.Ones(1), "b");
        sgd.ApplyGradients([Tensor.From([3f, 4f], 2), null], [a, b]);

        AssertValues([-3, -4], a);
        AssertValues([1], b);
    }

    [Fact]
    public void GlobalClipNorm_of_an_infinite_gradient_makes_the_step_NaN_as_in_Keras()
    {
        // Keras adds (‖G‖ − ‖G‖) to the scale on purpose: a non-finite norm is not silently clipped away.
        // The finite gradient of b would otherwise be scaled by c·min(1/∞, 1/c) = 0 and leave b quietly unchanged.
        var sgd = new SGD(learningRate: 1) { GlobalClipNorm = 1 };
        var a = new Variable(Tensor.Zeros(1), "a");
        var b = new Variable(Tensor.Zeros(1), "b");
        sgd.ApplyGradients([Tensor.From([float.PositiveInfinity], 1), Tensor.From([1f], 1)], [a, b]);

        Assert.True(float.IsNaN(a.ToArray()[0]));
        Assert.True(float.IsNaN(b.ToArray()[0]));
    }

    [Fact]
    public void ClipValue_clips_each_element()
    {
        var sgd = new SGD(learningRate: 1) { ClipValue = 0.5 };
        var a = new Variable(Tensor.Zeros(4), "a");
        sgd.ApplyGradients([Tensor.From([3f, -0.2f, -7f, 0.5f], 4)], [a]);

        AssertValues([-0.5, 0.2, 0.5, -0.5], a);
    }

    [Fact]
    public void Clipping_happens_before_the_rule()
    {
        // Adagrad sees the clipped gradient in its accumulator too: a = 0.1 + 0.5², w = −0.5·1/√(0.35 + 1e-7).
        var adagrad = new Adagrad(learningRate: 1) { ClipValue = 0.5 };
        var w = new Variable(Tensor.Zeros(1));
        adagrad.ApplyGradients([Tensor.From([4f], 1)], [w]);

        AssertValues([-0.5 / Math.Sqrt(0.35 + 1e-7)], w);
    }

    [Fact]
    public void Only_one_clipping_option_may_be_set()
    {
        var error = Assert.Throws<ArgumentException>(() => new SGD { ClipNorm = 1, ClipValue = 0.5 });
        Assert.Contains("only one of ClipNorm, ClipValue and GlobalClipNorm", error.Message);
        Assert.Contains("ClipNorm is already set", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_clipping_threshold_must_be_positive_and_finite(double threshold)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam { ClipNorm = threshold });
        Assert.Contains("adam: ClipNorm must be a positive finite number", error.Message);
    }

    [Fact]
    public void The_gradient_tensors_themselves_are_not_modified()
    {
        var gradient = Tensor.From([3f, 4f], 2);
        var sgd = new SGD { ClipNorm = 1 };
        sgd.ApplyGradients([gradient], [new Variable(Tensor.Zeros(2))]);

        Assert.Equal([3f, 4f], gradient.ToArray());
    }

    private static void AssertValues(double[] expected, Variable variable)
    {
        var actual = variable.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-6);
        }
    }
}
