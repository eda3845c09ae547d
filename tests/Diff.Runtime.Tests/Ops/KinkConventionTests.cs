namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The gradients finite differences cannot decide, pinned to TensorFlow's conventions exactly: Relu'(0) = 0,
/// Abs'(0) = 0, a Maximum/Minimum tie sends the whole gradient to the first operand, ReduceMax ties share it equally,
/// the exponent gradient of Pow is 0 where the base is not positive.
/// </summary>
public class KinkConventionTests
{
    private static float[] Gradient(Func<Tensor, Tensor> f, Tensor x, Tensor? weights = null)
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = f(x);
        return tape.Gradient(Ops.ReduceSum(weights is null ? y : y * weights), x).ToArray();
    }

    [Fact]
    public void Relu_gradient_is_0_at_0_and_1_above()
    {
        var x = Tensor.From([-2f, -0f, 0f, 1e-30f, 3f]);
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f }, Gradient(Ops.Relu, x));
        Assert.Equal(new[] { 0f, 0f, 0f, 1e-30f, 3f }, Ops.Relu(x).ToArray());
    }

    [Fact]
    public void Abs_gradient_is_0_at_0_and_the_sign_elsewhere()
    {
        var x = Tensor.From([-2f, -0f, 0f, 1e-30f, 3f]);
        Assert.Equal(new[] { -1f, 0f, 0f, 1f, 1f }, Gradient(Ops.Abs, x));
    }

    [Fact]
    public void Maximum_tie_sends_the_gradient_to_the_first_operand()
    {
        var a = Tensor.From([1f, 2f, 3f]);
        var b = Tensor.From([1f, 5f, 0f]);
        var w = Tensor.From([10f, 20f, 30f]);
        using var tape = new GradientTape();
        tape.Watch(a);
        tape.Watch(b);
        var gradients = tape.Gradient(Ops.ReduceSum(Ops.Maximum(a, b) * w), [a, b]);
        Assert.Equal(new[] { 10f, 0f, 30f }, gradients[0]!.ToArray());
        Assert.Equal(new[] { 0f, 20f, 0f }, gradients[1]!.ToArray());
    }

    [Fact]
    public void Minimum_tie_sends_the_gradient_to_the_first_operand()
    {
        var a = Tensor.From([1f, 2f, 3f]);
        var b = Tensor.From([1f, 5f, 0f]);
        var w = Tensor.From([10f, 20f, 30f]);
        using var tape = new GradientTape();
        tape.Watch(a);
        tape.Watch(b);
        var gradients = tape.Gradient(Ops.ReduceSum(Ops.Minimum(a, b) * w), [a, b]);
        Assert.Equal(new[] { 10f, 20f, 0f }, gradients[0]!.ToArray());
        Assert.Equal(new[] { 0f, 0f, 30f }, gradients[1]!.ToArray());
    }

    [Fact]
    public void Maximum_tie_with_a_broadcast_scalar_still_goes_to_the_first_operand()
    {
        // Maximum(x, 0) is Relu except at 0, where the tie rule gives the gradient to x.
        var x = Tensor.From([-1f, 0f, 2f, 0f], 2, 2);
        var zero = Tensor.Scalar(0f);
        using var tape = new GradientTape();
        tape.Watch(x);
        tape.Watch(zero);
        var gradients = tape.Gradient(Ops.ReduceSum(Ops.Maximum(x, zero)), [x, zero]);
        Assert.Equal(new[] { 0f, 1f, 1f, 1f }, gradients[0]!.ToArray());
        Assert.Equal(1f, gradients[1]!.Item);

        // And with the scalar first, the ties go to the scalar.
        using var second = new GradientTape();
        second.Watch(x);
        second.Watch(zero);
        var swapped = second.Gradient(Ops.ReduceSum(Ops.Maximum(zero, x)), [x, zero]);
        Assert.Equal(new[] { 0f, 0f, 1f, 0f }, swapped[0]!.ToArray());
        Assert.Equal(3f, swapped[1]!.Item);
    }

    [Fact]
    public void ReduceMax_ties_share_the_gradient_equally_along_an_axis()
    {
        var x = Tensor.From([1f, 3f, 3f, 2f, 2f, 2f, 5f, 4f, 0f], 3, 3);
        var w = Tensor.From([6f, 3f, 9f]);
        Assert.Equal(new[] { 3f, 2f, 5f }, Ops.ReduceMax(x, 1).ToArray());
        var gradient = Gradient(t => Ops.ReduceMax(t, 1), x, w);
        Assert.Equal(new[] { 0f, 3f, 3f, 1f, 1f, 1f, 9f, 0f, 0f }, gradient);

        // The same along axis 0 with keepDims: columns (1, 2, 5), (3, 2, 4), (3, 2, 0).
        var columns = Gradient(t => Ops.ReduceMax(t, 0, keepDims: true), x, Tensor.From([2f, 4f, 6f], 1, 3));
        Assert.Equal(new[] { 0f, 0f, 6f, 0f, 0f, 0f, 2f, 4f, 0f }, columns);
    }

    [Fact]
    public void ReduceMax_of_everything_shares_among_all_ties()
    {
        var x = Tensor.From([7f, 1f, 7f, 7f, -7f, 0f], 2, 3);
        Assert.Equal(new[] { 1f / 3, 0f, 1f / 3, 1f / 3, 0f, 0f }, Gradient(t => Ops.ReduceMax(t), x));
        Assert.Equal(new[] { 0.5f, 0f, 0.5f, 0.5f, 0f, 0f }, Gradient(t => Ops.ReduceMax(t, keepDims: true) * 1.5f, x));
    }

    [Fact]
    public void Pow_exponent_gradient_is_0_where_the_base_is_not_positive()
    {
        // TensorFlow: d/dp x^p = x^p · log x where x > 0, else 0. The base gradient p·x^(p−1) holds everywhere.
        var x = Tensor.From([-2f, 0f, 2f]);
        var p = Tensor.From([3f, 2f, 2f]);
        using var tape = new GradientTape();
        tape.Watch(x);
        tape.Watch(p);
        var gradients = tape.Gradient(Ops.ReduceSum(Ops.Pow(x, p)), [x, p]);
        Assert.Equal(new[] { 12f, 0f, 4f }, gradients[0]!.ToArray());
        Assert.Equal(0f, gradients[1]!.ToArray()[0]);
        Assert.Equal(0f, gradients[1]!.ToArray()[1]);
        Assert.Equal(4 * Math.Log(2), gradients[1]!.ToArray()[2], 5);
    }

    [Fact]
    public void Sqrt_gradient_at_0_is_infinite_and_not_hidden()
    {
        Assert.Equal(float.PositiveInfinity, Gradient(Ops.Sqrt, Tensor.From([0f]))[0]);
        Assert.True(float.IsNaN(Gradient(Ops.Log, Tensor.From([float.NaN]))[0]));
    }
}
