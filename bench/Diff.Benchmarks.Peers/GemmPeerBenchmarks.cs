using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DiffGen.Kernels;
using TorchSharp;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// C = A·B, float32, row-major: DiffGen's <see cref="Gemm.Multiply"/> (the baseline: Ratio = time / DiffGen's time)
/// against libtorch's through TorchSharp, at 128×784·784×128 (a batch of 128 MNIST images into 128 units) and two
/// cubes, on 1 and 2 threads (both libraries get the same number). All operands are allocated once in setup.
/// <list type="bullet">
/// <item><c>TorchAddmmInPlace</c>: <c>c.addmm_(a, b, beta: 0, alpha: 1)</c>, i.e. C = 0·C + A·B written into the
/// preallocated C: the allocation-free equivalent of <c>torch.matmul(a, b, out: c)</c>, which TorchSharp 0.107 does
/// not expose. This is the number to compare against.</item>
/// <item><c>TorchMatmul</c>: <c>torch.matmul(a, b)</c> as a TorchSharp user writes it, a new C per call (disposed).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[Config(typeof(Config))]
public class GemmPeerBenchmarks
{
    private float[] a = [], b = [], c = [];
    private torch.Tensor ta = null!, tb = null!, tc = null!;

    public static IEnumerable<Diff.Benchmarks.GemmShape> Shapes =>
        [new(128, 784, 128), new(256, 256, 256), new(1024, 1024, 1024)];

    [ParamsSource(nameof(Shapes))]
    public Diff.Benchmarks.GemmShape Shape { get; set; } = new(1, 1, 1);

    /// <summary>Threads for both libraries: Gemm.MaxDegreeOfParallelism and torch.set_num_threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchSetup.Configure(Threads);
        Gemm.MaxDegreeOfParallelism = Threads;
        a = TorchSetup.RandomFloats(Shape.M * Shape.K, 1);
        b = TorchSetup.RandomFloats(Shape.K * Shape.N, 2);
        c = new float[Shape.M * Shape.N];
        ta = TorchSetup.Tensor(a, Shape.M, Shape.K);
        tb = TorchSetup.Tensor(b, Shape.K, Shape.N);
        tc = torch.zeros(Shape.M, Shape.N, dtype: torch.ScalarType.Float32);
        PeerCheck.AssertSameProduct(Shape, a, b, c, ta, tb, tc);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;
        ta.Dispose();
        tb.Dispose();
        tc.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void DiffGen() => Gemm.Multiply(a, b, c, Shape.M, Shape.K, Shape.N);

    [Benchmark]
    public void TorchAddmmInPlace() => PeerCheck.AddmmInto(tc, ta, tb);

    [Benchmark]
    public void TorchMatmul()
    {
        using torch.Tensor product = torch.matmul(ta, tb);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(Diff.Benchmarks.GflopsColumn.Both(c => ((Diff.Benchmarks.GemmShape)c.Parameters["Shape"]).Flops));
    }
}
