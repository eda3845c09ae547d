using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="LennardJones.Energy"/>, 200 particles (19,900 pairs). One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class LennardJonesBenchmarks
{
    private double[] positions = null!, dpositions = null!;
    private double epsilon, sigma;

    [GlobalSetup]
    public void Setup()
    {
        (positions, epsilon, sigma) = SuiteData.LennardJonesSystem();
        dpositions = new double[positions.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => LennardJones.Energy(positions, epsilon, sigma);

    [Benchmark]
    public double GeneratedGrad() => LennardJones.EnergyGrad(positions, epsilon, sigma, dpositions, out var de, out var ds) + de + ds;

    [Benchmark]
    public double HandWritten() => LennardJonesHandWritten.EnergyGrad(positions, epsilon, sigma, dpositions, out var de, out var ds) + de + ds;
}
