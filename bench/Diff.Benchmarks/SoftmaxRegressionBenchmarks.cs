using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="SoftmaxRegression.MeanCrossEntropy"/>, 1000 samples × 20 features × 10 classes. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class SoftmaxRegressionBenchmarks
{
    private double[] weights = null!, biases = null!, data = null!, dweights = null!, dbiases = null!;
    private int[] labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        (weights, biases, data, labels) = SuiteData.Softmax();
        dweights = new double[weights.Length];
        dbiases = new double[biases.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => SoftmaxRegression.MeanCrossEntropy(weights, biases, data, labels);

    [Benchmark]
    public double GeneratedGrad() => SoftmaxRegression.MeanCrossEntropyGrad(weights, biases, data, labels, dweights, dbiases);

    [Benchmark]
    public double HandWritten() => SoftmaxRegressionHandWritten.MeanCrossEntropyGrad(weights, biases, data, labels, dweights, dbiases);
}
