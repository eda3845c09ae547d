using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="LotkaVolterra.TrajectoryLoss"/>, RK4, 1000 steps. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class LotkaVolterraBenchmarks
{
    private double[] p = null!, observed = null!;

    [GlobalSetup]
    public void Setup() => (p, observed) = SuiteData.Ode();

    [Benchmark(Baseline = true)]
    public double Primal() => LotkaVolterra.TrajectoryLoss(p[0], p[1], p[2], p[3], p[4], p[5], observed, SuiteData.OdeStep);

    [Benchmark]
    public double GeneratedGrad()
        => LotkaVolterra.TrajectoryLossGrad(p[0], p[1], p[2], p[3], p[4], p[5], observed, SuiteData.OdeStep,
            out var a, out var b, out var c, out var d, out var e, out var f) + a + b + c + d + e + f;

    [Benchmark]
    public double HandWritten()
        => LotkaVolterraHandWritten.TrajectoryLossGrad(p[0], p[1], p[2], p[3], p[4], p[5], observed, SuiteData.OdeStep,
            out var a, out var b, out var c, out var d, out var e, out var f) + a + b + c + d + e + f;
}
