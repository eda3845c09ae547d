using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>A custom layer as a user writes it: Dense with tanh, one unit at a time, as a [Differentiable] span function.</summary>
public sealed partial class TanhUnits(int units) : SpanLayer(units)
{
    /// <summary>One unit: tanh(Σ wᵢ·xᵢ + b), its weights followed by its bias.</summary>
    [Differentiable, TapeOp]
    public static float Unit(ReadOnlySpan<float> weights, ReadOnlySpan<float> input)
    {
        var sum = weights[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            sum += weights[i] * input[i];
        }

        return MathF.Tanh(sum);
    }

    protected override Tensor Apply(Tensor kernel, Tensor inputs) => UnitOp(kernel, inputs);
}

/// <summary>A radial basis function layer: each unit a centre and a log-width, exp(−e^s·‖x − c‖²).</summary>
public sealed partial class Rbf(int units) : SpanLayer(units, kernelInitializer: new RandomNormal(stddev: 0.5, seed: 1))
{
    [Differentiable, TapeOp]
    public static float Unit(ReadOnlySpan<float> weights, ReadOnlySpan<float> input)
    {
        var sum = 0f;
        for (var i = 0; i < input.Length; i++)
        {
            var d = input[i] - weights[i];
            sum += d * d;
        }

        return MathF.Exp(-MathF.Exp(weights[input.Length]) * sum);
    }

    protected override Tensor Apply(Tensor kernel, Tensor inputs) => UnitOp(kernel, inputs);
}

/// <summary>
/// <see cref="SpanLayer"/>s whose forward is a generated <c>UnitOp</c>: gradients against finite differences and the same
/// computation from built-in ops, and training under <c>Fit</c> like a built-in layer.
/// </summary>
public sealed class SpanLayerTests
{
    private static Ref UnitsRef(Ref kernel, Ref x, Func<double[], double[], double> unit)
    {
        var units = kernel.Shape[0];
        var k = kernel.Shape[1];
        var d = x.Shape[^1];
        var rows = x.Size / d;
        var result = new double[rows * units];
        for (var i = 0; i < rows; i++)
        {
            for (var u = 0; u < units; u++)
            {
                result[(i * units) + u] = unit(kernel.Data[(u * k)..((u + 1) * k)], x.Data[(i * d)..((i + 1) * d)]);
            }
        }

        return new Ref([.. x.Shape[..^1], units], result);
    }

    private static double TanhUnitRef(double[] w, double[] x) => Math.Tanh(w[x.Length] + x.Select((v, i) => v * w[i]).Sum());

    private static double RbfRef(double[] w, double[] x) => Math.Exp(-Math.Exp(w[x.Length]) * x.Select((v, i) => (v - w[i]) * (v - w[i])).Sum());

    [Fact]
    public void The_unit_ops_gradients_in_kernel_and_input_match_finite_differences()
    {
        var random = new Random(91);
        for (var trial = 0; trial < 10; trial++)
        {
            var d = random.Next(1, 5);
            var units = random.Next(1, 4);
            var kernel = Rand.Uniform(random, [units, d + 1], -1, 1);
            var x = Rand.Uniform(random, random.Next(2) == 0 ? [random.Next(1, 5), d] : [2, random.Next(1, 3), d], -1, 1);
            GradientCheck.Check($"TanhUnits trial {trial}", t => TanhUnits.UnitOp(t[0], t[1]), r => UnitsRef(r[0], r[1], TanhUnitRef), [kernel, x], seed: trial);
            GradientCheck.Check($"Rbf trial {trial}", t => Rbf.UnitOp(t[0], t[1]), r => UnitsRef(r[0], r[1], RbfRef), [kernel, x], seed: trial);
        }
    }

