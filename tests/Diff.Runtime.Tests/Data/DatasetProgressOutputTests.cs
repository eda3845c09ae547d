using DiffGen.Runtime.Tests.Models;

namespace DiffGen.Runtime.Tests.Data;

/// <summary>Fit's progress lines over datasets (Console.Out is process-wide: this runs alone).</summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class DatasetProgressOutputTests
{
    [Fact]
    public void A_dataset_of_known_length_counts_its_batches_and_a_generator_shows_unknown()
    {
        var (x, y, _, _) = FitTests.Linear(20, seed: 7);
        var model = new Sequential(new Dense(1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            model.Fit(Dataset.FromTensorSlices(x, y).Batch(8), epochs: 1, verbose: 1);
            model.Fit(Dataset.FromGenerator(Dataset.FromTensorSlices(x, y).Batch(8).Select(b => (b.X, b.Y!))), epochs: 1, verbose: 1);
            model.Fit(Dataset.FromGenerator(Dataset.FromTensorSlices(x, y).Batch(8).Select(b => (b.X, b.Y!))), epochs: 1, verbose: 2);
        }
        finally
        {
            Console.SetOut(original);
        }

        var text = captured.ToString();
        Assert.Matches(@"3/3 ━{20} \d+s \d+(us|ms|s)/step - loss: \d+\.\d{4}", text);
        Assert.Matches(@"3/Unknown \d+s \d+(us|ms|s)/step - loss: \d+\.\d{4}", text);
        Assert.Matches(@"3/Unknown - \d+s - \d+(us|ms|s)/step - loss: \d+\.\d{4}", text);
    }
}
