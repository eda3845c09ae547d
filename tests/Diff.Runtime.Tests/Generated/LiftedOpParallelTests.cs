using DiffGen.Runtime.Tests.Kernels;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>
/// A large lifted elementwise op is split across the kernel threads and runs eight elements at a time through its
/// vectorised body: the result is bit-for-bit the single-threaded one, and every element — the ragged end included —
/// agrees with the scalar method and its pullback to within the vector math functions' last bits.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class LiftedOpParallelTests
{
    [Fact]
    public void A_large_op_runs_on_the_kernel_threads_and_is_bit_identical_to_the_single_threaded_run()
    {
        const int Length = (1 << 20) + 123; // not a multiple of the chunk size nor of the vector width
        var (x, upstream, data, seeds) = RandomInputs(Length, seed: 17);
        using var kernels = new ParallelKernels(degree: 1);
        var (serial, serialHelperItems) = kernels.Count(() => SwishWithGradient(x, upstream));
        Assert.Equal(0, serialHelperItems);

        // Helpers first (ParallelKernels): they run items of every parallel pass, even on one core.
        kernels.Degree = 2;
        var (parallel, helperItems) = kernels.Count(() => SwishWithGradient(x, upstream));
        Assert.True(helperItems > 0, "The op never ran on a helper thread.");

        Assert.Equal(serial.Values, parallel.Values);
        Assert.Equal(serial.Gradient, parallel.Gradient);
        AssertCloseToScalar(data, seeds, parallel.Values, parallel.Gradient);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(31)]
    [InlineData(1000)]
    public void Every_element_of_a_short_or_ragged_tensor_matches_the_scalar_method_and_pullback(int length)
    {
        var (x, upstream, data, seeds) = RandomInputs(length, seed: length);
        var (values, gradient) = SwishWithGradient(x, upstream);
        AssertCloseToScalar(data, seeds, values, gradient);
    }

    private static (Tensor X, Tensor Upstream, float[] Data, float[] Seeds) RandomInputs(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        var seeds = new float[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (float)((random.NextDouble() * 40) - 20);
            seeds[i] = (float)(random.NextDouble() - 0.5);
        }

        return (Tensor.From(data, length), Tensor.From(seeds, length), data, seeds);
    }

    private static (float[] Values, float[] Gradient) SwishWithGradient(Tensor x, Tensor upstream)
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = LiftedFunctions.SwishOp(x);
        return (y.ToArray(), tape.Gradient(y, x, outputGradients: upstream).ToArray());
    }

    /// <summary>
    /// Vector256.Exp and MathF.Exp may round differently in the last bit; the quotients after it carry that through.
    /// Values within 4 ulp of the scalar method (Vector256.Exp is within 2 ulp of exact, MathF.Exp within 1), gradients within 1e-6 of the scalar pullback relative to the seed.
    /// </summary>
    private static void AssertCloseToScalar(float[] data, float[] seeds, float[] values, float[] gradient)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var expectedValue = LiftedFunctions.Swish(data[i]);
            Assert.True(FloatDistance.Ulps(expectedValue, values[i]) <= 4, $"Swish({data[i]:R}) = {values[i]:R}, the scalar method gives {expectedValue:R}");
            var expected = 0f;
            LiftedFunctions.SwishPullback(data[i], seeds[i], ref expected);
            Assert.True(
                Math.Abs(expected - gradient[i]) <= 1e-6 * Math.Max(Math.Abs(seeds[i]), 1e-30),
                $"SwishPullback({data[i]:R}, {seeds[i]:R}) = {gradient[i]:R}, the scalar pullback gives {expected:R}");
        }
    }
}
