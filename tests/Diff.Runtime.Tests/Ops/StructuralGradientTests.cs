namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The gradients of the ops that mix elements — Softmax, LogSoftmax, MatMul, Transpose, Reshape, the reductions,
/// Concat, Slice, BroadcastTo, Where — against central differences of a double reference, over every axis, every
/// transpose combination, keepDims both ways and random shapes.
/// </summary>
public class StructuralGradientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_and_LogSoftmax_along_every_axis(bool log)
    {
        var name = log ? "LogSoftmax" : "Softmax";
        var seed = 0;
        foreach (int[] shape in new[] { new[] { 5 }, [3, 4], [2, 3, 4], [1, 4], [4, 1], [2, 1, 3, 2] })
        {
            for (var axis = -shape.Length; axis < shape.Length; axis++)
            {
                var random = new Random(seed++);
                var x = Rand.Uniform(random, shape, -3, 3);
                var a = axis;
                GradientCheck.Check($"{name}({x.Shape}, axis {a})", t => log ? Ops.LogSoftmax(t[0], a) : Ops.Softmax(t[0], a), r => Reference.Softmax(r[0], a, log), [x], seed);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_and_LogSoftmax_default_to_the_last_axis_and_survive_large_logits(bool log)
    {
        var x = Tensor.From([1000f, 1001f, 1002f, -5f, 0f, 5f], 2, 3);
        var y = log ? Ops.LogSoftmax(x) : Ops.Softmax(x);
        Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        GradientCheck.Check(log ? "LogSoftmax(large)" : "Softmax(large)", t => log ? Ops.LogSoftmax(t[0]) : Ops.Softmax(t[0]), r => Reference.Softmax(r[0], -1, log), [x], 7);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_with_every_transpose_combination(bool transposeA, bool transposeB)
    {
        for (var seed = 0; seed < 8; seed++)
        {
            var random = new Random(700 + seed);
            int m = random.Next(1, 6), k = random.Next(1, 6), n = random.Next(1, 6);
            var a = Rand.Uniform(random, transposeA ? [k, m] : [m, k], -2, 2);
            var b = Rand.Uniform(random, transposeB ? [n, k] : [k, n], -2, 2);
            GradientCheck.Check(
                $"MatMul({a.Shape}{(transposeA ? "ᵀ" : "")}, {b.Shape}{(transposeB ? "ᵀ" : "")})",
                t => Ops.MatMul(t[0], t[1], transposeA, transposeB),
                r => Reference.MatMul(r[0], r[1], transposeA, transposeB),
                [a, b],
                seed);
        }
    }

    [Fact]
    public void MatMul_of_a_matrix_with_itself_sums_both_paths()
    {
        // y = A·A: dA = dY·Aᵀ + Aᵀ·dY, both operands being the same watched tensor.
        var random = new Random(9);
        var a = Rand.Uniform(random, [3, 3], -1, 1);
        var w = Tensor.RandomNormal(new Shape(3, 3), 9);
        using var tape = new GradientTape();
        tape.Watch(a);
        var gradient = tape.Gradient(Ops.ReduceSum(Ops.MatMul(a, a) * w), a);
        var fd = GradientCheck.FiniteDifferences(r => Reference.MatMul(r[0], r[0]), [Ref.Of(a)], Ref.Of(w), 0);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(fd.Data[i], gradient.ToArray()[i], 4);
        }
    }

    [Fact]
    public void Transpose_of_a_matrix_and_every_permutation_of_a_3d_tensor()
    {
        var random = new Random(11);
        var m = Rand.Uniform(random, [3, 5], -2, 2);
        GradientCheck.Check("Transpose((3,5))", t => Ops.Transpose(t[0]), r => Reference.Transpose(r[0]), [m], 1);

        var x = Rand.Uniform(random, [2, 3, 4], -2, 2);
        int[][] perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        foreach (var perm in perms)
        {
            GradientCheck.Check($"Transpose((2,3,4), [{string.Join(",", perm)}])", t => Ops.Transpose(t[0], perm), r => Reference.Transpose(r[0], perm), [x], perm[0]);
        }

        var x4 = Rand.Uniform(random, [2, 1, 3, 2], -2, 2);
        GradientCheck.Check("Transpose((2,1,3,2), [3,0,2,1])", t => Ops.Transpose(t[0], [3, 0, 2, 1]), r => Reference.Transpose(r[0], [3, 0, 2, 1]), [x4], 5);
        GradientCheck.Check("Transpose((2,1,3,2)) reversed", t => Ops.Transpose(t[0]), r => Reference.Transpose(r[0]), [x4], 6);
    }

    [Fact]
    public void Reshape_with_explicit_and_inferred_dimensions()
    {
        var random = new Random(12);
        var x = Rand.Uniform(random, [2, 3, 4], -2, 2);
        int[][] targets = [[24], [-1], [4, -1], [-1, 2, 3], [6, 4], [2, 12], [1, 24, 1], [2, -1, 2]];
        foreach (var target in targets)
        {
            // Multiplying by a weight after the reshape makes the gradient depend on where each element went.
            GradientCheck.Check($"Reshape((2,3,4) → ({string.Join(",", target)}))", t => Ops.Reshape(t[0], target), r => Reference.Reshape(r[0], target), [x], target.Length);
        }

        GradientCheck.Check("Tensor.Reshape", t => t[0].Reshape(-1, 6), r => Reference.Reshape(r[0], -1, 6), [x], 3);
        var scalar = Tensor.Scalar(1.5f);
        GradientCheck.Check("Reshape(() → (1,1))", t => Ops.Reshape(t[0], 1, 1), r => Reference.Reshape(r[0], 1, 1), [scalar], 4);
    }

    public static TheoryData<string> Reductions => ["ReduceSum", "ReduceMean", "ReduceMax"];

    [Theory]
    [MemberData(nameof(Reductions))]
    public void Reduction_over_everything_and_each_axis_with_and_without_keepDims(string name)
    {
        var kind = Enum.Parse<Reference.Reduction>(name["Reduce".Length..]);
        var seed = 0;
        foreach (int[] shape in new[] { new int[0], [5], [3, 4], [2, 3, 4], [1, 3], [3, 1], [2, 1, 3, 2] })
        {
            foreach (var keepDims in new[] { false, true })
            {
                for (var axis = -shape.Length - 1; axis < shape.Length; axis++)
                {
                    int? a = axis == -shape.Length - 1 ? null : axis;
                    var random = new Random(800 + seed++);

                    // Distinct values: a maximum never ties and stays put under a finite-difference step.
                    var x = Rand.Distinct(random, shape);
                    GradientCheck.Check(
                        $"{name}({x.Shape}, axis {a?.ToString() ?? "all"}, keepDims {keepDims})",
                        t => Reduce(name, t[0], a, keepDims),
                        r => Reference.Reduce(r[0], kind, a, keepDims),
                        [x],
                        seed);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void Reduction_result_shapes_follow_TensorFlow(string name)
    {
        var x = Tensor.Ones(2, 3, 4);
        Assert.Equal(Shape.Scalar, Reduce(name, x, null, false).Shape);
        Assert.Equal(new Shape(1, 1, 1), Reduce(name, x, null, true).Shape);
        Assert.Equal(new Shape(3, 4), Reduce(name, x, 0, false).Shape);
        Assert.Equal(new Shape(2, 4), Reduce(name, x, 1, false).Shape);
        Assert.Equal(new Shape(2, 3), Reduce(name, x, -1, false).Shape);
        Assert.Equal(new Shape(2, 1, 4), Reduce(name, x, -2, true).Shape);
    }

    [Fact]
    public void Concat_of_several_inputs_along_each_axis()
    {
        var seed = 0;
        foreach (int[] shape in new[] { new[] { 3 }, [2, 3], [2, 3, 2] })
        {
            for (var axis = -shape.Length; axis < shape.Length; axis++)
            {
                var random = new Random(900 + seed++);
                var normalized = axis < 0 ? axis + shape.Length : axis;
                var count = random.Next(1, 5);
                var inputs = Enumerable.Range(0, count).Select(_ =>
                {
                    var s = (int[])shape.Clone();
                    s[normalized] = random.Next(1, 4);
                    return Rand.Uniform(random, s, -2, 2);
                }).ToArray();
                var a = axis;
                GradientCheck.Check(
                    $"Concat({string.Join(", ", inputs.Select(i => i.Shape))}, axis {a})",
                    t => Ops.Concat(t, a),
                    r => Reference.Concat(r, a),
                    inputs,
                    seed);
            }
        }
    }

    [Fact]
    public void Concat_with_an_empty_input_and_only_one_input_watched()
    {
        var random = new Random(13);
        var a = Rand.Uniform(random, [2, 3], -1, 1);
        var empty = Tensor.Zeros(2, 0);
        var b = Rand.Uniform(random, [2, 1], -1, 1);
        GradientCheck.Check("Concat((2,3), (2,0), (2,1), axis 1)", t => Ops.Concat([t[0], t[1], t[2]], 1), r => Reference.Concat(r, 1), [a, empty, b], 1);

        var constant = Rand.Uniform(random, [1, 3], -1, 1);
        GradientCheck.Check("Concat(watched, constant)", t => Ops.Concat([t[0], constant], 0), r => Reference.Concat([r[0], Ref.Of(constant)], 0), [a], 2);
    }

    [Fact]
    public void Slice_along_each_axis()
    {
        var seed = 0;
        foreach (int[] shape in new[] { new[] { 5 }, [4, 3], [3, 4, 2] })
        {
            for (var axis = -shape.Length; axis < shape.Length; axis++)
            {
                var random = new Random(1000 + seed++);
                var size = shape[axis < 0 ? axis + shape.Length : axis];
                var start = random.Next(0, size);
                var length = random.Next(0, size - start + 1);
                var x = Rand.Uniform(random, shape, -2, 2);
                var a = axis;
                GradientCheck.Check($"Slice({x.Shape}, start {start}, length {length}, axis {a})", t => Ops.Slice(t[0], start, length, a), r => Reference.Slice(r[0], start, length, a), [x], seed);
            }
        }

        var batch = Rand.Uniform(new Random(14), [6, 2], -2, 2);
        GradientCheck.Check("Slice a batch of rows (default axis 0)", t => Ops.Slice(t[0], 2, 3), r => Reference.Slice(r[0], 2, 3), [batch], 2);
    }

    [Fact]
    public void Slice_of_a_slice_and_a_slice_used_twice()
    {
        var x = Rand.Uniform(new Random(15), [5, 4], -2, 2);
        GradientCheck.Check(
            "Slice(Slice(x)) + Slice(x)",
            t => Ops.Slice(Ops.Slice(t[0], 1, 3, 0), 1, 2, 1) + Ops.Slice(Ops.Slice(t[0], 0, 3, 0), 0, 2, 1),
            r => Reference.Binary(Reference.Slice(Reference.Slice(r[0], 1, 3, 0), 1, 2, 1), Reference.Slice(Reference.Slice(r[0], 0, 3, 0), 0, 2, 1), (p, q) => p + q),
            [x],
            3);
    }

    [Fact]
    public void BroadcastTo_in_several_patterns()
    {
        int[][][] patterns =
        [
            [[], [3]], [[], [2, 3]], [[3], [2, 3]], [[2, 1], [2, 4]], [[1, 3], [4, 3]], [[2, 1, 3], [2, 4, 3]],
            [[4, 1], [2, 4, 3]], [[1], [1]], [[3], [3]], [[1, 1], [2, 2]],
        ];
        for (var i = 0; i < patterns.Length; i++)
        {
            var x = Rand.Uniform(new Random(1100 + i), patterns[i][0], -2, 2);
            var target = patterns[i][1];
            GradientCheck.Check($"BroadcastTo({x.Shape} → ({string.Join(",", target)}))", t => Ops.BroadcastTo(t[0], new Shape(target)), r => Reference.BroadcastTo(r[0], target), [x], i);
        }
    }

    [Fact]
    public void Where_sends_the_gradient_to_the_chosen_branch_and_none_to_the_condition()
    {
        int[][][] patterns =
        [
            [[2, 3], [2, 3], [2, 3]], [[3], [2, 3], [2, 3]], [[2, 1], [2, 3], []], [[2, 3], [3], [2, 1]],
            [[], [2, 2], [2, 2]], [[2, 1, 3], [4, 1], [3]],
        ];
        for (var i = 0; i < patterns.Length; i++)
        {
            var random = new Random(1200 + i);
            var condition = Tensor.From([.. Enumerable.Range(0, Reference.SizeOf(patterns[i][0])).Select(_ => (float)random.Next(2))], new Shape(patterns[i][0]));
            var x = Rand.Uniform(random, patterns[i][1], -2, 2);
            var y = Rand.Uniform(random, patterns[i][2], -2, 2);
            GradientCheck.Check(
                $"Where({condition.Shape}, {x.Shape}, {y.Shape})",
                t => Ops.Where(t[0], t[1], t[2]),
                r => Reference.Where(r[0], r[1], r[2]),
                [condition, x, y],
                i,
                constant: [true, false, false]);
        }
    }

    [Fact]
    public void Where_with_a_computed_condition_gives_a_piecewise_gradient()
    {
        // |x| written as Where(x > 0, x, −x): the gradient is ±1 by branch.
        var x = Rand.AwayFromZero(new Random(16), [7], 0.1, 2);
        GradientCheck.Check("Where(x > 0, x, -x)", t => Ops.Where(t[0] > 0f, t[0], -t[0]), r => Reference.Map(r[0], Math.Abs), [x], 1);
    }

    [Fact]
    public void A_dense_layer_loss_combines_matmul_broadcast_add_relu_and_mean()
    {
        var random = new Random(17);
        var input = Rand.Uniform(random, [4, 3], -1, 1);
        var kernel = Rand.Uniform(random, [3, 5], -1, 1);
        var bias = Rand.Uniform(random, [5], -0.5, 0.5);
        var target = Rand.Uniform(random, [4, 5], -1, 1);

        // Points where a pre-activation is near 0 would put Relu's kink inside the finite-difference step.
        var pre = Reference.Binary(Reference.MatMul(Ref.Of(input), Ref.Of(kernel)), Ref.Of(bias), (p, q) => p + q);
        Assert.All(pre.Data, v => Assert.True(Math.Abs(v) > 1e-3));
        GradientCheck.Check(
            "ReduceMean(Square(Relu(x·W + b) − ŷ))",
            t => Ops.ReduceMean(Ops.Square(Ops.Relu(Ops.MatMul(t[0], t[1]) + t[2]) - target)),
            r => Reference.Reduce(
                Reference.Map(Reference.Binary(Reference.Map(Reference.Binary(Reference.MatMul(r[0], r[1]), r[2], (p, q) => p + q), v => Math.Max(v, 0)), Ref.Of(target), (p, q) => p - q), v => v * v),
                Reference.Reduction.Mean),
            [input, kernel, bias],
            1);
    }

    [Fact]
    public void Zero_size_tensors_get_gradients_of_their_shape()
    {
        // Each op on (or producing) an empty tensor: the gradient has the source's shape, zeros where there is nothing to flow.
        (string, Func<Tensor, Tensor>, int[])[] cases =
        [
            ("ReduceSum over an empty axis", t => Ops.ReduceSum(t, 1), [2, 0, 3]),
            ("ReduceMean over everything", t => Ops.ReduceSum(t) + Ops.ReduceMean(t, 2), [2, 0, 3]),
            ("ReduceMax over a kept axis", t => Ops.ReduceMax(t, 0, keepDims: true), [2, 0, 3]),
            ("Slice of length 0", t => Ops.Slice(t, 1, 0, 1), [2, 3]),
            ("Concat of empty parts", t => Ops.Concat([Ops.Slice(t, 0, 0, 0), Ops.Slice(t, 2, 0, 0)], 0), [2, 3]),
            ("MatMul with inner dimension 0", t => Ops.MatMul(t, Tensor.Ones(0, 4)), [3, 0]),
            ("BroadcastTo an empty axis", t => Ops.BroadcastTo(t, new Shape(0, 3)), [1, 3]),
            ("Transpose", t => Ops.Transpose(t), [0, 3]),
            ("Softmax", t => Ops.Softmax(t), [0, 3]),
            ("LogSoftmax", t => Ops.LogSoftmax(t, 0), [0, 3]),
            ("Reshape", t => Ops.Reshape(t, 3, -1), [0, 3]),
            ("Where", t => Ops.Where(Tensor.Zeros(0, 1), t, t), [1, 3]),
            ("broadcast Multiply", t => t * Tensor.Ones(0, 1), [3]),
        ];
        foreach (var (name, f, shape) in cases)
        {
            var x = Tensor.Ones(shape);
            using var tape = new GradientTape();
            tape.Watch(x);
            var gradient = tape.Gradient(Ops.ReduceSum(f(x)), x, unconnectedGradients: UnconnectedGradients.Zero);
            Assert.True(new Shape(shape) == gradient.Shape, $"{name}: gradient shape {gradient.Shape}, expected {new Shape(shape)}");
            Assert.True(gradient.ToArray().All(v => v == 0), $"{name}: gradient {gradient}");
        }
    }

    private static Tensor Reduce(string name, Tensor x, int? axis, bool keepDims) => name switch
    {
        "ReduceSum" => Ops.ReduceSum(x, axis, keepDims),
        "ReduceMean" => Ops.ReduceMean(x, axis, keepDims),
        _ => Ops.ReduceMax(x, axis, keepDims),
    };
}
