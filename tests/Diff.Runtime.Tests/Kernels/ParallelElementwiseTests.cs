namespace DiffGen.Runtime.Tests.Kernels;

/// <summary>
/// Large elementwise ops run chunk by chunk on the kernel threads: every op gives bit for bit what one thread gives,
/// ragged ends included, and helper threads really take part.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class ParallelElementwiseTests
{
    private const int Length = (1 << 20) + 5; // 64 chunks and a ragged end

    public static TheoryData<string> OpNames => [.. Ops.Keys];

    private static readonly Dictionary<string, Func<Tensor, Tensor, Tensor>> Ops = new()
    {
        ["Exp"] = (x, _) => DiffGen.Ops.Exp(x),
        ["Log"] = (x, _) => DiffGen.Ops.Log(DiffGen.Ops.Abs(x) + 0.1f),
        ["Sqrt"] = (x, _) => DiffGen.Ops.Sqrt(DiffGen.Ops.Abs(x)),
        ["Tanh"] = (x, _) => DiffGen.Ops.Tanh(x),
        ["Sigmoid"] = (x, _) => DiffGen.Ops.Sigmoid(x),
        ["Relu"] = (x, _) => DiffGen.Ops.Relu(x),
        ["Softplus"] = (x, _) => DiffGen.Ops.Softplus(x),
        ["Gelu"] = (x, _) => DiffGen.Ops.Gelu(x),
        ["Sin"] = (x, _) => DiffGen.Ops.Sin(x),
        ["Add"] = (x, y) => x + y,
        ["Multiply"] = (x, y) => x * y,
        ["Divide"] = (x, y) => x / (DiffGen.Ops.Abs(y) + 0.5f),
        ["Maximum"] = (x, y) => DiffGen.Ops.Maximum(x, y),
        ["ScalarRight"] = (x, _) => x * 1.7f,
        ["ScalarLeft"] = (x, _) => 3f - x,
        ["Pow"] = (x, y) => DiffGen.Ops.Pow(DiffGen.Ops.Abs(x) + 0.1f, y),
        ["Greater"] = (x, y) => DiffGen.Ops.Greater(x, y),
    };

    [Theory]
    [MemberData(nameof(OpNames))]
    public void A_large_op_on_the_kernel_threads_is_bit_identical_to_one_thread(string name)
    {
        var op = Ops[name];
        var x = Tensor.RandomUniform(new Shape(Length), seed: 31, minValue: -4f, maxValue: 4f);
        var y = Tensor.RandomUniform(new Shape(Length), seed: 32, minValue: -2f, maxValue: 2f);
        using var kernels = new ParallelKernels(degree: 1);
        var serial = op(x, y).ToArray();

        // Helpers first (ParallelKernels): they run items of every parallel run, even on one core.
        kernels.Degree = 2;
        var (parallel, helperItems) = kernels.Count(() => op(x, y).ToArray());
        Assert.True(helperItems > 0, $"{name} never ran on a helper thread.");

        Assert.Equal(serial.Length, parallel.Length);
        for (var i = 0; i < serial.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(serial[i]) == BitConverter.SingleToInt32Bits(parallel[i]),
                $"{name}[{i}]: one thread {serial[i]:R}, kernel threads {parallel[i]:R}");
        }
    }
}
