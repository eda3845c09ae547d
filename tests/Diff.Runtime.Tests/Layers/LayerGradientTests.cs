using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Value and gradient of the built-in layers against double references: Dense (with given weights, to its input, its
/// kernel and its bias), Flatten, Dropout (training and inference) and Input. Weights are set explicitly, so no test
/// here draws from the process-wide seed.
/// </summary>
public sealed class LayerGradientTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("tanh")]
    [InlineData("softplus")]
    public void Dense_value_and_gradients_to_input_kernel_and_bias(string? activation)
    {
        var random = new Random(21);
        var x = Rand.Uniform(random, [4, 3], -2, 2);
        var kernel = Rand.Uniform(random, [3, 2], -1, 1);
        var bias = Rand.Uniform(random, [2], -1, 1);
        var w = Tensor.RandomNormal(new Shape(4, 2), 22);
        Func<double, double> f = activation switch
        {
            "tanh" => Math.Tanh,
            "softplus" => v => Math.Log(1 + Math.Exp(v)),
            _ => v => v,
        };
        Ref DenseReference(Ref[] r) => Reference.Map(Reference.Binary(Reference.MatMul(r[0], r[1]), r[2], (p, q) => p + q), f);

        var dense = new Dense(2, activation: activation, kernelInitializer: "zeros");
        dense.Build(3);
        dense.SetWeights(kernel, bias);
        Tensor?[] gradients;
        using (var tape = new GradientTape(persistent: true))
        {
            tape.Watch(x);
            var y = dense.Call(x);
            GradientCheck.AssertForward($"Dense({activation})", [x], y, DenseReference([Ref.Of(x), Ref.Of(kernel), Ref.Of(bias)]));
            var loss = Ops.ReduceSum(y * w);
            gradients = [tape.Gradient(loss, x), .. tape.Gradient(loss, dense.TrainableVariables)];
        }

        Ref[] point = [Ref.Of(x), Ref.Of(kernel), Ref.Of(bias)];
        string[] names = ["input", "kernel", "bias"];
        for (var i = 0; i < 3; i++)
        {
            var expected = GradientCheck.FiniteDifferences(DenseReference, point, Ref.Of(w), i);
            var actual = gradients[i]!.ToArray();
            for (var j = 0; j < actual.Length; j++)
            {
                Assert.True(
                    Math.Abs(actual[j] - expected.Data[j]) <= GradientCheck.Tolerance * Math.Max(1, Math.Abs(expected.Data[j])),
                    $"Dense({activation}): gradient of the {names[i]} at {j} = {actual[j]:R}, finite differences give {expected.Data[j]:R}");
            }
        }
    }

    [Fact]
    public void Flatten_value_and_gradient_keep_row_major_order()
    {
        var x = Rand.Uniform(new Random(23), [3, 2, 4], -2, 2);
        GradientCheck.Check("Flatten", t => new Flatten().Call(t[0]), r => Reference.Reshape(r[0], 3, 8), [x], 23);
    }

    [Fact]
    public void Input_passes_values_and_gradients_through()
    {
        var x = Rand.Uniform(new Random(24), [2, 3], -2, 2);
        GradientCheck.Check("Input", t => new Input(3).Call(t[0]), r => r[0], [x], 24);
    }

    [Fact]
    public void Dropout_gradient_uses_the_same_mask_as_the_value()
    {
        // Rate 0.5 scales kept elements by exactly 2: y = m·x with m ∈ {0, 2}, so ∂Σw·y/∂x = w·m, and m = y/x.
        var dropout = new Dropout(0.5, seed: 25);
        var x = Rand.AwayFromZero(new Random(25), [8, 16], 0.5, 2);
        var w = Tensor.RandomNormal(x.Shape, 26);
        Tensor y, gradient;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            y = dropout.Call(x, training: true);
            gradient = tape.Gradient(Ops.ReduceSum(y * w), x);
        }

        var mask = y.ToArray().Zip(x.ToArray(), (a, b) => a / b).ToArray();
        Assert.All(mask, m => Assert.True(m is 0f or 2f, $"mask value {m}"));
        Assert.Contains(0f, mask);
        Assert.Contains(2f, mask);
        Assert.Equal(w.ToArray().Zip(mask, (a, m) => a * m), gradient.ToArray());

        // Inference: the identity, gradient w.
        GradientCheck.Check("Dropout at inference", t => dropout.Call(t[0]), r => r[0], [x], 27);
    }
}
