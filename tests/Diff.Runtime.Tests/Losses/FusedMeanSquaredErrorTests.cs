using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Losses;

/// <summary>
/// Mean squared error runs as one fused op per sample (value, pullback and a pullback of the pullback): checked against
/// a direct double loop and central differences for both arguments, and its second derivative through nested tapes.
/// </summary>
public sealed class FusedMeanSquaredErrorTests
{
    [Theory]
    [InlineData(new[] { 7, 5 })]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 2, 3, 1100 })]
    [InlineData(new[] { 2, 2, 2, 3 })]
    public void Per_sample_values_and_gradients_match_a_double_loop_and_finite_differences(int[] shape)
    {
        var random = new Random(shape.Sum());
        var t = Rand.Uniform(random, shape, -1, 1);
        var p = Rand.Uniform(random, shape, -1, 1);
        var loss = new MeanSquaredError(reduction: "none");
        GradientCheck.Check($"mse {string.Join("×", shape)}", x => loss.Call(x[0], x[1]), r => Reference(r[0], r[1]), [t, p], seed: shape.Length);
    }

    [Fact]
    public void The_second_derivative_with_respect_to_the_prediction_is_two_over_the_element_count()
    {
        var t = Tensor.From([0.5f, -1, 2, 0, 1, 3], 2, 3);
        var p = Tensor.From([1f, 1, 1, -1, 0, 2], 2, 3);
        Tensor second;
        using (var outer = new GradientTape())
        {
            outer.Watch(p);
            Tensor first;
            using (var inner = new GradientTape())
            {
                inner.Watch(p);
                first = inner.Gradient(new MeanSquaredError().Call(t, p), p);
            }

            second = outer.Gradient(DiffGen.Ops.ReduceSum(first * Tensor.From([1f, 2, 3, 4, 5, 6], 2, 3)), p);
        }

        // ∂/∂p of Σ w·2(p − t)/6 = 2w/6.
        var expected = new[] { 1f, 2, 3, 4, 5, 6 }.Select(w => 2 * w / 6).ToArray();
        var actual = second.ToArray();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(expected[i], actual[i], 6);
        }
    }

    private static Ref Reference(Ref t, Ref p)
    {
        var columns = t.Shape[^1];
        var rows = t.Size / columns;
        var result = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var d = t.Data[(r * columns) + c] - p.Data[(r * columns) + c];
                result[r] += d * d / columns;
            }
        }

        return new Ref(t.Shape[..^1], result);
    }
}
