using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// <see cref="LogisticRegression.MeanLoss"/> over 2000 samples × 20 features: the primal, the generated gradient and
/// the hand-written one side by side. One call per invocation; gradient buffers are allocated once in setup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class LogisticRegressionBenchmarks
{
    private double[] weights = null!;
    private double bias;
    private double[] data = null!;
    private double[] labels = null!;
    private double[] dweights = null!;

    [GlobalSetup]
    public void Setup()
    {
        (weights, bias, data, labels) = WorkloadData.Logistic();
        dweights = new double[weights.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => LogisticRegression.MeanLoss(weights, bias, data, labels);

    [Benchmark]
    public double GeneratedGrad() => LogisticRegression.MeanLossGrad(weights, bias, data, labels, dweights, out var dbias) + dbias;

    [Benchmark]
    public double HandWritten() => LogisticRegressionHandWritten.MeanLossGrad(weights, bias, data, labels, dweights, out var dbias) + dbias;
}
