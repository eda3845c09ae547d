namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>Every op checks shapes and throws an exception naming the op and the shapes involved.</summary>
public class ShapeErrorTests
{
    private static readonly Tensor A = Tensor.Zeros(2, 3);
    private static readonly Tensor B = Tensor.Zeros(4);

    public static TheoryData<string> BroadcastingOps =>
        ["Add", "Subtract", "Multiply", "Divide", "Pow", "Maximum", "Minimum", "Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual"];

    private static Tensor Run(string op, Tensor a, Tensor b) => op switch
    {
        "Add" => Ops.Add(a, b),
        "Subtract" => Ops.Subtract(a, b),
        "Multiply" => Ops.Multiply(a, b),
        "Divide" => Ops.Divide(a, b),
        "Pow" => Ops.Pow(a, b),
        "Maximum" => Ops.Maximum(a, b),
        "Minimum" => Ops.Minimum(a, b),
        "Greater" => Ops.Greater(a, b),
        "GreaterEqual" => Ops.GreaterEqual(a, b),
        "Less" => Ops.Less(a, b),
        "LessEqual" => Ops.LessEqual(a, b),
        "Equal" => Ops.Equal(a, b),
        _ => Ops.NotEqual(a, b),
    };

    private static void AssertNames(Exception error, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(BroadcastingOps))]
    public void Elementwise_ops_name_themselves_and_both_shapes(string op)
    {
        var error = Assert.Throws<ArgumentException>(() => Run(op, A, B));
        AssertNames(error, $"{op}:", "(2,3)", "(4,)", "3 and 4");
        var swapped = Assert.Throws<ArgumentException>(() => Run(op, Tensor.Zeros(5, 1, 2), Tensor.Zeros(3, 3)));
        AssertNames(swapped, $"{op}:", "(5,1,2)", "(3,3)", "2 and 3");
    }

    [Fact]
    public void Operators_name_the_op()
    {
        AssertNames(Assert.Throws<ArgumentException>(() => A + B), "Add:", "(2,3)", "(4,)");
        AssertNames(Assert.Throws<ArgumentException>(() => A - B), "Subtract:");
        AssertNames(Assert.Throws<ArgumentException>(() => A * B), "Multiply:");
        AssertNames(Assert.Throws<ArgumentException>(() => A / B), "Divide:");
        AssertNames(Assert.Throws<ArgumentException>(() => A > B), "Greater:");
    }

    [Fact]
    public void MatMul_names_the_inner_dimensions()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(100, 3), Tensor.Zeros(4, 1)));
        Assert.Equal("MatMul: (100,3) × (4,1) — inner dimensions 3 and 4 differ.", error.Message);

        var transposed = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(3, 100), Tensor.Zeros(1, 4), transposeA: true, transposeB: true));
        AssertNames(transposed, "MatMul:", "(3,100)", "(1,4)", "3 and 4");
    }

    [Fact]
    public void MatMul_needs_matrices()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(3), Tensor.Zeros(3, 2)));
        AssertNames(error, "MatMul:", "(3,)", "(3,2)", "2-D");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros(2, 2, 2), Tensor.Zeros(2, 2))), "MatMul:", "(2,2,2)");
    }

    [Fact]
    public void Reshape_to_a_different_size()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Reshape(A, 4, 2));
        AssertNames(error, "Reshape:", "(2,3)", "(4,2)", "6 elements", "8 elements");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Reshape(A, 4, -1)), "Reshape:", "(2,3)", "(4,-1)");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Reshape(A, -1, -1)), "Reshape:", "−1");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Reshape(A, 3, -2)), "Reshape:");
        AssertNames(Assert.Throws<ArgumentException>(() => A.Reshape(5)), "Reshape:", "(2,3)");
    }

    [Fact]
    public void Concat_with_shapes_that_differ_outside_the_axis()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Concat([A, Tensor.Zeros(2, 4)], 0));
        AssertNames(error, "Concat:", "(2,3)", "(2,4)", "axis 0");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Concat([A, Tensor.Zeros(2, 3, 1)], 1)), "Concat:", "(2,3)", "(2,3,1)");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Concat([], 0)), "Concat:");
        AssertNames(Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Concat([A, A], 2)), "Concat:", "axis 2", "(2, 3)");
    }

    [Theory]
    [InlineData(-1, 1, 0)]
    [InlineData(1, 2, 0)]
    [InlineData(0, 4, 1)]
    [InlineData(3, 1, 1)]
    [InlineData(0, -1, 0)]
    public void Slice_out_of_range(int start, int length, int axis)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Slice(A, start, length, axis));
        AssertNames(error, "Slice:", "(2,3)", $"axis {axis}");
    }

    [Fact]
    public void Slice_at_the_end_is_fine()
    {
        Assert.Equal(new Shape(0, 3), Ops.Slice(A, 2, 0).Shape);
        Assert.Equal(new Shape(2, 1), Ops.Slice(A, 2, 1, 1).Shape);
    }

    public static TheoryData<string, int> InvalidAxes => new()
    {
        { "ReduceSum", 2 }, { "ReduceSum", -3 }, { "ReduceMean", 2 }, { "ReduceMax", -3 }, { "Softmax", 2 }, { "LogSoftmax", -3 }, { "Slice", 2 }, { "Concat", 5 },
    };

    [Theory]
    [MemberData(nameof(InvalidAxes))]
    public void An_invalid_axis_names_the_op_the_axis_and_the_shape(string op, int axis)
    {
        Action run = op switch
        {
            "ReduceSum" => () => Ops.ReduceSum(A, axis),
            "ReduceMean" => () => Ops.ReduceMean(A, axis),
            "ReduceMax" => () => Ops.ReduceMax(A, axis),
            "Softmax" => () => Ops.Softmax(A, axis),
            "LogSoftmax" => () => Ops.LogSoftmax(A, axis),
            "Slice" => () => Ops.Slice(A, 0, 1, axis),
            _ => () => Ops.Concat([A, A], axis),
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(run);
        AssertNames(error, $"{op}:", $"axis {axis}", "(2, 3)");
    }

    [Fact]
    public void Softmax_of_a_scalar()
    {
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Softmax(Tensor.Scalar(1f))), "Softmax:", "scalar");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.LogSoftmax(Tensor.Scalar(1f))), "LogSoftmax:", "scalar");
    }

    [Fact]
    public void Transpose_with_a_permutation_that_is_not_one()
    {
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Transpose(A, [0, 0])), "Transpose:", "(2,3)", "[0, 0]");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Transpose(A, [0, 1, 2])), "Transpose:", "(2,3)");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.Transpose(A, [1, 2])), "Transpose:");
    }

    [Fact]
    public void BroadcastTo_a_shape_the_tensor_does_not_broadcast_to()
    {
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.BroadcastTo(A, new Shape(4, 3))), "BroadcastTo:", "(2,3)", "(4,3)");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.BroadcastTo(A, new Shape(3))), "BroadcastTo:", "(2,3)", "(3,)");
        AssertNames(Assert.Throws<ArgumentException>(() => Ops.BroadcastTo(Tensor.Zeros(3, 1), new Shape(1, 4))), "BroadcastTo:", "(3,1)", "(1,4)");
    }

    [Fact]
    public void Where_names_the_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Where(Tensor.Zeros(3), A, Tensor.Zeros(4)));
        AssertNames(error, "Where:", "(4,)");
    }
}
