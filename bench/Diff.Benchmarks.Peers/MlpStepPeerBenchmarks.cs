using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DiffGen;
using DiffGen.Kernels;
using TorchSharp;


namespace Diff.Benchmarks.Peers;

/// <summary>
/// One training step — forward, MSE loss, backward, SGD update — of a 2-layer MLP, DiffGen against TorchSharp's
/// autograd, side by side (Ratio = time / DiffGen's tape step):
/// <list type="bullet">
/// <item><c>Lecture</c>: the lecture's Keras model, 100 samples × 1 feature → Dense(10, relu) → Dense(10).</item>
/// <item><c>Mnist</c>: 128 samples × 784 → Dense(128, relu) → Dense(10), the usual MNIST MLP at batch 128.</item>
/// </list>
/// <c>DiffGenTapeStep</c> is the lecture's hand-written loop in a <c>TensorScope</c> (<c>GradientTape</c>, <c>tape.Gradient(loss,
/// TrainableVariables)</c>, <c>ApplyGradients</c>); <c>DiffGenFitStep</c> is the same step through
/// <c>model.Fit(x, y, epochs: 1, batchSize: batch)</c>, Keras' way (batch copy, metrics, history included);
/// <c>TorchStep</c> is <c>zero_grad(); loss = mse(model(x), y); loss.backward(); step()</c> in a dispose scope. Both
/// libraries start from the same weights and get the same 2 threads; <see cref="Setup"/> checks that one step moves
/// both to the same weights.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MlpStepPeerBenchmarks
{
    private DiffGen.Tensor x = null!, y = null!;
    private Sequential model = null!;
    private Sequential fitModel = null!;
    private SGD optimizer = null!;
    private Loss loss = null!;
    private torch.Tensor tx = null!, ty = null!;
    private TorchSharp.Modules.Sequential torchModel = null!;
    private TorchSharp.Modules.SGD torchOptimizer = null!;
    private TorchSharp.Modules.MSELoss torchLoss = null!;

    [Params("Lecture", "Mnist")]
    public string Model { get; set; } = "Lecture";

    private (int Batch, int Inputs, int Hidden) Size => Model == "Lecture" ? (100, 1, 10) : (128, 784, 128);

    [GlobalSetup]
    public void Setup()
    {
        var (batch, inputs, hidden) = Size;
        torch.set_num_threads(2);
        torch.set_grad_enabled(true);
        Gemm.MaxDegreeOfParallelism = 2;
        var xs = TorchSetup.RandomFloats(batch * inputs, 1);
        var ys = TorchSetup.RandomFloats(batch * 10, 2);
        var w1 = TorchSetup.RandomFloats(inputs * hidden, 3);
        var b1 = TorchSetup.RandomFloats(hidden, 4);
        var w2 = TorchSetup.RandomFloats(hidden * 10, 5);
        var b2 = TorchSetup.RandomFloats(10, 6);
        x = DiffGen.Tensor.From(xs, batch, inputs);
        y = DiffGen.Tensor.From(ys, batch, 10);
        model = NewModel(inputs, hidden, w1, b1, w2, b2);
        fitModel = NewModel(inputs, hidden, w1, b1, w2, b2);
        optimizer = new SGD(learningRate: 0.01);
        loss = Losses.Get("mse");
        fitModel.Compile(optimizer: new SGD(learningRate: 0.01), loss: "mse");

        tx = TorchSetup.Tensor(xs, batch, inputs);
        ty = TorchSetup.Tensor(ys, batch, 10);
        var l1 = torch.nn.Linear(inputs, hidden);
        var l2 = torch.nn.Linear(hidden, 10);
        using (torch.no_grad())
        {
            // torch keeps Linear weights as (out, in): the transpose of a Keras kernel.
            l1.weight!.copy_(TorchSetup.Tensor(w1, inputs, hidden).t());
            l1.bias!.copy_(TorchSetup.Tensor(b1, hidden));
            l2.weight!.copy_(TorchSetup.Tensor(w2, hidden, 10).t());
            l2.bias!.copy_(TorchSetup.Tensor(b2, 10));
        }

        torchModel = torch.nn.Sequential(("l1", l1), ("relu", torch.nn.ReLU()), ("l2", l2));
        torchOptimizer = torch.optim.SGD(torchModel.parameters(), 0.01);
        torchLoss = torch.nn.MSELoss();
        CheckSameStep(l1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;
        tx.Dispose();
        ty.Dispose();
        torchModel.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float DiffGenTapeStep()
    {
        // The step's tensors are released at its end and their arrays reused, as TorchStep's dispose scope does;
        // the optimizer's new weights belong to the variables and stay.
        using var scope = new TensorScope();
        var variables = model.TrainableVariables;
        DiffGen.Tensor?[] gradients;
        float value;
        using (var tape = new GradientTape())
        {
            var l = loss.Call(y, model.Call(x, training: true));
            value = l.Item;
            gradients = tape.Gradient(l, variables);
        }

        optimizer.ApplyGradients(gradients, variables);
        return value;
    }

    [Benchmark]
    public double DiffGenFitStep() => fitModel.Fit(x, y, epochs: 1, batchSize: Size.Batch, shuffle: false, verbose: 0)["loss"][0];

    [Benchmark]
    public float TorchStep()
    {
        using var scope = torch.NewDisposeScope();
        torchOptimizer.zero_grad();
        var l = torchLoss.forward(torchModel.forward(tx), ty);
        l.backward();
        torchOptimizer.step();
        return l.item<float>();
    }

    private static Sequential NewModel(int inputs, int hidden, float[] w1, float[] b1, float[] w2, float[] b2)
    {
        var first = new Dense(hidden, activation: "relu");
        var second = new Dense(10);
        var sequential = new Sequential(new Input(inputs), first, second);
        first.SetWeights(DiffGen.Tensor.From(w1, inputs, hidden), DiffGen.Tensor.From(b1, hidden));
        second.SetWeights(DiffGen.Tensor.From(w2, hidden, 10), DiffGen.Tensor.From(b2, 10));
        return sequential;
    }

    /// <summary>One step on each side from the same weights must land on the same weights (float tolerance).</summary>
    private void CheckSameStep(TorchSharp.Modules.Linear l1)
    {
        var probe = NewModel(Size.Inputs, Size.Hidden, [.. model.Layers[1].GetWeights()[0].ToArray()], [.. model.Layers[1].GetWeights()[1].ToArray()], [.. model.Layers[2].GetWeights()[0].ToArray()], [.. model.Layers[2].GetWeights()[1].ToArray()]);
        var saved = model;
        model = probe;
        DiffGenTapeStep();
        model = saved;
        var before = torchModel.parameters().Select(p => p.detach().clone()).ToArray();
        TorchStep();
        var ours = probe.Layers[1].GetWeights()[0].ToArray();
        var theirs = l1.weight!.detach().t().contiguous().data<float>().ToArray();
        var worst = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        if (worst > 1e-5)
        {
            throw new InvalidOperationException($"MlpStep {Model}: after one SGD step the first kernels differ by {worst}.");
        }

        // Undo torch's step so that both sides measure from the same starting point.
        using (torch.no_grad())
        {
            foreach (var (parameter, original) in torchModel.parameters().Zip(before))
            {
                parameter.copy_(original);
            }
        }
    }
}
