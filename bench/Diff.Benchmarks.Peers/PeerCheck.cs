using System.Numerics.Tensors;
using DiffGen.Kernels;
using TorchSharp;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// Makes sure the two sides of every peer benchmark compute the same thing before anything is timed (each class's
/// GlobalSetup calls these), and <c>--check</c> runs them all once without BenchmarkDotNet.
/// </summary>
internal static class PeerCheck
{
    /// <summary>C = 0·C + A·B in place (libtorch ignores C's old values when beta is 0, NaN included).</summary>
    public static void AddmmInto(torch.Tensor c, torch.Tensor a, torch.Tensor b)
    {
        torch.Tensor result = c.addmm_(a, b, beta: 0f, alpha: 1f);
        if (!ReferenceEquals(result, c))
        {
            result.Dispose();   // another handle on the same storage: release it, c keeps the data
        }
    }

    public static void AssertSameProduct(Diff.Benchmarks.GemmShape shape, float[] a, float[] b, float[] c,
                                         torch.Tensor ta, torch.Tensor tb, torch.Tensor tc)
    {
        Gemm.Multiply(a, b, c, shape.M, shape.K, shape.N);
        AddmmInto(tc, ta, tb);
        float[] fromTorch = tc.data<float>().ToArray();
        // Both sum k products in float, in different orders: allow the float error bound, k·2⁻²³·Σ|terms|, with
        // Σ|terms| ≈ k/16 for operands uniform in [-0.5, 0.5). A wrong element is off by O(1), far outside it.
        double tolerance = shape.K * Math.Pow(2, -23) * (shape.K / 16.0);
        double worst = 0;
        for (int i = 0; i < c.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(c[i] - fromTorch[i]));
        }

        if (!(worst <= tolerance))
        {
            throw new InvalidOperationException($"DiffGen and TorchSharp disagree on {shape}: largest difference {worst:E2} > {tolerance:E2}.");
        }
    }

    public static void AssertSameElementwise(float[] x, float[] y, torch.Tensor tx, torch.Tensor ty)
    {
        float[] ours = new float[x.Length];
        Compare("add", () => TensorPrimitives.Add(x, y, ours), () => torch.add(tx, ty), ours);
        Compare("multiply", () => TensorPrimitives.Multiply(x, y, ours), () => torch.mul(tx, ty), ours);
        Compare("exp", () => TensorPrimitives.Exp(x, ours), () => torch.exp(tx), ours);
        Compare("tanh", () => TensorPrimitives.Tanh(x, ours), () => torch.tanh(tx), ours);
    }

    private static void Compare(string op, Action diffGen, Func<torch.Tensor> torchOp, float[] ours)
    {
        diffGen();
        using torch.Tensor result = torchOp();
        float[] theirs = result.data<float>().ToArray();
        for (int i = 0; i < ours.Length; i++)
        {
            if (!(Math.Abs(ours[i] - theirs[i]) <= 1e-6 * Math.Max(1, Math.Abs(theirs[i]))))
            {
                throw new InvalidOperationException($"{op}: element {i} is {ours[i]:R} with TensorPrimitives but {theirs[i]:R} with TorchSharp.");
            }
        }
    }

    /// <summary><c>--check</c>: every peer pair once, on both thread counts; prints what it compared.</summary>
    public static int Run()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (var shape in GemmPeerBenchmarks.Shapes)
            {
                var bench = new GemmPeerBenchmarks { Shape = shape, Threads = threads };
                bench.Setup();
                bench.DiffGen();
                bench.TorchAddmmInPlace();
                bench.TorchMatmul();
                bench.Cleanup();
                Console.WriteLine($"GEMM {shape}, {threads} thread(s): DiffGen and TorchSharp agree");
            }

            var elementwise = new ElementwisePeerBenchmarks { TorchThreads = threads };
            elementwise.Setup();
            elementwise.Cleanup();
            Console.WriteLine($"add, multiply, exp, tanh on 1M floats, torch on {threads} thread(s): agree");
        }

        Console.WriteLine($"torch {torch.__version__}, {torch.get_num_threads()} intra-op thread(s) at the end");
        return 0;
    }
}
