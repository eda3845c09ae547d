using DiffGen.Runtime.Tests.OpTests;
using Xunit.Sdk;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Second derivatives through every new layer: the Hessian–vector product of f(x) = Σ w·tanh(layer(x)) from nested
/// tapes (the outer tape records the inner tape's backward pass, so each pullback must itself be built from
/// recorded ops) against central differences of the first-order tape gradient along v.
/// </summary>
public sealed class SecondOrderLayerTests
{
    public static TheoryData<string> Layers => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void Hessian_vector_product_matches_differences_of_the_gradient(string name)
    {
        var (layer, shape) = Cases[name]();
        var random = new Random(name.Length);
        var x = name == "MaxPooling2D" ? Rand.Distinct(random, shape) : Rand.Uniform(random, shape, -1, 1);
        var v = Rand.Uniform(random, shape, -1, 1);
        var w = Tensor.RandomNormal(new Shape([shape[0], .. layer.ComputeOutputShape(new Shape(shape[1..])).Dimensions]), seed: 7);

        Tensor Gradient(Tensor point)
        {
            using var tape = new GradientTape();
            tape.Watch(point);
            return tape.Gradient(Ops.ReduceSum(w * Ops.Tanh(layer.Call(point, training: true))), point);
        }

        Tensor hvp;
        using (var outer = new GradientTape())
        {
            outer.Watch(x);
            hvp = outer.Gradient(Ops.ReduceSum(Gradient(x) * v), x);
        }

        // Central differences of the float gradient along v, Richardson-extrapolated from steps h and h/2 so that the
        // h² truncation error (large where batch statistics divide by a small variance) cancels; h = 1e-2 keeps float
        // rounding (~1e-7/h) small. For max pooling, inputs at least 0.06 apart never swap order within ±h·|v|.
        const float H = 1e-2f;
        var xs = x.ToArray();
        var vs = v.ToArray();
        float[] Difference(float h)
        {
            var plus = Gradient(Tensor.From(xs.Zip(vs, (a, b) => a + (h * b)).ToArray(), shape)).ToArray();
            var minus = Gradient(Tensor.From(xs.Zip(vs, (a, b) => a - (h * b)).ToArray(), shape)).ToArray();
            return [.. plus.Zip(minus, (p, m) => (p - m) / (2 * h))];
        }

        var coarse = Difference(H);
        var fine = Difference(H / 2);
        var actual = hvp.ToArray();
        for (var i = 0; i < actual.Length; i++)
        {
            var expected = ((4.0 * fine[i]) - coarse[i]) / 3;
            if (Math.Abs(actual[i] - expected) > 2e-3 * Math.Max(1, Math.Abs(expected)))
            {
                throw new XunitException($"{name}: Hessian–vector product at {i} is {actual[i]}, differences of the gradient give {expected}");
            }
        }
    }

    private static readonly Dictionary<string, Func<(Layer Layer, int[] Shape)>> Cases = new()
    {
        ["Conv2D"] = () => (new Conv2D(3, 2, strides: 2, padding: "same", kernelInitializer: new GlorotUniform(seed: 1), biasInitializer: "ones"), [2, 5, 5, 2]),
        ["Conv1D"] = () => (new Conv1D(2, 3, padding: "causal", dilationRate: 2, kernelInitializer: new GlorotUniform(seed: 2)), [2, 6, 2]),
        ["MaxPooling2D"] = () => (new MaxPooling2D(2, padding: "same"), [2, 5, 5, 2]),
        ["AveragePooling2D"] = () => (new AveragePooling2D(3, strides: 2, padding: "same"), [2, 5, 5, 2]),
        ["GlobalAveragePooling2D"] = () => (new GlobalAveragePooling2D(), [2, 3, 3, 2]),
        ["Reshape"] = () => (new Reshape([2, -1]), [2, 6]),
        ["LayerNormalization"] = () => (new LayerNormalization(), [3, 4]),
        ["BatchNormalization (training)"] = () => (new BatchNormalization(), [4, 3]),
        ["LSTM"] = () => (new LSTM(2, kernelInitializer: new GlorotUniform(seed: 3), recurrentInitializer: new Orthogonal(seed: 4), returnSequences: true), [2, 3, 2]),
        ["GRU"] = () => (new GRU(2, kernelInitializer: new GlorotUniform(seed: 5), recurrentInitializer: new Orthogonal(seed: 6)), [2, 3, 2]),
    };

    [Fact]
    public void Embedding_second_derivative_with_respect_to_its_table()
    {
        // The lookup is linear in the table; f = Σ w·tanh(lookup) has a Hessian along v of w·tanh''·(v looked up)², summed back per row.
        var embedding = new Embedding(4, 3, embeddingsInitializer: new RandomUniform(-1, 1, seed: 8));
        var indices = Tensor.From([0f, 2, 2, 3], 2, 2);
        embedding.Build(2);
        var table = embedding.Embeddings!;
        var v = Rand.Uniform(new Random(9), [4, 3], -1, 1);
        var w = Tensor.RandomNormal(new Shape(2, 2, 3), seed: 10);

        Tensor hvp;
        using (var outer = new GradientTape())
        {
            Tensor gradient;
            using (var inner = new GradientTape())
            {
                gradient = inner.Gradient(Ops.ReduceSum(w * Ops.Tanh(embedding.Call(indices))), table);
            }

            hvp = outer.Gradient(Ops.ReduceSum(gradient * v), table);
        }

        var t = table.ToArray();
        var ws = w.ToArray();
        var vs = v.ToArray();
        var expected = new double[12];
        int[] rows = [0, 2, 2, 3];
        for (var k = 0; k < 4; k++)
        {
            for (var d = 0; d < 3; d++)
            {
                var y = Math.Tanh(t[(rows[k] * 3) + d]);
                var second = -2 * y * (1 - (y * y)); // tanh''
                expected[(rows[k] * 3) + d] += ws[(k * 3) + d] * second * vs[(rows[k] * 3) + d];
            }
        }

        var actual = hvp.ToArray();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5);
        }
    }
}
