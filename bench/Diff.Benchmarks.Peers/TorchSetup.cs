using TorchSharp;

namespace Diff.Benchmarks.Peers;

/// <summary>What every peer benchmark does to TorchSharp before measuring.</summary>
internal static class TorchSetup
{
    /// <summary>
    /// Intra-op threads for libtorch: the same cores DiffGen's kernels use (this machine has 2). Gradients are off:
    /// these are kernel benchmarks, nothing should be recorded for autograd.
    /// </summary>
    public static void Configure(int threads)
    {
        torch.set_num_threads(threads);
        torch.set_grad_enabled(false);
    }

    /// <summary>A float32 CPU tensor with a copy of <paramref name="data"/> in the given shape.</summary>
    public static torch.Tensor Tensor(float[] data, params long[] shape) => torch.tensor(data, shape, dtype: torch.ScalarType.Float32);

    /// <summary>Random floats in [-0.5, 0.5), fixed seed.</summary>
    public static float[] RandomFloats(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble() - 0.5f;
        }

        return values;
    }
}
