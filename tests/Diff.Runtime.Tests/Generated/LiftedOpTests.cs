using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>User code as a user writes it: scalar functions lifted to tensor ops by <c>[TapeOp]</c>.</summary>
public static partial class LiftedFunctions
{
    /// <summary>Swish, x·σ(x), as one scalar expression.</summary>
    [Differentiable, TapeOp]
    public static float Swish(float x) => x / (1f + MathF.Exp(-x));

    /// <summary>A smooth clip to (−limit, limit): limit·tanh(x / limit); <paramref name="limit"/> is a constant of the op.</summary>
    [Differentiable, TapeOp]
    public static float SoftClip(float x, [NoDerivative] float limit) => limit * MathF.Tanh(x / limit);
}

/// <summary>
/// The lifted ops (<c>SwishOp</c>, <c>SoftClipOp</c>, <c>SwishActivation</c>, generated from the methods above)
/// against the same functions composed from built-in ops and against central finite differences of a double reference.
/// </summary>
public sealed class LiftedOpTests
{
    private static double SwishRef(double x) => x / (1 + Math.Exp(-x));

    private static double SoftClipRef(double x, double limit) => limit * Math.Tanh(x / limit);

    private static Ref Map(Ref x, Func<double, double> f) => new((int[])x.Shape.Clone(), [.. x.Data.Select(f)]);

    [Fact]
    public void SwishOp_value_and_gradient_match_the_builtin_composition_and_finite_differences_on_random_shapes()
    {
        var random = new Random(71);
        for (var trial = 0; trial < 20; trial++)
        {
            var x = Rand.Uniform(random, Rand.Shape(random, 0, 3, 1, 5), -6, 6);
            GradientCheck.Check($"SwishOp trial {trial}", t => LiftedFunctions.SwishOp(t[0]), r => Map(r[0], SwishRef), [x], seed: trial);
            AssertSameAsComposition(x, LiftedFunctions.SwishOp, t => t * Ops.Sigmoid(t), seed: trial);
        }
    }

    [Fact]
    public void SoftClipOp_with_a_constant_matches_the_builtin_composition_and_finite_differences_on_random_shapes()
    {
        var random = new Random(72);
        for (var trial = 0; trial < 20; trial++)
        {
            var limit = (float)(0.5 + (2 * random.NextDouble()));
            var x = Rand.Uniform(random, Rand.Shape(random, 0, 3, 1, 5), -4, 4);
            GradientCheck.Check($"SoftClipOp({limit}) trial {trial}", t => LiftedFunctions.SoftClipOp(t[0], limit), r => Map(r[0], v => SoftClipRef(v, limit)), [x], seed: trial);
            AssertSameAsComposition(x, t => LiftedFunctions.SoftClipOp(t, limit), t => limit * Ops.Tanh(t / limit), seed: trial);
        }
    }

    [Fact]
    public void A_lifted_op_is_one_tape_node_whatever_the_size()
    {
        var x = Rand.Uniform(new Random(3), [50, 40], -2, 2);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = LiftedFunctions.SwishOp(x);
        Assert.Equal([50, 40], y.Shape.Dimensions.ToArray());
        var dx = tape.Gradient(Ops.ReduceSum(y), x);
        Assert.Equal(x.Shape, dx.Shape);
    }

    [Fact]
    public void Outside_a_tape_the_op_just_computes_and_the_input_is_unchanged()
    {
        var data = new float[] { -3, -0.5f, 0, 0.5f, 3 };
        var x = Tensor.From(data, 5);
        var y = LiftedFunctions.SwishOp(x);
        Assert.Equal(data.Select(LiftedFunctions.Swish).ToArray(), y.ToArray());
        Assert.Equal(data, x.ToArray());
    }

    [Fact]
    public void The_activation_is_named_after_the_type_and_method_and_computes_the_op()
    {
        var activation = LiftedFunctions.SwishActivation;
        Assert.Equal("LiftedFunctions.Swish", activation.Name);
        Assert.Same(activation, LiftedFunctions.SwishActivation);
        var x = Tensor.From([-1f, 2f], 2);
        Assert.Equal(LiftedFunctions.SwishOp(x).ToArray(), activation.Function(x).ToArray());
    }

    [Fact]
    public void A_dense_layer_with_the_lifted_activation_trains_under_fit_to_the_builtin_compositions_weights()
    {
        var random = new Random(5);
        var x = Rand.Uniform(random, [64, 3], -2, 2);
        var y = Rand.Uniform(random, [64, 1], -1, 1);
        var hidden = new[] { Tensor.RandomNormal(new Shape(3, 8), 11, stddev: 0.5f), Tensor.RandomNormal(new Shape(8), 12, stddev: 0.1f) };
        var output = new[] { Tensor.RandomNormal(new Shape(8, 1), 13, stddev: 0.5f), Tensor.RandomNormal(new Shape(1), 14, stddev: 0.1f) };

        (Tensor[] Weights, History History) Train(ActivationFunction activation)
        {
            var first = new Dense(8, activation: activation);
            var last = new Dense(1);
            var model = new Sequential(first, last);
            first.Build(3);
            last.Build(8);
            first.SetWeights(hidden);
            last.SetWeights(output);
            model.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse");
            var history = model.Fit(x, y, epochs: 30, batchSize: 16, seed: 9, verbose: 0);
            return ([.. first.GetWeights(), .. last.GetWeights()], history);
        }

        var (lifted, liftedHistory) = Train(LiftedFunctions.SwishActivation);
        var (builtin, builtinHistory) = Train(new ActivationFunction("swish", t => t * Ops.Sigmoid(t)));

        Assert.True(liftedHistory["loss"][^1] < liftedHistory["loss"][0], "the lifted model did not learn");
        for (var w = 0; w < lifted.Length; w++)
        {
            var a = lifted[w].ToArray();
            var b = builtin[w].ToArray();
            Assert.Equal(b.Length, a.Length);
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

    /// <summary>Value and the tape's vector–Jacobian product of the lifted op agree with the built-in composition.</summary>
    private static void AssertSameAsComposition(Tensor x, Func<Tensor, Tensor> lifted, Func<Tensor, Tensor> composed, int seed)
    {
        var w = Tensor.RandomNormal(x.Shape, seed + 1000);
        (float[] Value, float[] Gradient) Run(Func<Tensor, Tensor> f)
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var y = f(x);
            return (y.ToArray(), tape.Gradient(Ops.ReduceSum(y * w), x).ToArray());
        }

        var (liftedValue, liftedGradient) = Run(lifted);
        var (composedValue, composedGradient) = Run(composed);
        for (var i = 0; i < liftedValue.Length; i++)
        {
            Assert.True(Math.Abs(liftedValue[i] - composedValue[i]) <= 1e-5 * Math.Max(1, Math.Abs(composedValue[i])), $"value [{i}] at x = {x.ToArray()[i]}: lifted {liftedValue[i]}, composed {composedValue[i]}");
            Assert.True(Math.Abs(liftedGradient[i] - composedGradient[i]) <= 1e-5 * Math.Max(1, Math.Abs(composedGradient[i])), $"gradient [{i}] at x = {x.ToArray()[i]}: lifted {liftedGradient[i]}, composed {composedGradient[i]}");
        }
    }
}
