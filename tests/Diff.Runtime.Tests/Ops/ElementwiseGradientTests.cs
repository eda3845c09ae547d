namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Every elementwise op's gradient against central differences of a double reference (<see cref="GradientCheck"/>),
/// at random points and random shapes, the binary ops with NumPy broadcasting in random patterns (rank 0 included),
/// through <see cref="Ops"/> and through the operators, with tensor or plain-number operands on either side. Points
/// stay inside each op's domain and away from its kinks; the kink conventions are pinned in <see cref="KinkConventionTests"/>.
/// </summary>
public class ElementwiseGradientTests
{
    private const int Points = 8;

    private sealed record Unary(Func<Tensor, Tensor> Op, Func<double, double> F, Func<Random, int[], Tensor> Point);

    private sealed record Binary(
        Func<Tensor, Tensor, Tensor> Op,
        Func<Tensor, Tensor, Tensor>? Operator,
        Func<double, double, double> F,
        Func<Random, int[], int[], (Tensor A, Tensor B)> Points);

    private static readonly Dictionary<string, Unary> UnaryOps = new()
    {
        ["Negate"] = new(Ops.Negate, x => -x, Any),
        ["-x"] = new(x => -x, x => -x, Any),
        ["Square"] = new(Ops.Square, x => x * x, Any),
        ["Sqrt"] = new(Ops.Sqrt, Math.Sqrt, Positive),
        ["Exp"] = new(Ops.Exp, Math.Exp, Any),
        ["Log"] = new(Ops.Log, Math.Log, Positive),
        ["Abs"] = new(Ops.Abs, Math.Abs, AwayFromZero),
        ["Sin"] = new(Ops.Sin, Math.Sin, (r, s) => Rand.Uniform(r, s, -3, 3)),
        ["Cos"] = new(Ops.Cos, Math.Cos, (r, s) => Rand.Uniform(r, s, -3, 3)),
        ["Tanh"] = new(Ops.Tanh, Math.Tanh, Any),
        ["Sigmoid"] = new(Ops.Sigmoid, Reference.Sigmoid, (r, s) => Rand.Uniform(r, s, -4, 4)),
        ["Relu"] = new(Ops.Relu, x => Math.Max(x, 0), AwayFromZero),
        ["Pow(x, 3)"] = new(x => Ops.Pow(x, 3f), x => x * x * x, AwayFromZero),
        ["Pow(x, 2)"] = new(x => Ops.Pow(x, 2f), x => x * x, AwayFromZero),
        ["Pow(x, 0.5)"] = new(x => Ops.Pow(x, 0.5f), Math.Sqrt, Positive),
        ["Pow(x, -1)"] = new(x => Ops.Pow(x, -1f), x => 1 / x, AwayFromZero),
        ["Pow(x, -1.5)"] = new(x => Ops.Pow(x, -1.5f), x => Math.Pow(x, -1.5), Positive),
        ["Pow(2, x)"] = new(x => Ops.Pow(2f, x), x => Math.Pow(2, x), Any),
        ["Pow(0.5, x)"] = new(x => Ops.Pow(0.5f, x), x => Math.Pow(0.5, x), Any),
    };

    private static readonly Dictionary<string, Binary> BinaryOps = new()
    {
        ["Add"] = new(Ops.Add, (a, b) => a + b, (a, b) => a + b, (r, sa, sb) => (Rand.Uniform(r, sa, -2, 2), Rand.Uniform(r, sb, -2, 2))),
        ["Subtract"] = new(Ops.Subtract, (a, b) => a - b, (a, b) => a - b, (r, sa, sb) => (Rand.Uniform(r, sa, -2, 2), Rand.Uniform(r, sb, -2, 2))),
        ["Multiply"] = new(Ops.Multiply, (a, b) => a * b, (a, b) => a * b, (r, sa, sb) => (Rand.Uniform(r, sa, -2, 2), Rand.Uniform(r, sb, -2, 2))),
        ["Divide"] = new(Ops.Divide, (a, b) => a / b, (a, b) => a / b, (r, sa, sb) => (Rand.Uniform(r, sa, -2, 2), Rand.AwayFromZero(r, sb, 0.5, 2))),
        ["Maximum"] = new(Ops.Maximum, null, Math.Max, Separated),
        ["Minimum"] = new(Ops.Minimum, null, Math.Min, Separated),
        ["Pow"] = new(Ops.Pow, null, Math.Pow, (r, sa, sb) => (Rand.Uniform(r, sa, 0.3, 2.5), Rand.Uniform(r, sb, -2, 2.5))),
    };

