using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// <see cref="TanhNetwork.MeanSquaredError"/> of a 16-32-1 tanh network over 256 samples: the primal, the generated
/// gradient and the hand-written one side by side. One call per invocation; gradient buffers are allocated once.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class TanhNetworkBenchmarks
{
    private double[] w1 = null!;
    private double[] b1 = null!;
    private double[] w2 = null!;
    private double b2;
    private double[] inputs = null!;
    private double[] targets = null!;
    private double[] dw1 = null!;
    private double[] db1 = null!;
    private double[] dw2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        (w1, b1, w2, b2, inputs, targets) = WorkloadData.Network();
        dw1 = new double[w1.Length];
        db1 = new double[b1.Length];
        dw2 = new double[w2.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => TanhNetwork.MeanSquaredError(w1, b1, w2, b2, inputs, targets);

    [Benchmark]
    public double GeneratedGrad() => TanhNetwork.MeanSquaredErrorGrad(w1, b1, w2, b2, inputs, targets, dw1, db1, dw2, out var db2) + db2;

    [Benchmark]
    public double HandWritten() => TanhNetworkHandWritten.MeanSquaredErrorGrad(w1, b1, w2, b2, inputs, targets, dw1, db1, dw2, out var db2) + db2;
}
