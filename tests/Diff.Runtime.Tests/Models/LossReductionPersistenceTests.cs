namespace DiffGen.Runtime.Tests.Models;

/// <summary>A loss's <c>reduction</c> survives Save and Load in both formats, so a resumed Fit computes the same loss.</summary>
public sealed class LossReductionPersistenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("model.dgmodel", "sum")]
    [InlineData("model.keras", "sum")]
    [InlineData("model.dgmodel", "sum_over_batch_size")]
    [InlineData("model.keras", "sum_over_batch_size")]
    public void The_reduction_is_saved_and_loaded(string file, string reduction)
    {
        using var seed = RandomSeed.Scope(5);
        var model = new Sequential(new Input(3), new Dense(2));
        model.Compile(new SGD(), new Huber(delta: 2.0, reduction: reduction));
        var path = Path.Combine(_directory.FullName, file);
        model.Save(path);

        var loaded = Model.Load(path);
        Assert.Equal(reduction, loaded.Loss!.Reduction);
        Assert.Equal(model.Loss!.GetConfig()["delta"], loaded.Loss.GetConfig()["delta"]);

        var x = Tensor.RandomNormal(new Shape(4, 3), seed: 1);
        var y = Tensor.RandomNormal(new Shape(4, 2), seed: 2);
        Assert.Equal(model.Evaluate(x, y, verbose: 0), loaded.Evaluate(x, y, verbose: 0));
    }
}
