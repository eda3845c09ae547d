using BenchmarkDotNet.Attributes;
using DiffGen;
using DiffGen.Kernels;
using TorchSharp;


namespace Diff.Benchmarks.Peers;

/// <summary>
/// One training step — forward, MSE loss, backward, SGD update — DiffGen against TorchSharp's autograd, side by side
/// (Ratio = time / DiffGen's tape step):
/// <list type="bullet">
/// <item><c>Lecture</c>: the lecture's Keras model, 100 samples × 1 feature → Dense(10, relu) → Dense(10).</item>
/// <item><c>Mnist</c>: 128 samples × 784 → Dense(128, relu) → Dense(10), the usual MNIST MLP at batch 128.</item>
/// <item><c>LeNet</c>: 64 images 28×28×1 → Conv2D(6, 5×5, relu) → MaxPooling2D → Conv2D(16, 5×5, relu) →
/// MaxPooling2D → Flatten → Dense(120, relu) → Dense(84, relu) → Dense(10).</item>
/// </list>
/// <c>DiffGenTapeStep</c> is the lecture's hand-written loop in a <c>TensorScope</c> (<c>GradientTape</c>, <c>tape.Gradient(loss,
/// TrainableVariables)</c>, <c>ApplyGradients</c>); <c>DiffGenFitStep</c> is the same step through
/// <c>model.Fit(x, y, epochs: 1, batchSize: batch)</c>, Keras' way (batch copy, metrics, history included);
/// <c>TorchStep</c> is <c>zero_grad(); loss = mse(model(x), y); loss.backward(); step()</c> in a dispose scope. Both
/// libraries start from the same weights and get the same 2 threads; <see cref="Setup"/> checks that one step moves
/// both to the same weights (every weight of every layer). <see cref="PairedTrainingStep"/> times the three in alternation.
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
    private float[][] initial = null!;
    private torch.Tensor tx = null!, ty = null!;
    private TorchSharp.Modules.Sequential torchModel = null!;
    private TorchSharp.Modules.SGD torchOptimizer = null!;
    private TorchSharp.Modules.MSELoss torchLoss = null!;

    [Params("Lecture", "Mnist", "LeNet")]
    public string Model { get; set; } = "Lecture";

    /// <summary>Threads for each side (libtorch's intra-op threads, DiffGen's kernel threads); 2 unless set.</summary>
    public int Threads { get; set; } = 2;

    /// <summary>The batch size of <see cref="Model"/>.</summary>
    public int Batch => Model switch { "Lecture" => 100, "Mnist" => 128, _ => 64 };

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        torch.set_grad_enabled(true);
        Gemm.MaxDegreeOfParallelism = Threads;
        int[] inputShape = Model switch { "Lecture" => [1], "Mnist" => [784], _ => [28, 28, 1] };
        var features = inputShape.Aggregate(1, (a, b) => a * b);
        var xs = TorchSetup.RandomFloats(Batch * features, 1);
        var ys = TorchSetup.RandomFloats(Batch * 10, 2);
        x = DiffGen.Tensor.From(xs, [Batch, .. inputShape]);
        y = DiffGen.Tensor.From(ys, Batch, 10);

        // The weights: DiffGen's layout (Keras'), random, fixed seeds; torch gets the same values in its layout.
        var probe = NewModel();
        probe.Build(inputShape);
        initial = [.. probe.TrainableVariables.Select((v, i) => TorchSetup.RandomFloats(v.Shape.Size, 3 + i))];
        if (Model == "LeNet")
        {
            // Scaled by 2/√fan-in (LeCun-like), so that repeated steps on one batch stay finite (the MLPs keep the
            // unscaled weights of the earlier measurements).
            foreach (var (variable, values) in probe.TrainableVariables.Zip(initial))
            {
                var fanIn = variable.Shape.Rank == 1 ? 100 : variable.Shape.Size / variable.Shape[-1];
                var scale = 2f / MathF.Sqrt(fanIn);
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] *= scale;
                }
            }
        }

        model = NewModel();
        fitModel = NewModel();
        SetWeights(model, inputShape);
        SetWeights(fitModel, inputShape);
        optimizer = new SGD(learningRate: 0.01);
        loss = Losses.Get("mse");
        fitModel.Compile(optimizer: new SGD(learningRate: 0.01), loss: "mse");

        // A 1-channel NHWC batch has the NCHW layout too.
        tx = Model == "LeNet" ? TorchSetup.Tensor(xs, Batch, 1, 28, 28) : TorchSetup.Tensor(xs, Batch, features);
        ty = TorchSetup.Tensor(ys, Batch, 10);
        torchModel = NewTorchModel(features);
        using (torch.no_grad())
        {
            foreach (var ((parameter, toTorch), values) in torchModel.parameters().Zip(TorchLayouts()).Zip(initial))
            {
                using var converted = toTorch(values);
                parameter.copy_(converted);
            }
        }

        torchOptimizer = torch.optim.SGD(torchModel.parameters(), 0.01);
        torchLoss = torch.nn.MSELoss();
        CheckSameStep(inputShape);
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
    public double DiffGenFitStep() => fitModel.Fit(x, y, epochs: 1, batchSize: Batch, shuffle: false, verbose: 0)["loss"][0];

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

    private Sequential NewModel() => Model switch
    {
        "Lecture" => new Sequential(new Dense(10, activation: "relu"), new Dense(10)),
        "Mnist" => new Sequential(new Dense(128, activation: "relu"), new Dense(10)),
        _ => new Sequential(
            new Conv2D(6, 5, activation: "relu"), new MaxPooling2D(2),
            new Conv2D(16, 5, activation: "relu"), new MaxPooling2D(2),
            new Flatten(), new Dense(120, activation: "relu"), new Dense(84, activation: "relu"), new Dense(10)),
    };

    private TorchSharp.Modules.Sequential NewTorchModel(int features) => Model switch
    {
        "Lecture" => torch.nn.Sequential(("l1", torch.nn.Linear(1, 10)), ("relu", torch.nn.ReLU()), ("l2", torch.nn.Linear(10, 10))),
        "Mnist" => torch.nn.Sequential(("l1", torch.nn.Linear(features, 128)), ("relu", torch.nn.ReLU()), ("l2", torch.nn.Linear(128, 10))),
        _ => torch.nn.Sequential(
            ("c1", torch.nn.Conv2d(1, 6, 5)), ("r1", torch.nn.ReLU()), ("p1", torch.nn.MaxPool2d(2)),
            ("c2", torch.nn.Conv2d(6, 16, 5)), ("r2", torch.nn.ReLU()), ("p2", torch.nn.MaxPool2d(2)),
            ("flatten", torch.nn.Flatten()),
            ("l1", torch.nn.Linear(256, 120)), ("r3", torch.nn.ReLU()),
            ("l2", torch.nn.Linear(120, 84)), ("r4", torch.nn.ReLU()),
            ("l3", torch.nn.Linear(84, 10))),
    };

    /// <summary>
    /// Per trainable variable (Keras order: kernel, bias, layer by layer; torch's parameters come in the same order),
    /// DiffGen's values → torch's tensor: a Dense kernel (in, out) is torch's weight (out, in) transposed; a Conv2D
    /// kernel (kh, kw, in, out) is torch's (out, in, kh, kw); the Dense after Flatten reads (h, w, c)-ordered features
    /// where torch's Flatten gives (c, h, w) order.
    /// </summary>
    private List<Func<float[], torch.Tensor>> TorchLayouts()
    {
        static torch.Tensor Same(float[] v) => torch.tensor(v);
        static Func<float[], torch.Tensor> Dense(int inputs, int units) => v => TorchSetup.Tensor(v, inputs, units).t().contiguous();
        static Func<float[], torch.Tensor> Conv(int k, int inputs, int filters) => v => TorchSetup.Tensor(v, k, k, inputs, filters).permute(3, 2, 0, 1).contiguous();
        return Model switch
        {
            "Lecture" => [Dense(1, 10), Same, Dense(10, 10), Same],
            "Mnist" => [Dense(784, 128), Same, Dense(128, 10), Same],
            _ =>
            [
                Conv(5, 1, 6), Same, Conv(5, 6, 16), Same,
                v => TorchSetup.Tensor(v, 4, 4, 16, 120).permute(3, 2, 0, 1).reshape(120, 256).contiguous(), Same,
                Dense(120, 84), Same, Dense(84, 10), Same,
            ],
        };
    }

    private void SetWeights(Sequential target, int[] inputShape)
    {
        target.Build(inputShape);
        foreach (var (variable, values) in target.TrainableVariables.Zip(initial))
        {
            variable.Assign(DiffGen.Tensor.From(values, variable.Shape.Dimensions.ToArray()));
        }
    }

    /// <summary>One step on each side from the same weights must land on the same weights (float tolerance), every one of them.</summary>
    private void CheckSameStep(int[] inputShape)
    {
        var saved = model;
        model = NewModel();
        SetWeights(model, inputShape);
        var probe = model;
        DiffGenTapeStep();
        model = saved;
        var before = torchModel.parameters().Select(p => p.detach().clone()).ToArray();
        TorchStep();
        var layouts = TorchLayouts();
        var parameters = torchModel.parameters().ToArray();
        for (var i = 0; i < parameters.Length; i++)
        {
            var start = initial[i];
            var ours = probe.TrainableVariables[i].ToArray();
            var theirs = parameters[i].detach().clone();
            // Bring torch's result back to DiffGen's layout: apply the inverse by matching the forward layout of the change.
            using var oursInTorch = layouts[i](ours);
            var worst = (oursInTorch - theirs).abs().max().item<float>();
            var moved = (layouts[i](start) - theirs).abs().max().item<float>();
            // Float rounding, relative to how far the step moved the weight (LeNet's gradients are large).
            if (!(worst <= 1e-5f * (1f + moved)) || !(moved > 0f))
            {
                throw new InvalidOperationException($"TrainingStep {Model}: after one SGD step, weight {i} ({probe.TrainableVariables[i].Name}) differs by {worst} (moved by {moved}).");
            }
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
