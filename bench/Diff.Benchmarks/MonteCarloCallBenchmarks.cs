using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="MonteCarloCall.Price"/> over 50,000 paths. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class MonteCarloCallBenchmarks
{
    private double spot, strike, rate, volatility, time;
    private double[] normals = null!;

    [GlobalSetup]
    public void Setup() => (spot, strike, rate, volatility, time, normals) = SuiteData.MonteCarlo();

    [Benchmark(Baseline = true)]
    public double Primal() => MonteCarloCall.Price(spot, strike, rate, volatility, time, normals);

    [Benchmark]
    public double GeneratedGrad()
        => MonteCarloCall.PriceGrad(spot, strike, rate, volatility, time, normals, out var a, out var b, out var c, out var d, out var e) + a + b + c + d + e;

    [Benchmark]
    public double HandWritten()
        => MonteCarloCallHandWritten.PriceGrad(spot, strike, rate, volatility, time, normals, out var a, out var b, out var c, out var d, out var e) + a + b + c + d + e;
}
