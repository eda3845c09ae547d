using DiffGen.Kernels;
using DiffGen.Runtime.Tests.Kernels;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>
/// Large lifted row ops, losses and unit ops run on the kernel threads, forward and backward, and give bit for bit the
/// single-threaded result (<see cref="Gemm.MaxDegreeOfParallelism"/> = 1). For unit ops that is the test that the
/// kernel gradient, to which every sample adds, is never shared between threads, and that the split passes add in the
/// order of the one loop that a single thread runs.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class SpanOpParallelTests
{
    /// <summary>The op's output and every gradient of it, as arrays; and how many chunks helpers ran for each.</summary>
    private sealed record Run(float[][] Results, long ForwardHelperItems, long BackwardHelperItems);

    [Fact]
    public void A_large_row_op_is_split_across_threads_and_bit_identical_to_one_thread()
    {
        var x = Uniform(new Random(1), [1500, 3, 29], -3, 3);
        AssertParallelMatchesSerial(degree: 2, sources => SpanFunctions.LogSumExpOp(sources[0]), x);
    }

    [Fact]
    public void A_large_loss_is_split_across_threads_and_bit_identical_to_one_thread()
    {
        var random = new Random(2);
        var yTrue = Uniform(random, [4000, 17], -2, 2);
        var yPred = Uniform(random, [4000, 17], -2, 2);
        AssertParallelMatchesSerial(degree: 2, sources => SpanFunctions.SmoothL1Op(yTrue, sources[0]), yPred);
    }

    [Fact]
    public void A_large_unit_ops_kernel_gradient_alone_is_split_by_units_and_bit_identical_to_one_thread()
    {
        var random = new Random(3);
        var kernel = Uniform(random, [24, 16], -1, 1);
        var x = Uniform(random, [1200, 15], -1, 1);

        // The data does not need a gradient, as for a SpanLayer on the model's inputs: only the kernel's pass runs.
        AssertParallelMatchesSerial(degree: 2, sources => Rbf.UnitOp(sources[0], x), kernel);
    }

    [Fact]
    public void A_large_unit_ops_kernel_and_input_gradients_are_split_and_bit_identical_to_one_thread()
    {
        var random = new Random(4);
        var kernel = Uniform(random, [24, 16], -1, 1);
        var x = Uniform(random, [2, 600, 15], -1, 1);

        // Both gradients: two passes, used from three threads (two would do twice the calls for no gain).
        AssertParallelMatchesSerial(degree: 3, sources => TanhUnits.UnitOp(sources[0], sources[1]), kernel, x);
        AssertParallelMatchesSerial(degree: 3, sources => Rbf.UnitOp(sources[0], sources[1]), kernel, x);
    }

    /// <summary>
    /// Runs <paramref name="op"/> and its gradients with one thread, then with <paramref name="degree"/> threads, helpers
    /// first (<see cref="ParallelKernels"/>): helper threads must have run items of both the forward and the backward
    /// pass, and the results must be the same bits.
    /// </summary>
    private static void AssertParallelMatchesSerial(int degree, Func<Tensor[], Tensor> op, params Tensor[] sources)
    {
        using var kernels = new ParallelKernels(degree: 1);
        var serial = Evaluate(kernels, op, sources);
        Assert.Equal(0, serial.ForwardHelperItems + serial.BackwardHelperItems);

        kernels.Degree = degree;
        var parallel = Evaluate(kernels, op, sources);
        Assert.True(parallel.ForwardHelperItems > 0, "The forward pass did not run on the kernel threads.");
        Assert.True(parallel.BackwardHelperItems > 0, "The backward pass did not run on the kernel threads.");

        Assert.Equal(serial.Results.Length, parallel.Results.Length);
        for (var r = 0; r < serial.Results.Length; r++)
        {
            Assert.Equal(serial.Results[r], parallel.Results[r]);
        }
    }

    private static Run Evaluate(ParallelKernels kernels, Func<Tensor[], Tensor> op, Tensor[] sources)
    {
        using var tape = new GradientTape();
        foreach (var source in sources)
        {
            tape.Watch(source);
        }

        var (y, forward) = kernels.Count(() => op(sources));

        // A seed that differs per output, so that every pullback's contribution is distinct.
        var seed = Uniform(new Random(99), [.. y.Shape.Dimensions.ToArray()], -1, 1);
        var (gradients, backward) = kernels.Count(() => tape.Gradient(y, sources, outputGradients: seed));
        return new Run([y.ToArray(), .. gradients.Select(g => g!.ToArray())], forward, backward);
    }

    private static Tensor Uniform(Random random, int[] shape, double low, double high)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return Tensor.From(data, shape);
    }
}
