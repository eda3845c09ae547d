using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>
/// A large lifted elementwise op is split across the kernel threads; every element is still computed by the same
/// scalar code, so values and gradients are bit-for-bit the method's and its pullback's, element by element.
/// </summary>
public sealed class LiftedOpParallelTests
{
    [Fact]
    public void A_large_op_runs_on_the_kernel_threads_and_is_bit_identical_to_the_scalar_method_and_pullback()
    {
        if (Gemm.MaxDegreeOfParallelism < 2)
        {
            return; // one core: nothing to split
        }

        const int Length = (1 << 20) + 123; // not a multiple of the chunk size
        var random = new Random(17);
        var data = new float[Length];
        var seeds = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 16) - 8);
            seeds[i] = (float)(random.NextDouble() - 0.5);
        }

        var x = Tensor.From(data, Length);
        var upstream = Tensor.From(seeds, Length);
        for (var attempt = 0; ; attempt++)
        {
            var before = KernelThreads.HelperItems;
            float[] values, gradient;
            using (var tape = new GradientTape())
            {
                tape.Watch(x);
                var y = LiftedFunctions.SwishOp(x);
                values = y.ToArray();
                gradient = tape.Gradient(y, x, outputGradients: upstream).ToArray();
            }

            if (KernelThreads.HelperItems == before)
            {
                Assert.True(attempt < 20, "The op never ran on a helper thread.");
                continue;
            }

            for (var i = 0; i < Length; i++)
            {
                Assert.Equal(LiftedFunctions.Swish(data[i]), values[i]);
                var expected = 0f;
                LiftedFunctions.SwishPullback(data[i], seeds[i], ref expected);
                Assert.Equal(expected, gradient[i]);
            }

            return;
        }
    }
}
