namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The fused dense op (<c>act(x·kernel + bias)</c>, ReLU or linear, one tape entry) that Dense layers use: values
/// against a direct double loop, gradients of x, kernel and bias against central differences, and the same bits as
/// the unfused <c>BiasActivation(MatMul(x, kernel), bias)</c> for values, gradients and second derivatives.
/// </summary>
public sealed class DenseOpTests
{
    [Theory]
    [InlineData(1, 1, 1, true)]
    [InlineData(100, 1, 10, true)]
    [InlineData(100, 10, 10, false)]
    [InlineData(7, 20, 17, true)]
    [InlineData(33, 5, 70, false)]
    public void Values_and_gradients_match_a_double_loop_and_finite_differences(int rows, int inputs, int units, bool relu)
    {
        var (x, kernel, bias) = Point(rows, inputs, units);
        GradientCheck.Check(
            $"Dense {rows}×{inputs}→{units} relu={relu}",
            t => DiffGen.Ops.Dense(t[0], t[1], t[2], relu),
            r => Reference(r[0], r[1], r[2], relu),
            [x, kernel, bias],
            seed: rows + inputs + units);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Values_gradients_and_second_derivatives_are_the_unfused_ops_bit_for_bit(bool relu)
    {
        var (x, kernel, bias) = Point(37, 6, 12);
        var fused = Run(t => DiffGen.Ops.Dense(t[0], t[1], t[2], relu), x, kernel, bias);
        var unfused = Run(t => DiffGen.Ops.BiasActivation(DiffGen.Ops.MatMul(t[0], t[1]), t[2], relu), x, kernel, bias);
        Assert.Equal(unfused.Length, fused.Length);
        for (var i = 0; i < fused.Length; i++)
        {
            Assert.Equal(unfused[i], fused[i]);
        }
    }

    [Fact]
    public void Mismatched_shapes_are_the_unfused_ops_errors_naming_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Ops.Dense(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(4, 5)), Tensor.Zeros(new Shape(5)), relu: true));
        Assert.Contains("(2,3)", error.Message);
        Assert.Contains("(4,5)", error.Message);
        var biasError = Assert.Throws<ArgumentException>(() => DiffGen.Ops.Dense(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(3, 5)), Tensor.Zeros(new Shape(4)), relu: true));
        Assert.Contains("(4,)", biasError.Message);
    }

    /// <summary>
    /// x in [0.2, 2]; kernel columns alternately all positive and all negative (|w| in [0.2, 1]); |bias| ≤ 0.01: every
    /// pre-activation is at least 0.03 from ReLU's kink, far beyond a finite-difference step.
    /// </summary>
    private static (Tensor X, Tensor Kernel, Tensor Bias) Point(int rows, int inputs, int units)
    {
        var random = new Random((rows * 131) + (inputs * 17) + units);
        var x = Rand.Uniform(random, [rows, inputs], 0.2, 2);
        var w = new float[inputs * units];
        for (var i = 0; i < w.Length; i++)
        {
            var sign = (i % units) % 2 == 0 ? 1 : -1;
            w[i] = sign * (float)(0.2 + (0.8 * random.NextDouble()));
        }

        var bias = Rand.Uniform(random, [units], -0.01, 0.01);
        return (x, Tensor.From(w, inputs, units), bias);
    }

    /// <summary>The value, the first derivatives of Σ y·c and the derivatives of Σ(∂/∂x) with respect to x and the kernel, as float arrays.</summary>
    private static float[][] Run(Func<Tensor[], Tensor> op, Tensor x, Tensor kernel, Tensor bias)
    {
        var weights = Tensor.From([.. Enumerable.Range(0, x.Shape[0] * kernel.Shape[1]).Select(i => (float)Math.Sin(i))], x.Shape[0], kernel.Shape[1]);
        Tensor y;
        Tensor?[] first, second;
        using (var outer = new GradientTape(persistent: true))
        {
            outer.Watch(x);
            outer.Watch(kernel);
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                inner.Watch(kernel);
                inner.Watch(bias);
                y = op([x, kernel, bias]);
                first = inner.Gradient(DiffGen.Ops.ReduceSum(y * y * weights), [x, kernel, bias]);
            }

            second = outer.Gradient(DiffGen.Ops.ReduceSum(first[0]!) + DiffGen.Ops.ReduceSum(first[1]!), [x, kernel]);
        }

        return [y.ToArray(), .. first.Select(g => g!.ToArray()), .. second.Select(g => g!.ToArray())];
    }

    private static Ref Reference(Ref x, Ref kernel, Ref bias, bool relu)
    {
        int rows = x.Shape[0], inputs = x.Shape[1], units = kernel.Shape[1];
        var result = new double[rows * units];
        for (var r = 0; r < rows; r++)
        {
            for (var u = 0; u < units; u++)
            {
                var z = bias.Data[u];
                for (var k = 0; k < inputs; k++)
                {
                    z += x.Data[(r * inputs) + k] * kernel.Data[(k * units) + u];
                }

                result[(r * units) + u] = relu ? Math.Max(z, 0) : z;
            }
        }

        return new Ref([rows, units], result);
    }
}
