using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary><see cref="BundleAdjustment.ReprojectionError"/>, 16 cameras, 2000 points, 8000 observations. One call per invocation.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class BundleAdjustmentBenchmarks
{
    private double[] cameras = null!, points = null!, weights = null!, features = null!, dcameras = null!, dpoints = null!, dweights = null!;
    private int[] cameraIndex = null!, pointIndex = null!;

    [GlobalSetup]
    public void Setup()
    {
        (cameras, points, weights, features, cameraIndex, pointIndex) = SuiteData.Bundle();
        dcameras = new double[cameras.Length];
        dpoints = new double[points.Length];
        dweights = new double[weights.Length];
    }

    [Benchmark(Baseline = true)]
    public double Primal() => BundleAdjustment.ReprojectionError(cameras, points, weights, features, cameraIndex, pointIndex);

    [Benchmark]
    public double GeneratedGrad() => BundleAdjustment.ReprojectionErrorGrad(cameras, points, weights, features, cameraIndex, pointIndex, dcameras, dpoints, dweights);

    [Benchmark]
    public double HandWritten() => BundleAdjustmentHandWritten.ReprojectionErrorGrad(cameras, points, weights, features, cameraIndex, pointIndex, dcameras, dpoints, dweights);
}