    [Fact]
    public void The_unit_op_matches_dense_tanh_built_from_ops()
    {
        var random = new Random(92);
        const int D = 3, Units = 4;
        var kernel = Rand.Uniform(random, [Units, D + 1], -1, 1);
        var x = Rand.Uniform(random, [6, D], -2, 2);
        SpanOpTests.AssertSameAsComposition(
            [kernel, x],
            t => TanhUnits.UnitOp(t[0], t[1]),
            t => Ops.Tanh(Ops.MatMul(t[1], Ops.Slice(t[0], 0, D, axis: 1), transposeB: true) + Ops.Reshape(Ops.Slice(t[0], D, 1, axis: 1), Units)),
            seed: 5);
    }

    [Fact]
    public void The_layer_builds_its_kernel_from_the_input_shape_and_trains_under_fit_to_the_weights_of_dense_tanh()
    {
        var random = new Random(93);
        var x = Rand.Uniform(random, [64, 3], -2, 2);
        var y = Rand.Uniform(random, [64, 1], -1, 1);
        var kernel = Tensor.RandomNormal(new Shape(8, 4), 31, stddev: 0.5f);
        var k = kernel.ToArray();
        var denseKernel = Tensor.From([.. Enumerable.Range(0, 3 * 8).Select(i => k[((i % 8) * 4) + (i / 8)])], 3, 8);
        var denseBias = Tensor.From([.. Enumerable.Range(0, 8).Select(u => k[(u * 4) + 3])], 8);
        var output = new[] { Tensor.RandomNormal(new Shape(8, 1), 32, stddev: 0.5f), Tensor.RandomNormal(new Shape(1), 33, stddev: 0.1f) };

        var custom = new TanhUnits(8);
        var customOut = new Dense(1);
        var customModel = new Sequential(custom, customOut);
        custom.Build(3);
        Assert.Equal(new Shape(8, 4), custom.Kernel!.Shape);
        Assert.Equal(new Shape(8), custom.ComputeOutputShape(new Shape(3)));
        custom.SetWeights(kernel);
        customOut.Build(8);
        customOut.SetWeights(output);

        var dense = new Dense(8, activation: "tanh");
        var denseOut = new Dense(1);
        var denseModel = new Sequential(dense, denseOut);
        dense.Build(3);
        dense.SetWeights(denseKernel, denseBias);
        denseOut.Build(8);
        denseOut.SetWeights(output);

        customModel.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse");
        denseModel.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse");
        var customHistory = customModel.Fit(x, y, epochs: 20, batchSize: 16, seed: 4, verbose: 0);
        var denseHistory = denseModel.Fit(x, y, epochs: 20, batchSize: 16, seed: 4, verbose: 0);

        Assert.True(customHistory["loss"][^1] < customHistory["loss"][0], "the custom layer did not learn");
        for (var epoch = 0; epoch < customHistory["loss"].Count; epoch++)
        {
            Assert.Equal(denseHistory["loss"][epoch], customHistory["loss"][epoch], 1e-5);
        }

        var trained = custom.GetWeights()[0].ToArray();
        var expectedKernel = dense.GetWeights()[0].ToArray();
        var expectedBias = dense.GetWeights()[1].ToArray();
        for (var u = 0; u < 8; u++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(expectedKernel[(j * 8) + u], trained[(u * 4) + j], 1e-4);
            }

            Assert.Equal(expectedBias[u], trained[(u * 4) + 3], 1e-4);
        }
    }

    [Fact]
    public void An_rbf_layer_learns_a_bump_under_fit()
    {
        var random = new Random(94);
        var x = Rand.Uniform(random, [128, 2], -2, 2);
        var xs = x.ToArray();
        var y = Tensor.From([.. Enumerable.Range(0, 128).Select(i => MathF.Exp(-((xs[2 * i] - 0.5f) * (xs[2 * i] - 0.5f)) - (xs[(2 * i) + 1] * xs[(2 * i) + 1])))], 128, 1);
        var model = new Sequential(new Rbf(6), new Dense(1));
        model.Compile(optimizer: new Adam(learningRate: 0.05), loss: "mse");
        var history = model.Fit(x, y, epochs: 60, batchSize: 32, seed: 2, verbose: 0);
        Assert.True(history["loss"][^1] < 0.25 * history["loss"][0], $"loss went from {history["loss"][0]} to {history["loss"][^1]}");
    }
}
