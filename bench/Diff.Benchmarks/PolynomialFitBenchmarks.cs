using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="PolynomialFit.MeanSquaredError"/>, degree 7 over 5000 points. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class PolynomialFitBenchmarks
{
    private double[] coefficients = null!, xs = null!, ys = null!, dcoefficients = null!;

    [GlobalSetup]
    public void Setup()
    {
        (coefficients, xs, ys) = SuiteData.Polynomial();
        dcoefficients = new double[coefficients.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => PolynomialFit.MeanSquaredError(coefficients, xs, ys);

    [Benchmark]
    public double GeneratedGrad() => PolynomialFit.MeanSquaredErrorGrad(coefficients, xs, ys, dcoefficients);

    [Benchmark]
    public double HandWritten() => PolynomialFitHandWritten.MeanSquaredErrorGrad(coefficients, xs, ys, dcoefficients);
}
