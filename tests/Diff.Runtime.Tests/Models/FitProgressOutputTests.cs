namespace DiffGen.Runtime.Tests.Models;

/// <summary>
/// Fit's progress lines, read by redirecting <see cref="Console.Out"/>: process-wide, so this runs alone
/// (<see cref="ProcessWideStateCollection"/>) — another test's verbose Fit would otherwise print into the capture, and
/// its output would be lost into it.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class FitProgressOutputTests
{
    [Fact]
    public void Verbose_output_follows_keras_progress_lines()
    {
        var (x, y, _, _) = FitTests.Linear(100, seed: 7);
        var model = new Sequential(new Dense(1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            model.Fit(x, y, epochs: 2, batchSize: 32, verbose: 1, validationSplit: 0.2);
            model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 2);
            model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0);
        }
        finally
        {
            Console.SetOut(original);
        }

        var text = captured.ToString();
        Assert.Contains("Epoch 1/2", text);
        Assert.Contains("Epoch 2/2", text);
        Assert.Matches(@"3/3 ━{20} \d+s \d+(us|ms|s)/step - loss: \d+\.\d{4} - val_loss: \d+\.\d{4}", text);
        Assert.Matches(@"4/4 - \d+s - \d+(us|ms|s)/step - loss: \d+\.\d{4}", text);
        Assert.Equal(4, text.Split("Epoch ").Length);   // 2 + 1 headers; the silent fit prints nothing
    }
}
