using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="AdbenchGmm.Objective"/>, 1000 points × 5 components × 10 dims. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class AdbenchGmmBenchmarks
{
    private double[] alphas = null!, means = null!, icf = null!, x = null!, dalphas = null!, dmeans = null!, dicf = null!;
    private double gamma;
    private int m;

    [GlobalSetup]
    public void Setup()
    {
        (alphas, means, icf, x, gamma, m) = SuiteData.Gmm();
        dalphas = new double[alphas.Length];
        dmeans = new double[means.Length];
        dicf = new double[icf.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => AdbenchGmm.Objective(alphas, means, icf, x, gamma, m);

    [Benchmark]
    public double GeneratedGrad() => AdbenchGmm.ObjectiveGrad(alphas, means, icf, x, gamma, m, dalphas, dmeans, dicf);

    [Benchmark]
    public double HandWritten() => AdbenchGmmHandWritten.ObjectiveGrad(alphas, means, icf, x, gamma, m, dalphas, dmeans, dicf);
}
