using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// Elementwise throughput on 1M floats (4 MiB per operand, so L3-resident): add, multiply, exp, tanh.
/// DiffGen's kernels use <see cref="TensorPrimitives"/> (SIMD, one thread) writing into a preallocated span; the
/// baseline of each pair. TorchSharp 0.107 has no <c>out=</c> overloads for these ops, so its calls are the ones a
/// user writes, <c>torch.exp(x)</c> with a new result tensor per call (disposed at once), with libtorch's intra-op
/// threads set to <see cref="TorchThreads"/>.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ElementwisePeerBenchmarks
{
    private const int Length = 1 << 20;
    private float[] x = [], y = [], destination = [];
    private torch.Tensor tx = null!, ty = null!;

    /// <summary>libtorch's threads (TensorPrimitives always runs on the calling thread).</summary>
    [Params(1, 2)]
    public int TorchThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchSetup.Configure(TorchThreads);
        x = TorchSetup.RandomFloats(Length, 3);
        y = TorchSetup.RandomFloats(Length, 4);
        destination = new float[Length];
        tx = TorchSetup.Tensor(x, Length);
        ty = TorchSetup.Tensor(y, Length);
        PeerCheck.AssertSameElementwise(x, y, tx, ty);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        tx.Dispose();
        ty.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Add")]
    public void DiffGenAdd() => TensorPrimitives.Add(x, y, destination);

    [Benchmark, BenchmarkCategory("Add")]
    public void TorchAdd()
    {
        using torch.Tensor result = torch.add(tx, ty);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Multiply")]
    public void DiffGenMultiply() => TensorPrimitives.Multiply(x, y, destination);

    [Benchmark, BenchmarkCategory("Multiply")]
    public void TorchMultiply()
    {
        using torch.Tensor result = torch.mul(tx, ty);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Exp")]
    public void DiffGenExp() => TensorPrimitives.Exp(x, destination);

    [Benchmark, BenchmarkCategory("Exp")]
    public void TorchExp()
    {
        using torch.Tensor result = torch.exp(tx);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Tanh")]
    public void DiffGenTanh() => TensorPrimitives.Tanh(x, destination);

    [Benchmark, BenchmarkCategory("Tanh")]
    public void TorchTanh()
    {
        using torch.Tensor result = torch.tanh(tx);
    }
}