    public static TheoryData<string> UnaryNames => [.. UnaryOps.Keys];

    public static TheoryData<string> BinaryNames => [.. BinaryOps.Keys];

    public static TheoryData<string> OperatorNames => [.. BinaryOps.Where(p => p.Value.Operator is not null).Select(p => p.Key)];

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_op_gradient_matches_finite_differences(string name)
    {
        var op = UnaryOps[name];
        for (var seed = 0; seed < Points; seed++)
        {
            var random = new Random(100 + seed);
            var x = op.Point(random, Rand.Shape(random, 0, 3));
            GradientCheck.Check($"{name} at {x.Shape} (seed {seed})", t => op.Op(t[0]), r => Reference.Map(r[0], op.F), [x], seed);
        }
    }

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_op_on_an_empty_tensor_gives_an_empty_gradient(string name)
    {
        var x = Tensor.Zeros(2, 0, 3);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = UnaryOps[name].Op(x);
        var gradient = tape.Gradient(Ops.ReduceSum(y), x);
        Assert.Equal(new Shape(2, 0, 3), y.Shape);
        Assert.Equal(new Shape(2, 0, 3), gradient.Shape);
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_op_gradient_matches_finite_differences_with_broadcasting(string name)
    {
        var op = BinaryOps[name];
        for (var seed = 0; seed < Points; seed++)
        {
            var random = new Random(200 + seed);
            var (shapeA, shapeB) = Rand.BroadcastPair(random);
            var (a, b) = op.Points(random, shapeA, shapeB);
            GradientCheck.Check($"{name}: {a.Shape} with {b.Shape} (seed {seed})", t => op.Op(t[0], t[1]), r => Reference.Binary(r[0], r[1], op.F), [a, b], seed);
        }
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_op_gradient_in_fixed_broadcast_patterns(string name)
    {
        var op = BinaryOps[name];
        int[][][] patterns =
        [
            [[3, 4], [4]], [[4], [3, 4]], [[3, 1], [1, 4]], [[2, 1, 3], [4, 1]], [[4, 1], [2, 1, 3]],
            [[], [2, 3]], [[2, 3], []], [[], []], [[1], [3]], [[2, 3, 4], [2, 3, 4]], [[3, 1, 2], [3, 4, 1]],
        ];
        for (var i = 0; i < patterns.Length; i++)
        {
            var random = new Random(300 + i);
            var (a, b) = op.Points(random, patterns[i][0], patterns[i][1]);
            GradientCheck.Check($"{name}: {a.Shape} with {b.Shape}", t => op.Op(t[0], t[1]), r => Reference.Binary(r[0], r[1], op.F), [a, b], i);
        }
    }

    [Theory]
    [MemberData(nameof(OperatorNames))]
    public void Operator_gradient_matches_finite_differences_with_broadcasting(string name)
    {
        var op = BinaryOps[name];
        for (var seed = 0; seed < Points; seed++)
        {
            var random = new Random(400 + seed);
            var (shapeA, shapeB) = Rand.BroadcastPair(random);
            var (a, b) = op.Points(random, shapeA, shapeB);
            GradientCheck.Check($"operator {name}: {a.Shape} with {b.Shape} (seed {seed})", t => op.Operator!(t[0], t[1]), r => Reference.Binary(r[0], r[1], op.F), [a, b], seed);
        }
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_op_with_a_plain_number_on_either_side(string name)
    {
        var op = BinaryOps[name];
        for (var seed = 0; seed < 4; seed++)
        {
            var random = new Random(500 + seed);
            var shape = Rand.Shape(random, 0, 3);
            var (a, b) = op.Points(random, shape, shape);

            // The number is a constant (converted to a rank-0 tensor nobody watches): only the tensor gets a gradient.
            // It is one of the other operand's values (so inside the op's domain) that ties with none of the tensor's.
            var number = Untied(b, a);
            GradientCheck.Check($"{name}(tensor {a.Shape}, {number})", t => op.Op(t[0], number), r => Reference.Binary(r[0], Ref.Scalar(number), op.F), [a], seed);
            if (op.Operator is { } operate)
            {
                GradientCheck.Check($"tensor {a.Shape} {name} {number}", t => operate(t[0], number), r => Reference.Binary(r[0], Ref.Scalar(number), op.F), [a], seed);
            }

            var left = Untied(a, b);
            GradientCheck.Check($"{name}({left}, tensor {b.Shape})", t => op.Op(left, t[0]), r => Reference.Binary(Ref.Scalar(left), r[0], op.F), [b], seed);
            if (op.Operator is { } operateLeft)
            {
                GradientCheck.Check($"{left} {name} tensor {b.Shape}", t => operateLeft(left, t[0]), r => Reference.Binary(Ref.Scalar(left), r[0], op.F), [b], seed);
            }
        }
    }

    [Fact]
    public void Operators_with_numbers_on_the_left_compile_to_the_tensor_ops()
    {
        var x = Tensor.From([1f, 2f, 4f]);
        Assert.Equal(new[] { 3f, 4f, 6f }, (2f + x).ToArray());
        Assert.Equal(new[] { 1f, 0f, -2f }, (2f - x).ToArray());
        Assert.Equal(new[] { 2f, 4f, 8f }, (2f * x).ToArray());
        Assert.Equal(new[] { 2f, 1f, 0.5f }, (2f / x).ToArray());
        Assert.Equal(new[] { 2f, 1f, 0.5f }, (2.0 / x).ToArray());
        Assert.Equal(new[] { -1f, -2f, -4f }, (-x).ToArray());
    }

    [Fact]
    public void Pow_exponent_gradient_is_x_to_the_p_times_log_x()
    {
        // d/dp x^p = x^p · ln x, checked against the closed form at a few points.
        var x = Tensor.From([0.5f, 1f, 2f, 3f]);
        var p = Tensor.From([1.5f, -2f, 0.5f, 2f]);
        using var tape = new GradientTape();
        tape.Watch(p);
        var gradient = tape.Gradient(Ops.ReduceSum(Ops.Pow(x, p)), p).ToArray();
        for (var i = 0; i < 4; i++)
        {
            double xi = x.ToArray()[i], pi = p.ToArray()[i];
            Assert.Equal(Math.Pow(xi, pi) * Math.Log(xi), gradient[i], 5);
        }
    }

    /// <summary>A value of <paramref name="candidates"/> at least 0.05 from every value of <paramref name="other"/> (3.5 if none is).</summary>
    private static float Untied(Tensor candidates, Tensor other) =>
        candidates.ToArray().Where(v => other.ToArray().All(o => Math.Abs(o - v) >= 0.05)).DefaultIfEmpty(3.5f).First();

    private static Tensor Any(Random random, int[] shape) => Rand.Uniform(random, shape, -2, 2);

    private static Tensor Positive(Random random, int[] shape) => Rand.Uniform(random, shape, 0.2, 3);

    private static Tensor AwayFromZero(Random random, int[] shape) => Rand.AwayFromZero(random, shape, 0.1, 2);

    /// <summary>Two operands whose broadcast pairs are at least 0.05 apart: no tie within reach of a finite-difference step.</summary>
    private static (Tensor, Tensor) Separated(Random random, int[] shapeA, int[] shapeB)
    {
        while (true)
        {
            var a = Rand.Uniform(random, shapeA, -3, 3);
            var b = Rand.Uniform(random, shapeB, -3, 3);
            var gap = Reference.Binary(Ref.Of(a), Ref.Of(b), (x, y) => Math.Abs(x - y)).Data.DefaultIfEmpty(1).Min();
            if (gap >= 0.05)
            {
                return (a, b);
            }
        }
    }
}
