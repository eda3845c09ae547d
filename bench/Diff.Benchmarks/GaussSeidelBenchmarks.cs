using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="GaussSeidel.SweepLoss"/>, n = 256, 40 sweeps. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class GaussSeidelBenchmarks
{
    private double[] diagonal = null!, rhs = null!, target = null!, ddiagonal = null!, drhs = null!;

    [GlobalSetup]
    public void Setup()
    {
        (diagonal, rhs, target) = SuiteData.Seidel();
        ddiagonal = new double[diagonal.Length];
        drhs = new double[rhs.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => GaussSeidel.SweepLoss(diagonal, rhs, target, SuiteData.SeidelSweeps);

    [Benchmark]
    public double GeneratedGrad() => GaussSeidel.SweepLossGrad(diagonal, rhs, target, SuiteData.SeidelSweeps, ddiagonal, drhs);

    [Benchmark]
    public double HandWritten() => GaussSeidelHandWritten.SweepLossGrad(diagonal, rhs, target, SuiteData.SeidelSweeps, ddiagonal, drhs);
}
