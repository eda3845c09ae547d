using BenchmarkDotNet.Attributes;
using DiffGen;

namespace Diff.Benchmarks;

/// <summary>The activation lifted by [TapeOp]: Swish, x·σ(x), as one scalar expression.</summary>
public static partial class LiftedActivations
{
    [Differentiable, TapeOp]
    public static float Swish(float x) => x / (1f + MathF.Exp(-x));
}

/// <summary>
/// Issue 7's benchmark: Swish on 1M elements, forward and backward under a <see cref="GradientTape"/> — the op lifted
/// from a <c>[Differentiable]</c> scalar function (one tape node; its pullback printed over Vector256 lanes, split
/// across the kernel threads) against the same activation composed from built-in ops, <c>x * Ops.Sigmoid(x)</c> (SIMD
/// kernels, two tape nodes and their pullbacks built from ops). Each step runs in a <see cref="TensorScope"/>, so its
/// 4 MB arrays are reused instead of collected; the <c>…Unscoped</c> rows show the cost of not doing so. TorchSharp's
/// composition is in <c>bench/Diff.Benchmarks.Peers/LiftedOpPeerBenchmarks.cs</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LiftedOpBenchmarks
{
    private const int Length = 1 << 20;
    private Tensor x = null!;
    private Tensor upstream = null!;

    [GlobalSetup]
    public void Setup()
    {
        x = Tensor.RandomNormal(new Shape(Length), 1, stddev: 2f);
        upstream = Tensor.RandomNormal(new Shape(Length), 2);
        var lifted = LiftedSwishUnscoped().ToArray();
        var builtIn = BuiltInSwishUnscoped().ToArray();
        for (var i = 0; i < Length; i++)
        {
            if (Math.Abs(lifted[i] - builtIn[i]) > 1e-5 * Math.Max(1, Math.Abs(builtIn[i])))
            {
                throw new InvalidOperationException($"The lifted and built-in gradients differ at {i}: {lifted[i]} vs {builtIn[i]}.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public void BuiltInSwish()
    {
        using var scope = new TensorScope();
        BuiltInSwishUnscoped();
    }

    [Benchmark]
    public void LiftedSwish()
    {
        using var scope = new TensorScope();
        LiftedSwishUnscoped();
    }

    [Benchmark]
    public Tensor BuiltInSwishUnscoped()
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * Ops.Sigmoid(x);
        return tape.Gradient(y, x, outputGradients: upstream);
    }

    [Benchmark]
    public Tensor LiftedSwishUnscoped()
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = LiftedActivations.SwishOp(x);
        return tape.Gradient(y, x, outputGradients: upstream);
    }

}
