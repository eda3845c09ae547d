namespace DiffGen.Runtime.Tests.Functional;

/// <summary>The README's functional-API example, as written there, runs (on small random data).</summary>
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void The_readme_example_trains_saves_and_loads()
    {
        var xa = Tensor.RandomNormal(new Shape(40, 4), 1);
        var xb = Tensor.RandomNormal(new Shape(40, 3), 2);
        var yScore = Tensor.RandomNormal(new Shape(40, 1), 3);
        var yKind = Tensor.From([.. Enumerable.Range(0, 120).Select(i => i % 3 == (i / 3) % 3 ? 1f : 0f)], 40, 3);
        var path = Path.Combine(_directory.FullName, "model.keras");
        using var seed = RandomSeed.Scope(5);

        var a = new Input([4], "a");
        var b = new Input([3], "b");
        var shared = new Dense(8, activation: "relu", name: "shared");
        var ha = shared.Call(a);
        var hb = shared.Call(new Dense(4, name: "widen").Call(b));
        var score = new Dense(1, name: "score").Call(new Concatenate().Call(ha, hb));
        var kind = new Dense(3, activation: "softmax", name: "kind").Call(new Add().Call(ha, hb));
        var model = new Model([a, b], [score, kind]);
        model.Summary(_ => { });
        model.Compile(new Adam(), new Dictionary<string, Loss> { ["score"] = new MeanSquaredError(), ["kind"] = new CategoricalCrossentropy() },
            lossWeights: new Dictionary<string, double> { ["score"] = 1.0, ["kind"] = 0.5 });
        var history = model.Fit([xa, xb], [yScore, yKind], epochs: 10, batchSize: 32, validationSplit: 0.2, seed: 1, verbose: 0);
        Tensor[] predictions = model.Predict([xa, xb]);
        model.Save(path);
        var again = Model.Load(path);

        Assert.Equal(10, history["score_loss"].Count);
        Assert.Equal(10, history["val_kind_loss"].Count);
        Assert.Equal(predictions[1].ToArray(), again.Predict([xa, xb])[1].ToArray());
    }
}
