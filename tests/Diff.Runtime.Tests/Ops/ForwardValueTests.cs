namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Forward values against straightforward reference loops (<see cref="Reference"/>): every broadcast binary op in
/// the patterns the kernels special-case and those they cut into runs, zero-size dimensions, reductions over empty
/// axes, and the structural ops. + − × ÷, max, min and the comparisons must agree bit for bit: the reference computes
/// in double and rounds once, which for these operations is the correctly rounded float result.
/// </summary>
public class ForwardValueTests
{
    private static readonly (string Name, Func<Tensor, Tensor, Tensor> Op, Func<double, double, double> F, bool Exact)[] BinaryOps =
    [
        ("Add", Ops.Add, (a, b) => a + b, true),
        ("Subtract", Ops.Subtract, (a, b) => a - b, true),
        ("Multiply", Ops.Multiply, (a, b) => a * b, true),
        ("Divide", Ops.Divide, (a, b) => a / b, true),
        ("Maximum", Ops.Maximum, Math.Max, true),
        ("Minimum", Ops.Minimum, Math.Min, true),
        ("Pow", (a, b) => Ops.Pow(Ops.Abs(a), b), (a, b) => Math.Pow(Math.Abs(a), b), false),
        ("Greater", Ops.Greater, (a, b) => a > b ? 1 : 0, true),
        ("GreaterEqual", Ops.GreaterEqual, (a, b) => a >= b ? 1 : 0, true),
        ("Less", Ops.Less, (a, b) => a < b ? 1 : 0, true),
        ("LessEqual", Ops.LessEqual, (a, b) => a <= b ? 1 : 0, true),
        ("Equal", Ops.Equal, (a, b) => a == b ? 1 : 0, true),
        ("NotEqual", Ops.NotEqual, (a, b) => a != b ? 1 : 0, true),
    ];

