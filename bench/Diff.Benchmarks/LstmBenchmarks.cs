using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="Lstm.SequenceLoss"/>, 8 features × 16 hidden units × 64 steps. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class LstmBenchmarks
{
    private double[] weights = null!, biases = null!, readout = null!, readoutBias = null!, sequence = null!;
    private double[] dweights = null!, dbiases = null!, dreadout = null!, dreadoutBias = null!;

    [GlobalSetup]
    public void Setup()
    {
        (weights, biases, readout, readoutBias, sequence) = SuiteData.LstmProblem();
        dweights = new double[weights.Length];
        dbiases = new double[biases.Length];
        dreadout = new double[readout.Length];
        dreadoutBias = new double[readoutBias.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Lstm.SequenceLoss(weights, biases, readout, readoutBias, sequence);

    [Benchmark]
    public double GeneratedGrad() => Lstm.SequenceLossGrad(weights, biases, readout, readoutBias, sequence, dweights, dbiases, dreadout, dreadoutBias);

    [Benchmark]
    public double HandWritten() => LstmHandWritten.SequenceLossGrad(weights, biases, readout, readoutBias, sequence, dweights, dbiases, dreadout, dreadoutBias);
}
