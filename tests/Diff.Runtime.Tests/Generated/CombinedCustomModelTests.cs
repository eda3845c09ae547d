using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>Issue 7's acceptance check: one model with a user-written activation and a user-written loss.</summary>
public sealed class CombinedCustomModelTests
{
    [Fact]
    public void A_model_with_a_lifted_activation_and_a_lifted_loss_trains_to_the_builtin_models_weights()
    {
        var random = new Random(17);
        var x = Rand.Uniform(random, [48, 3], -2, 2);
        var y = Rand.Uniform(random, [48, 2], -2, 2);
        var hidden = new[] { Tensor.RandomNormal(new Shape(3, 6), 31, stddev: 0.5f), Tensor.RandomNormal(new Shape(6), 32, stddev: 0.1f) };
        var output = new[] { Tensor.RandomNormal(new Shape(6, 2), 33, stddev: 0.5f), Tensor.RandomNormal(new Shape(2), 34, stddev: 0.1f) };

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

        var (lifted, liftedHistory) = Train(LiftedFunctions.SwishActivation, SpanFunctions.SmoothL1Loss);
        var (builtin, builtinHistory) = Train(new ActivationFunction("swish", t => t * Ops.Sigmoid(t)), new Huber(1.0));

        Assert.True(liftedHistory["loss"][^1] < liftedHistory["loss"][0], "the model with custom pieces did not learn");
        for (var w = 0; w < lifted.Length; w++)
        {
            var a = lifted[w].ToArray();
            var b = builtin[w].ToArray();
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
