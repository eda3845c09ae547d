using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// <see cref="Rosenbrock.Value"/> at n = 10,000: the primal, the generated gradient and the hand-written one side by
/// side. One call per invocation; the gradient buffer is allocated once in setup and overwritten by every call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class RosenbrockBenchmarks
{
    private double[] x = null!;
    private double[] dx = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = WorkloadData.RosenbrockPoint();
        dx = new double[x.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Rosenbrock.Value(x);

    [Benchmark]
    public double GeneratedGrad() => Rosenbrock.ValueGrad(x, dx);

    [Benchmark]
    public double HandWritten() => RosenbrockHandWritten.ValueGrad(x, dx);
}