    /// <summary>
    /// Operand shapes: the same shape, a scalar on either side, (n,m)+(m,), (n,1)+(1,m), (2,1,3)+(4,1), runs where
    /// one operand is repeated and the other advances (in both orders), runs where both repeat, rank-4 with merged
    /// axes, and zero-size dimensions.
    /// </summary>
    public static TheoryData<int[], int[]> Patterns => new()
    {
        { [2, 3], [2, 3] },
        { [], [2, 3] },
        { [2, 3], [] },
        { [1], [5] },
        { [1, 1], [3] },
        { [4, 5], [5] },
        { [5], [4, 5] },
        { [4, 1], [1, 5] },
        { [1, 5], [4, 1] },
        { [2, 1, 3], [4, 1] },
        { [4, 1], [2, 1, 3] },
        { [3, 4, 5], [4, 1] },
        { [3, 1, 5], [1, 4, 1] },
        { [2, 3, 4, 5], [3, 1, 5] },
        { [2, 1, 4, 1], [1, 3, 1, 5] },
        { [2, 3, 1], [2, 3, 4] },
        { [1, 3, 1], [2, 1, 4] },
        { [0], [0] },
        { [0, 3], [3] },
        { [2, 0], [2, 1] },
        { [0], [] },
        { [3, 0, 2], [1, 1, 2] },
        { [1, 0], [3, 1] },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Broadcast_binary_ops_match_reference_loops(int[] shapeA, int[] shapeB)
    {
        var random = new Random(shapeA.Sum() * 31 + shapeB.Sum());

        // Small integers make ties and equal elements common, so the comparisons see both outcomes.
        var a = Tensor.From([.. Enumerable.Range(0, Reference.SizeOf(shapeA)).Select(_ => (float)random.Next(-3, 4) + (random.Next(2) * 0.5f))], new Shape(shapeA));
        var b = Tensor.From([.. Enumerable.Range(0, Reference.SizeOf(shapeB)).Select(_ => (float)random.Next(-3, 4) + (random.Next(2) * 0.25f))], new Shape(shapeB));
        foreach (var (name, op, f, exact) in BinaryOps)
        {
            var expected = Reference.Binary(Ref.Of(a), Ref.Of(b), f);
            var actual = op(a, b);
            Assert.Equal(expected.Shape, actual.Shape.ToArray());
            for (var i = 0; i < actual.Size; i++)
            {
                var e = (float)expected.Data[i];
                var got = actual.ToArray()[i];
                if (exact || float.IsNaN(e) || float.IsInfinity(e))
                {
                    Assert.True(e.Equals(got), $"{name}({a.Shape}, {b.Shape}) at {i}: got {got:R}, expected {e:R}");
                }
                else
                {
                    Assert.True(Math.Abs(e - got) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"{name}({a.Shape}, {b.Shape}) at {i}: got {got:R}, expected {e:R}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Where_and_BroadcastTo_match_reference_loops(int[] shapeA, int[] shapeB)
    {
        var random = new Random(shapeA.Length + (7 * shapeB.Length));
        var condition = Tensor.From([.. Enumerable.Range(0, Reference.SizeOf(shapeA)).Select(_ => (float)random.Next(2))], new Shape(shapeA));
        var x = Rand.Uniform(random, shapeB, -1, 1);
        var y = Rand.Uniform(random, [.. shapeB.Skip(1)], 2, 3);
        var expected = Reference.Where(Ref.Of(condition), Ref.Of(x), Ref.Of(y));
        var actual = Ops.Where(condition, x, y);
        Assert.Equal(expected.Shape, actual.Shape.ToArray());
        Assert.Equal(expected.Data.Select(v => (float)v), actual.ToArray());

        var target = Reference.BroadcastShape(shapeA, shapeB)!;
        var broadcast = Ops.BroadcastTo(x, new Shape(target));
        Assert.Equal(Reference.BroadcastTo(Ref.Of(x), target).Data.Select(v => (float)v), broadcast.ToArray());
    }

    [Fact]
    public void Scalar_plus_tensor_and_tensor_plus_scalar()
    {
        var t = Tensor.From([1f, 2f, 3f, 4f], 2, 2);
        Assert.Equal(new[] { 11f, 12f, 13f, 14f }, (Tensor.Scalar(10f) + t).ToArray());
        Assert.Equal(new[] { -9f, -8f, -7f, -6f }, (t - 10f).ToArray());
        Assert.Equal(new[] { 9f, 8f, 7f, 6f }, (10f - t).ToArray());
        Assert.Equal(new Shape(2, 2), (10f - t).Shape);
        Assert.Equal(Shape.Scalar, (Tensor.Scalar(2f) * Tensor.Scalar(3f)).Shape);
        Assert.Equal(6f, (Tensor.Scalar(2f) * Tensor.Scalar(3f)).Item);
    }

    [Fact]
    public void Broadcasting_over_larger_shapes_covers_long_runs()
    {
        // Longer runs go through the SIMD paths of TensorPrimitives (several vectors plus a remainder).
        var random = new Random(3);
        foreach (var (sa, sb) in new (int[], int[])[] { ([37, 53], [53]), ([37, 1], [1, 53]), ([5, 1, 67], [3, 67]), ([67], [9, 1, 67]), ([5, 7, 1], [5, 1, 33]) })
        {
            var a = Rand.Uniform(random, sa, -2, 2);
            var b = Rand.AwayFromZero(random, sb, 0.5, 2);
            foreach (var (name, op, f, exact) in BinaryOps.Where(o => o.Exact))
            {
                var expected = Reference.Binary(Ref.Of(a), Ref.Of(b), f).Data.Select(v => (float)v).ToArray();
                Assert.True(expected.SequenceEqual(op(a, b).ToArray()), $"{name}({a.Shape}, {b.Shape})");
                var swapped = Reference.Binary(Ref.Of(b), Ref.Of(a), f).Data.Select(v => (float)v).ToArray();
                Assert.True(swapped.SequenceEqual(op(b, a).ToArray()), $"{name}({b.Shape}, {a.Shape})");
            }
        }
    }

    [Fact]
    public void Unary_ops_match_the_math_library()
    {
        var x = Rand.Uniform(new Random(4), [3, 41], 0.05, 3);
        var signed = Rand.Uniform(new Random(5), [3, 41], -3, 3);
        (string, Func<Tensor, Tensor>, Func<double, double>, Tensor)[] ops =
        [
            ("Negate", Ops.Negate, v => -v, signed), ("Square", Ops.Square, v => v * v, signed), ("Sqrt", Ops.Sqrt, Math.Sqrt, x),
            ("Exp", Ops.Exp, Math.Exp, signed), ("Log", Ops.Log, Math.Log, x), ("Abs", Ops.Abs, Math.Abs, signed),
            ("Sin", Ops.Sin, Math.Sin, signed), ("Cos", Ops.Cos, Math.Cos, signed), ("Tanh", Ops.Tanh, Math.Tanh, signed),
            ("Sigmoid", Ops.Sigmoid, Reference.Sigmoid, signed), ("Relu", Ops.Relu, v => Math.Max(v, 0), signed),
            ("Sign", Ops.Sign, v => Math.Sign(v), signed),
        ];
        foreach (var (name, op, f, input) in ops)
        {
            GradientCheck.AssertForward(name, [input], op(input), Reference.Map(Ref.Of(input), f), 1e-6);
        }
    }

    [Fact]
    public void NaN_and_infinity_are_not_hidden()
    {
        var x = Tensor.From([float.NaN, float.PositiveInfinity, -1f, 0f]);
        Assert.True(float.IsNaN(Ops.Relu(x).ToArray()[0]));
        Assert.True(float.IsNaN(Ops.Exp(x).ToArray()[0]));
        Assert.Equal(float.PositiveInfinity, Ops.Exp(x).ToArray()[1]);
        Assert.True(float.IsNaN(Ops.Log(x).ToArray()[2]));
        Assert.Equal(float.NegativeInfinity, Ops.Log(x).ToArray()[3]);
        Assert.True(float.IsNaN(Ops.ReduceSum(x).Item));
        Assert.True(float.IsNaN(Ops.ReduceMax(x).Item));
        Assert.True(float.IsNaN(Ops.Maximum(x, 0f).ToArray()[0]));
        Assert.True(float.IsNaN((Tensor.From([1f, 0f]) / 0f).ToArray()[1]));
        Assert.Equal(float.PositiveInfinity, (Tensor.From([1f, 0f]) / 0f).ToArray()[0]);
    }

    [Fact]
    public void Reductions_over_empty_axes_follow_NumPy()
    {
        var x = Tensor.Zeros(2, 0, 3);
        Assert.Equal(new Shape(2, 3), Ops.ReduceSum(x, 1).Shape);
        Assert.All(Ops.ReduceSum(x, 1).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Ops.ReduceMax(x, 1).ToArray(), v => Assert.Equal(float.NegativeInfinity, v));
        Assert.All(Ops.ReduceMean(x, 1).ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(new Shape(2, 0), Ops.ReduceSum(x, 2).Shape);
        Assert.Equal(new Shape(0, 3), Ops.ReduceMax(x, 0).Shape);
        Assert.Equal(0f, Ops.ReduceSum(x).Item);
        Assert.Equal(float.NegativeInfinity, Ops.ReduceMax(x).Item);
        Assert.True(float.IsNaN(Ops.ReduceMean(x).Item));
    }

    [Fact]
    public void Reductions_match_reference_loops_on_larger_tensors()
    {
        // Long inner rows exercise the SIMD reductions; many outer rows the row-combining path.
        var x = Rand.Uniform(new Random(6), [7, 33, 19], -2, 2);
        for (var axis = -3; axis < 3; axis++)
        {
            GradientCheck.AssertForward($"ReduceSum axis {axis}", [x], Ops.ReduceSum(x, axis), Reference.Reduce(Ref.Of(x), Reference.Reduction.Sum, axis));
            GradientCheck.AssertForward($"ReduceMean axis {axis}", [x], Ops.ReduceMean(x, axis, keepDims: true), Reference.Reduce(Ref.Of(x), Reference.Reduction.Mean, axis, keepDims: true));
            GradientCheck.AssertForward($"ReduceMax axis {axis}", [x], Ops.ReduceMax(x, axis), Reference.Reduce(Ref.Of(x), Reference.Reduction.Max, axis), 0);
        }

        GradientCheck.AssertForward("ReduceSum all", [x], Ops.ReduceSum(x), Reference.Reduce(Ref.Of(x), Reference.Reduction.Sum));
        GradientCheck.AssertForward("ReduceMax all", [x], Ops.ReduceMax(x), Reference.Reduce(Ref.Of(x), Reference.Reduction.Max), 0);
    }

    [Fact]
    public void Structural_ops_on_zero_size_tensors()
    {
        var empty = Tensor.Zeros(0, 3);
        Assert.Equal(new Shape(3, 0), Ops.Transpose(empty).Shape);
        Assert.Equal(new Shape(0, 3), Ops.Reshape(empty, -1, 3).Shape);
        Assert.Equal(new Shape(2, 3), Ops.Concat([empty, Tensor.Ones(2, 3)], 0).Shape);
        Assert.Equal(new Shape(0, 3), Ops.Slice(Tensor.Ones(4, 3), 2, 0).Shape);
        Assert.Equal(new Shape(2, 0), Ops.MatMul(Tensor.Ones(2, 3), Tensor.Ones(3, 0)).Shape);
        Assert.Equal(new[] { 0f, 0f, 0f, 0f }, Ops.MatMul(Tensor.Ones(2, 0), Tensor.Ones(0, 2)).ToArray());
        Assert.Equal(new Shape(0, 3), Ops.Softmax(empty).Shape);
    }

    [Fact]
    public void Reshape_shares_values_in_row_major_order()
    {
        var x = Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = Ops.Reshape(x, 3, -1);
        Assert.Equal(new Shape(3, 2), y.Shape);
        Assert.Equal(4f, y[1, 1]);
        Assert.Equal(x.ToArray(), y.ToArray());
    }
}
