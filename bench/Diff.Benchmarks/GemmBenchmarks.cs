using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DiffGen.Kernels;

namespace Diff.Benchmarks;

/// <summary>
/// DiffGen's <see cref="Gemm.Multiply"/> at the shapes a small MLP meets (128×784·784×128: a batch of 128 MNIST
/// images into 128 units) and two cubes, on one thread and on both cores, with the AVX-512 micro-kernel and the
/// AVX2+FMA one; GFLOP/s in its own column. Operands are allocated once in setup; every call overwrites C.
/// Read with <see cref="FmaPeakBenchmarks"/> (same run: <c>--filter '*FmaPeak*' '*GemmBenchmarks*'</c>), which
/// measures the peak these are a fraction of.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
[Config(typeof(Config))]
public class GemmBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    public static IEnumerable<GemmShape> Shapes => [new(128, 784, 128), new(256, 256, 256), new(1024, 1024, 1024)];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = new(1, 1, 1);

    /// <summary>Gemm.MaxDegreeOfParallelism: 1, or both cores.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The micro-kernel (Gemm.Kernel): "Avx512" (14×32 zmm) or "Avx2Fma" (6×16 ymm).</summary>
    [Params("Avx512", "Avx2Fma")]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        a = Enumerable.Range(0, Shape.M * Shape.K).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        b = Enumerable.Range(0, Shape.K * Shape.N).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        c = new float[Shape.M * Shape.N];
        Gemm.MaxDegreeOfParallelism = Threads;
        var kind = Enum.Parse<GemmKernelKind>(Kernel);
        if (!Gemm.IsSupported(kind))
        {
            throw new NotSupportedException($"This machine cannot run the {Kernel} kernel.");
        }

        Gemm.Kernel = kind;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;
        Gemm.Kernel = Gemm.BestSupported;
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(a, b, c, Shape.M, Shape.K, Shape.N);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(GflopsColumn.Both(c => ((GemmShape)c.Parameters["Shape"]).Flops));
    }
}
