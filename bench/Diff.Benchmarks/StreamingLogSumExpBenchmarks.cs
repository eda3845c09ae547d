using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="StreamingLogSumExp.RowSum"/>, 2000 rows × 50 columns. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class StreamingLogSumExpBenchmarks
{
    private double[] x = null!, dx = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = SuiteData.LogSumExpRows();
        dx = new double[x.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => StreamingLogSumExp.RowSum(x, SuiteData.LseColumns);

    [Benchmark]
    public double GeneratedGrad() => StreamingLogSumExp.RowSumGrad(x, SuiteData.LseColumns, dx);

    [Benchmark]
    public double HandWritten() => StreamingLogSumExpHandWritten.RowSumGrad(x, SuiteData.LseColumns, dx);
}
