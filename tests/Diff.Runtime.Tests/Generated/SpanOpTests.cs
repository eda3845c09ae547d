using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>User code as a user writes it: span functions lifted to row ops and a loss by <c>[TapeOp]</c>.</summary>
public static partial class SpanFunctions
{
    /// <summary>log Σ exp(row): applied to each row by the generated <c>LogSumExpOp</c>.</summary>
    [Differentiable, TapeOp]
    public static float LogSumExp(ReadOnlySpan<float> row)
    {
        var sum = 0f;
        for (var i = 0; i < row.Length; i++)
        {
            sum += MathF.Exp(row[i]);
        }

        return MathF.Log(sum);
    }

    /// <summary>√(Σ row² + ε), with ε a constant of the op.</summary>
    [Differentiable, TapeOp]
    public static float SoftNorm(ReadOnlySpan<float> row, [NoDerivative] float epsilon)
    {
        var sum = 0f;
        for (var i = 0; i < row.Length; i++)
        {
            sum += row[i] * row[i];
        }

        return MathF.Sqrt(sum + epsilon);
    }

    /// <summary>The smooth L1 loss (Huber with δ = 1) of one sample, averaged over its values: <c>SmoothL1Loss</c>.</summary>
    [Differentiable, TapeOp]
    public static float SmoothL1([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
    {
        var sum = 0f;
        for (var i = 0; i < yPred.Length; i++)
        {
            var error = yPred[i] - yTrue[i];
            var abs = MathF.Abs(error);
            if (abs <= 1f)
            {
                sum += 0.5f * error * error;
            }
            else
            {
                sum += abs - 0.5f;
            }
        }

        return sum / yPred.Length;
    }
}

/// <summary>
/// The span ops generated from <see cref="SpanFunctions"/> against the same computations composed from built-in ops
/// and against central finite differences of a double reference.
/// </summary>
public sealed class SpanOpTests
{
    private static Ref Rows(Ref x, Func<double[], double> f)
    {
        var width = x.Shape[^1];
        var rows = width == 0 ? Reference.SizeOf(x.Shape[..^1]) : x.Size / width;
        return new Ref(x.Shape[..^1], [.. Enumerable.Range(0, rows).Select(i => f(x.Data[(i * width)..((i + 1) * width)]))]);
    }

    private static double SmoothL1Ref(double[] t, double[] p) =>
        t.Zip(p, (a, b) => Math.Abs(b - a) <= 1 ? 0.5 * (b - a) * (b - a) : Math.Abs(b - a) - 0.5).Average();

    [Fact]
    public void A_row_op_matches_the_builtin_composition_and_finite_differences_on_random_shapes()
    {
        var random = new Random(81);
        for (var trial = 0; trial < 15; trial++)
        {
            var x = Rand.Uniform(random, Rand.Shape(random, 1, 3, 1, 5), -2, 2);
            GradientCheck.Check($"LogSumExpOp trial {trial}", t => SpanFunctions.LogSumExpOp(t[0]), r => Rows(r[0], row => Math.Log(row.Sum(Math.Exp))), [x], seed: trial);
            AssertSameAsComposition([x], t => SpanFunctions.LogSumExpOp(t[0]), t => Ops.Log(Ops.ReduceSum(Ops.Exp(t[0]), axis: -1)), trial);

            var epsilon = (float)(0.1 + random.NextDouble());
            GradientCheck.Check($"SoftNormOp trial {trial}", t => SpanFunctions.SoftNormOp(t[0], epsilon), r => Rows(r[0], row => Math.Sqrt(row.Sum(v => v * v) + epsilon)), [x], seed: trial);
            AssertSameAsComposition([x], t => SpanFunctions.SoftNormOp(t[0], epsilon), t => Ops.Sqrt(Ops.ReduceSum(Ops.Square(t[0]), axis: -1) + epsilon), trial);
        }
    }

    [Fact]
    public void A_row_op_maps_n_by_d_to_n_as_one_tape_node()
    {
        var x = Rand.Uniform(new Random(4), [7, 3], -1, 1);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = SpanFunctions.LogSumExpOp(x);
        Assert.Equal([7], y.Shape.ToArray());
        var dx = tape.Gradient(Ops.ReduceSum(y), x);
        Assert.Equal(x.Shape, dx.Shape);
        var rows = x.ToArray();
        Assert.Equal(SpanFunctions.LogSumExp(rows.AsSpan(3, 3)), y.ToArray()[1]);
    }

    [Fact]
    public void The_per_sample_loss_op_matches_finite_differences_and_gives_y_true_no_gradient_as_a_constant()
    {
        var random = new Random(82);
        for (var trial = 0; trial < 15; trial++)
        {
            var shape = Rand.Shape(random, 1, 3, 1, 5);
            var yTrue = Rand.Uniform(random, shape, -2, 2);
            var yPred = Rand.Uniform(random, shape, -2, 2);
            GradientCheck.Check(
                $"SmoothL1Op trial {trial}",
                t => SpanFunctions.SmoothL1Op(t[0], t[1]),
                r => Rows(new Ref([.. r[0].Shape[..^1], 2 * r[0].Shape[^1]], [.. Enumerable.Range(0, r[0].Size / Math.Max(1, r[0].Shape[^1])).SelectMany(i => r[0].Data.Skip(i * r[0].Shape[^1]).Take(r[0].Shape[^1]).Concat(r[1].Data.Skip(i * r[0].Shape[^1]).Take(r[0].Shape[^1])))]), row => SmoothL1Ref(row[..(row.Length / 2)], row[(row.Length / 2)..])),
                [yTrue, yPred],
                seed: trial,
                constant: [true, false],
                tolerance: 1e-3);
        }
    }

    [Fact]
    public void The_generated_loss_is_the_mean_over_the_batch_and_equals_keras_huber_with_delta_one()
    {
        var random = new Random(83);
        var loss = SpanFunctions.SmoothL1Loss;
        Assert.Equal("SpanFunctions.SmoothL1", loss.Name);
        Assert.Same(loss, SpanFunctions.SmoothL1Loss);
        foreach (var shape in new[] { new[] { 8, 3 }, [5, 1], [6] })
        {
            var yTrue = Rand.Uniform(random, shape, -3, 3);
            var yPred = Rand.Uniform(random, shape, -3, 3);
            AssertSameAsComposition([yPred], t => loss.Call(yTrue, t[0]), t => new Huber(1.0).Call(yTrue, t[0]), 0);
        }
    }

    [Fact]
    public void A_model_compiled_with_the_generated_loss_trains_to_the_weights_of_keras_huber()
    {
        var random = new Random(6);
        var x = Rand.Uniform(random, [64, 3], -2, 2);
        var y = Rand.Uniform(random, [64, 2], -3, 3);
        (Tensor[] Weights, History History) Train(Loss loss)
        {
            var dense = new Dense(2);
            var model = new Sequential(dense);
            dense.Build(3);
            dense.SetWeights(Tensor.RandomNormal(new Shape(3, 2), 21, stddev: 0.5f), Tensor.RandomNormal(new Shape(2), 22, stddev: 0.1f));
            model.Compile(optimizer: "adam", loss: loss);
            var history = model.Fit(x, y, epochs: 20, batchSize: 16, seed: 3, verbose: 0);
            return (dense.GetWeights(), history);
        }

        var (lifted, liftedHistory) = Train(SpanFunctions.SmoothL1Loss);
        var (builtin, builtinHistory) = Train(new Huber(1.0));
        Assert.True(liftedHistory["loss"][^1] < liftedHistory["loss"][0], "the model did not learn");
        for (var w = 0; w < lifted.Length; w++)
        {
            var a = lifted[w].ToArray();
            var b = builtin[w].ToArray();
            for (var i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 * Math.Max(1, Math.Abs(b[i])), $"weight {w}[{i}]: lifted {a[i]}, built-in {b[i]}");
            }
        }

        for (var epoch = 0; epoch < liftedHistory["loss"].Count; epoch++)
        {
            Assert.Equal(builtinHistory["loss"][epoch], liftedHistory["loss"][epoch], 1e-5);
        }
    }

    /// <summary>Value and the tape's vector–Jacobian products of the lifted op agree with the built-in composition.</summary>
    internal static void AssertSameAsComposition(Tensor[] inputs, Func<Tensor[], Tensor> lifted, Func<Tensor[], Tensor> composed, int seed, double tolerance = 1e-5)
    {
        (float[] Value, float[][] Gradients) Run(Func<Tensor[], Tensor> f)
        {
            using var tape = new GradientTape();
            foreach (var input in inputs)
            {
                tape.Watch(input);
            }

            var y = f(inputs);
            var w = Tensor.RandomNormal(y.Shape, seed + 1000);
            return (y.ToArray(), [.. tape.Gradient(Ops.ReduceSum(y * w), inputs).Select(g => g!.ToArray())]);
        }

        var (liftedValue, liftedGradients) = Run(lifted);
        var (composedValue, composedGradients) = Run(composed);
        Assert.Equal(composedValue.Length, liftedValue.Length);
        for (var i = 0; i < liftedValue.Length; i++)
        {
            Assert.True(Math.Abs(liftedValue[i] - composedValue[i]) <= tolerance * Math.Max(1, Math.Abs(composedValue[i])), $"value [{i}]: lifted {liftedValue[i]}, composed {composedValue[i]}");
        }

        for (var g = 0; g < inputs.Length; g++)
        {
            for (var i = 0; i < liftedGradients[g].Length; i++)
            {
                Assert.True(Math.Abs(liftedGradients[g][i] - composedGradients[g][i]) <= tolerance * Math.Max(1, Math.Abs(composedGradients[g][i])), $"gradient {g} [{i}]: lifted {liftedGradients[g][i]}, composed {composedGradients[g][i]}");
            }
        }
    }
}
