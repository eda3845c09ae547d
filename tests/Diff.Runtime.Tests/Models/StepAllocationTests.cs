namespace DiffGen.Runtime.Tests.Models;

/// <summary>
/// A training step allocates (almost) nothing once warm: weights updated in place, step tensors returned to the pool by
/// the step's <see cref="TensorScope"/> (Fit opens one per step). Allocation counts are deterministic, unlike time:
/// bytes this thread allocated over a few steps after warm-up, at most 64 KB per step (issue 18), for the hand-written
/// tape step and for Fit, on the lecture's model, the MNIST MLP and a LeNet convnet.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class StepAllocationTests
{
    private const long BudgetPerStep = 64 * 1024;
    private const int Steps = 4;

    public static TheoryData<string> Models() => ["Lecture", "Mnist", "LeNet"];

    private static (Sequential Model, Tensor X, Tensor Y) Build(string name)
    {
        var (model, sample, batch) = name switch
        {
            "Lecture" => (new Sequential(new Dense(10, activation: "relu"), new Dense(10)), new[] { 1 }, 100),
            "Mnist" => (new Sequential(new Dense(128, activation: "relu"), new Dense(10)), new[] { 784 }, 128),
            _ => (new Sequential(
                    new Conv2D(6, 5, activation: "relu"), new MaxPooling2D(2), new Conv2D(16, 5, activation: "relu"), new MaxPooling2D(2),
                    new Flatten(), new Dense(120, activation: "relu"), new Dense(84, activation: "relu"), new Dense(10)),
                new[] { 28, 28, 1 }, 64),
        };
        model.Build(sample);
        var x = Tensor.RandomUniform(new Shape([batch, .. sample]), seed: 1);
        var y = Tensor.RandomUniform(new Shape(batch, 10), seed: 2);
        return (model, x, y);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_tape_step_in_a_scope_allocates_at_most_64_KB_after_warm_up(string name)
    {
        var (model, x, y) = Build(name);
        var optimizer = new SGD(0.001);
        var loss = DiffGen.Losses.Get("mse");
        void Step()
        {
            using var scope = new TensorScope();
            var variables = model.TrainableVariables;
            Tensor?[] gradients;
            using (var tape = new GradientTape())
            {
                gradients = tape.Gradient(loss.Call(y, model.Call(x, training: true)), variables);
            }

            optimizer.ApplyGradients(gradients, variables);
        }

        var perStep = Measure(Step);
        Assert.True(perStep <= BudgetPerStep, $"{name}: the tape step allocated {perStep:N0} bytes per step after warm-up (budget {BudgetPerStep:N0}).");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_Fit_step_allocates_at_most_64_KB_after_warm_up(string name)
    {
        var (model, x, y) = Build(name);
        model.Compile(optimizer: new SGD(0.001), loss: "mse");
        var perStep = Measure(() => model.Fit(x, y, epochs: 1, batchSize: x.Shape[0], shuffle: false, verbose: 0));
        Assert.True(perStep <= BudgetPerStep, $"{name}: a one-batch Fit epoch allocated {perStep:N0} bytes per step after warm-up (budget {BudgetPerStep:N0}).");
    }

    private static long Measure(Action step)
    {
        TensorBufferPool.Clear();   // the same start whatever other tests left in the process-wide pool
        for (var i = 0; i < 3; i++)
        {
            step();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Steps; i++)
        {
            step();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Steps;
    }
}
