using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>User code as a user writes it: a per-sample loss whose threshold is a constant of the op.</summary>
public static partial class ConstantLosses
{
    /// <summary>Keras' Huber loss of one sample with threshold <paramref name="delta"/>, averaged over its values.</summary>
    [Differentiable, TapeOp]
    public static float Huber([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, [NoDerivative] float delta)
    {
        var sum = 0f;
        for (var i = 0; i < yPred.Length; i++)
        {
            var error = yPred[i] - yTrue[i];
            var abs = MathF.Abs(error);
            if (abs <= delta)
            {
                sum += 0.5f * error * error;
            }
            else
            {
                sum += (delta * abs) - (0.5f * delta * delta);
            }
        }

        return sum / yPred.Length;
    }
}

/// <summary>
/// The activation and loss methods generated for lifted ops with constants (<c>SoftClipActivation(limit)</c>,
/// <c>HuberLoss(delta)</c>): named after their constants, and training like the built-in compositions they replace.
/// </summary>
public sealed class ConstantActivationAndLossTests
{
    [Fact]
    public void The_activation_and_loss_are_named_after_the_op_and_the_constants_values()
    {
        Assert.Equal("LiftedFunctions.SoftClip(limit=2)", LiftedFunctions.SoftClipActivation(2f).Name);
        Assert.Equal("LiftedFunctions.SoftClip(limit=0.1)", LiftedFunctions.SoftClipActivation(0.1f).Name);
        Assert.Equal("ConstantLosses.Huber(delta=1.5)", ConstantLosses.HuberLoss(1.5f).Name);
    }

    [Fact]
    public void The_activation_computes_the_op_with_its_constant()
    {
        var x = Tensor.From([-3f, 0.5f, 4f], 3);
        Assert.Equal(LiftedFunctions.SoftClipOp(x, 1.5f).ToArray(), LiftedFunctions.SoftClipActivation(1.5f).Function(x).ToArray());
    }

    [Fact]
    public void A_model_with_a_constant_taking_activation_and_loss_trains_to_the_builtin_models_weights()
    {
        const float Limit = 1.5f;
        const float Delta = 0.5f;
        var random = new Random(23);
        var x = Rand.Uniform(random, [48, 3], -2, 2);
        var y = Rand.Uniform(random, [48, 2], -2, 2);
        var hidden = new[] { Tensor.RandomNormal(new Shape(3, 6), 41, stddev: 0.8f), Tensor.RandomNormal(new Shape(6), 42, stddev: 0.1f) };
        var output = new[] { Tensor.RandomNormal(new Shape(6, 2), 43, stddev: 0.5f), Tensor.RandomNormal(new Shape(2), 44, stddev: 0.1f) };

        (Tensor[] Weights, History History) Train(ActivationFunction activation, Loss loss)
        {
            var first = new Dense(6, activation: activation);
            var last = new Dense(2);
            var model = new Sequential(first, last);
            first.Build(3);
            last.Build(6);
            first.SetWeights(hidden);
            last.SetWeights(output);
            model.Compile(optimizer: new Adam(learningRate: 0.01), loss: loss);
            var history = model.Fit(x, y, epochs: 25, batchSize: 16, seed: 5, verbose: 0);
            return ([.. first.GetWeights(), .. last.GetWeights()], history);
        }

        var (lifted, liftedHistory) = Train(LiftedFunctions.SoftClipActivation(Limit), ConstantLosses.HuberLoss(Delta));
        var (builtin, builtinHistory) = Train(new ActivationFunction("soft_clip", t => Limit * Ops.Tanh(t / Limit)), new Huber(Delta));

        Assert.True(liftedHistory["loss"][^1] < liftedHistory["loss"][0], "the model with custom pieces did not learn");
        for (var w = 0; w < lifted.Length; w++)
        {
            var a = lifted[w].ToArray();
            var b = builtin[w].ToArray();
            Assert.Equal(b.Length, a.Length);
            for (var i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 * Math.Max(1, Math.Abs(b[i])), $"weight {w}[{i}]: custom {a[i]}, built-in {b[i]}");
            }
        }

        for (var epoch = 0; epoch < liftedHistory["loss"].Count; epoch++)
        {
            Assert.Equal(builtinHistory["loss"][epoch], liftedHistory["loss"][epoch], 1e-5);
        }
    }
}
