using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// <see cref="GaussianMixture.NegativeLogLikelihood"/>, 1000 points × 5 components × 8 dims: the primal, the
/// generated gradient and the hand-written one side by side. One call per invocation; gradient buffers are
/// allocated once. The generated gradient rents its tape from the per-thread pool, so after warm-up it should not
/// allocate either.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class GaussianMixtureBenchmarks
{
    private double[] means = null!;
    private double[] logStds = null!;
    private double[] logits = null!;
    private double[] points = null!;
    private double[] dmeans = null!;
    private double[] dlogStds = null!;
    private double[] dlogits = null!;

    [GlobalSetup]
    public void Setup()
    {
        (means, logStds, logits, points) = WorkloadData.Mixture();
        dmeans = new double[means.Length];
        dlogStds = new double[logStds.Length];
        dlogits = new double[logits.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => GaussianMixture.NegativeLogLikelihood(means, logStds, logits, points);

    [Benchmark]
    public double GeneratedGrad() => GaussianMixture.NegativeLogLikelihoodGrad(means, logStds, logits, points, dmeans, dlogStds, dlogits);

    [Benchmark]
    public double HandWritten() => GaussianMixtureHandWritten.NegativeLogLikelihoodGrad(means, logStds, logits, points, dmeans, dlogStds, dlogits);
}
