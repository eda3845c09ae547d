namespace DiffGen.Runtime.Tests.Functional;

/// <summary>
/// A functional chain and the Sequential of the same layers run the same ops: with the same weights they predict and
/// train bit for bit alike (Fit shares one loop between them).
/// </summary>
public sealed class FunctionalSequentialEquivalenceTests
{
    private static (Sequential Sequential, Model Functional) Pair(string prefix)
    {
        using var seed = RandomSeed.Scope(11);
        var sequential = new Sequential(new Input(4), new Dense(6, activation: "relu"), new Dense(3, activation: "tanh"), new Dense(2));
        var input = new Input([4], $"{prefix}_in");
        var layers = new[] { new Dense(6, activation: "relu"), new Dense(3, activation: "tanh"), new Dense(2) };
        var x = (KerasTensor)input;
        foreach (var layer in layers)
        {
            x = layer.Call(x);
        }

        var functional = new Model(input, x);
        var source = sequential.Layers.Where(l => l is not Input).ToList();
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i].SetWeights(source[i].GetWeights());
        }

        return (sequential, functional);
    }

    [Fact]
    public void Same_weights_give_the_same_predictions_bit_for_bit()
    {
        var (sequential, functional) = Pair("predict");
        var x = Tensor.RandomNormal(new Shape(37, 4), 5);

        Assert.Equal(sequential.Predict(x, batchSize: 8).ToArray(), functional.Predict(x, batchSize: 8).ToArray());
        Assert.Equal(sequential.Predict(x).ToArray(), functional.Predict([x])[0].ToArray());
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void Training_follows_the_same_trajectory_bit_for_bit(string optimizer)
    {
        var (sequential, functional) = Pair($"train_{optimizer}");
        var x = Tensor.RandomNormal(new Shape(50, 4), 6);
        var y = Tensor.RandomNormal(new Shape(50, 2), 7);
        var weights = Tensor.RandomUniform(new Shape(50), 8);
        sequential.Compile(optimizer, "mse", ["mae"]);
        functional.Compile(optimizer, "mse", ["mae"]);

        var h1 = sequential.Fit(x, y, epochs: 4, batchSize: 8, validationSplit: 0.2, verbose: 0, seed: 9, sampleWeight: weights);
        var h2 = functional.Fit(x, y, epochs: 4, batchSize: 8, validationSplit: 0.2, verbose: 0, seed: 9, sampleWeight: weights);

        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(h1["val_loss"], h2["val_loss"]);
        Assert.Equal(h1["mae"], h2["mae"]);
        Assert.Equal(sequential.Weights.Select(w => w.Peek().ToArray()), functional.Weights.Select(w => w.Peek().ToArray()));

        // The array-list overloads are the same loop.
        var h3 = functional.Fit([x], [y], epochs: 1, batchSize: 8, verbose: 0, seed: 10);
        var h4 = sequential.Fit(x, y, epochs: 1, batchSize: 8, verbose: 0, seed: 10);
        Assert.Equal(h4["loss"], h3["loss"]);
        Assert.Equal(sequential.Evaluate(x, y, verbose: 0), functional.Evaluate([x], [y], verbose: 0));
    }
}
