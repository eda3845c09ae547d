using BenchmarkDotNet.Attributes;
using DiffGen;
using TorchSharp;

namespace Diff.Benchmarks.Peers;

/// <summary>The activation lifted by [TapeOp]: Swish, x·σ(x), as one scalar expression.</summary>
public static partial class LiftedActivations
{
    [Differentiable, TapeOp]
    public static float Swish(float x) => x / (1f + MathF.Exp(-x));
}

/// <summary>
/// Issue 7's benchmark, with the peer: Swish on 1M elements, forward and backward (upstream gradient given), as the op
/// DiffGen lifts from a <c>[Differentiable]</c> scalar function (its pullback printed over Vector256 lanes), as
/// DiffGen's built-in composition <c>x * Ops.Sigmoid(x)</c>, and as TorchSharp composes it, <c>x * torch.sigmoid(x)</c>
/// then <c>backward(dy)</c> (autograd). Both libraries get the same 2 threads, and each step runs in its library's
/// memory scope: TorchSharp's dispose scope frees its tensors at once (libtorch's CPU allocator is glibc's malloc,
/// whose 4 MB blocks are kept or returned to the OS by its own rules — run with
/// <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=1073741824</c> to keep them, see
/// bench/README.md), DiffGen's <see cref="TensorScope"/> hands its arrays back to its pool. The <c>…Unscoped</c> rows
/// are the same DiffGen steps without a scope, every 4 MB result a fresh garbage-collected array. Ratio = time / the
/// lifted op's.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LiftedOpPeerBenchmarks
{
    private const int Length = 1 << 20;
    private DiffGen.Tensor x = null!, upstream = null!;
    private torch.Tensor tx = null!, tUpstream = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchSetup.Configure(2);
        torch.set_grad_enabled(true);
        var xs = TorchSetup.RandomFloats(Length, 1);
        var dys = TorchSetup.RandomFloats(Length, 2);
        x = DiffGen.Tensor.From(xs, Length);
        upstream = DiffGen.Tensor.From(dys, Length);
        tx = TorchSetup.Tensor(xs, Length).requires_grad_(true);
        tUpstream = TorchSetup.Tensor(dys, Length);

        var lifted = LiftedSwishUnscoped().ToArray();
        var builtIn = BuiltInSwishUnscoped().ToArray();
        TorchSwish();
        var torchGradient = tx.grad!.data<float>().ToArray();
        for (var i = 0; i < Length; i++)
        {
            if (Math.Abs(lifted[i] - torchGradient[i]) > 1e-5 * Math.Max(1, Math.Abs(torchGradient[i]))
                || Math.Abs(builtIn[i] - torchGradient[i]) > 1e-5 * Math.Max(1, Math.Abs(torchGradient[i])))
            {
                throw new InvalidOperationException($"DiffGen's and TorchSharp's gradients differ at {i}: lifted {lifted[i]}, built-in {builtIn[i]}, torch {torchGradient[i]}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        tx.Dispose();
        tUpstream.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void LiftedSwish()
    {
        using var scope = new TensorScope();
        LiftedSwishUnscoped();
    }

    [Benchmark]
    public void BuiltInSwish()
    {
        using var scope = new TensorScope();
        BuiltInSwishUnscoped();
    }

    [Benchmark]
    public void TorchSwish()
    {
        using var scope = torch.NewDisposeScope();
        tx.grad?.zero_();
        var y = tx * torch.sigmoid(tx);
        y.backward([tUpstream]);
    }

    [Benchmark]
    public DiffGen.Tensor LiftedSwishUnscoped()
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = LiftedActivations.SwishOp(x);
        return tape.Gradient(y, x, outputGradients: upstream);
    }

    [Benchmark]
    public DiffGen.Tensor BuiltInSwishUnscoped()
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * Ops.Sigmoid(x);
        return tape.Gradient(y, x, outputGradients: upstream);
    }

}
