namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Second derivatives through nested tapes: the inner tape's gradient computation runs ops that the outer tape
/// records, so differentiating it again works only if every pullback is itself written with differentiable ops.
/// Checked against the analytic second derivatives, elementwise and for a few ops that mix elements.
/// </summary>
public class SecondDerivativeTests
{
    private static readonly float[] Points = [-1.7f, -0.6f, 0.3f, 1.1f, 2f];

    public static TheoryData<string> Functions => [.. Cases.Keys];

    /// <summary>f as tensor ops, f' and f'' in closed form, and where the points may go.</summary>
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, Func<double, double> D1, Func<double, double> D2, bool PositiveOnly)> Cases = new()
    {
        ["exp"] = (Ops.Exp, Math.Exp, Math.Exp, false),
        ["tanh"] = (Ops.Tanh, x => 1 - (Math.Tanh(x) * Math.Tanh(x)), x => -2 * Math.Tanh(x) * (1 - (Math.Tanh(x) * Math.Tanh(x))), false),
        ["sigmoid"] = (Ops.Sigmoid, x => Reference.Sigmoid(x) * (1 - Reference.Sigmoid(x)), x => Reference.Sigmoid(x) * (1 - Reference.Sigmoid(x)) * (1 - (2 * Reference.Sigmoid(x))), false),
        ["x*x*x"] = (x => x * x * x, x => 3 * x * x, x => 6 * x, false),
        ["Pow(x, 3)"] = (x => Ops.Pow(x, 3f), x => 3 * x * x, x => 6 * x, false),
        ["Pow(x, 2.5)"] = (x => Ops.Pow(x, 2.5f), x => 2.5 * Math.Pow(x, 1.5), x => 3.75 * Math.Sqrt(x), true),
        ["Pow(2, x)"] = (x => Ops.Pow(2f, x), x => Math.Pow(2, x) * Math.Log(2), x => Math.Pow(2, x) * Math.Log(2) * Math.Log(2), false),
        ["sin"] = (Ops.Sin, Math.Cos, x => -Math.Sin(x), false),
        ["cos"] = (Ops.Cos, x => -Math.Sin(x), x => -Math.Cos(x), false),
        ["log"] = (Ops.Log, x => 1 / x, x => -1 / (x * x), true),
        ["sqrt"] = (Ops.Sqrt, x => 0.5 / Math.Sqrt(x), x => -0.25 / (x * Math.Sqrt(x)), true),
        ["square"] = (Ops.Square, x => 2 * x, _ => 2, false),
        ["1/x"] = (x => 1f / x, x => -1 / (x * x), x => 2 / (x * x * x), false),
        ["x/(1+x²)"] = (x => x / (1f + Ops.Square(x)), x => (1 - (x * x)) / ((1 + (x * x)) * (1 + (x * x))), x => 2 * x * ((x * x) - 3) / Math.Pow(1 + (x * x), 3), false),
        ["relu(x)·x"] = (x => Ops.Relu(x) * x, x => x > 0 ? 2 * x : 0, x => x > 0 ? 2 : 0, false),
        ["abs(x)·x"] = (x => Ops.Abs(x) * x, x => 2 * Math.Abs(x), x => 2 * Math.Sign(x), false),
        ["max(x, 0.5)²"] = (x => Ops.Square(Ops.Maximum(x, 0.5f)), x => x > 0.5 ? 2 * x : 0, x => x > 0.5 ? 2 : 0, false),
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public void Nested_tapes_give_the_analytic_second_derivative(string name)
    {
        var (f, d1, d2, positiveOnly) = Cases[name];
        var x = Tensor.From(positiveOnly ? [.. Points.Select(Math.Abs)] : Points);
        Tensor first, second;
        using (var outer = new GradientTape())
        {
            outer.Watch(x);
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                first = inner.Gradient(Ops.ReduceSum(f(x)), x);
            }

            second = outer.Gradient(first, x);
        }

        for (var i = 0; i < x.Size; i++)
        {
            double xi = x.ToArray()[i];
            AssertClose($"{name}' at {xi}", d1(xi), first.ToArray()[i]);
            AssertClose($"{name}'' at {xi}", d2(xi), second.ToArray()[i]);
        }
    }

    [Fact]
    public void Third_derivative_of_x_to_the_fourth_through_three_tapes()
    {
        var x = Tensor.Scalar(1.5f);
        using var t3 = new GradientTape();
        t3.Watch(x);
        using var t2 = new GradientTape();
        t2.Watch(x);
        using var t1 = new GradientTape();
        t1.Watch(x);
        var y = x * x * x * x;
        var d1 = t1.Gradient(y, x);
        var d2 = t2.Gradient(d1, x);
        var d3 = t3.Gradient(d2, x);
        Assert.Equal(4 * 1.5 * 1.5 * 1.5, d1.Item, 4);
        Assert.Equal(12 * 1.5 * 1.5, d2.Item, 4);
        Assert.Equal(24 * 1.5, d3.Item, 4);
    }

    [Fact]
    public void Mixed_partial_of_a_product_of_two_tensors()
    {
        // f = Σ x·y² → ∂f/∂x = y², ∂²f/∂y∂x = 2y.
        var x = Tensor.From([1f, 2f, 3f]);
        var y = Tensor.From([-1f, 0.5f, 2f]);
        Tensor dx, dxy;
        using (var outer = new GradientTape())
        {
            outer.Watch(y);
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                dx = inner.Gradient(Ops.ReduceSum(x * Ops.Square(y)), x);
            }

            dxy = outer.Gradient(dx, y);
        }

        Assert.Equal(new[] { 1f, 0.25f, 4f }, dx.ToArray());
        Assert.Equal(new[] { -2f, 1f, 4f }, dxy.ToArray());
    }

    public static TheoryData<string> HessianCases => [.. Hessians.Keys];

    /// <summary>Functions of one or more tensors (their shapes given) whose Hessian-vector products are checked.</summary>
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> G, int[][] Shapes)> Hessians = new()
    {
        ["Softmax"] = (t => Ops.Softmax(t[0]), [[2, 4]]),
        ["LogSoftmax axis 0"] = (t => Ops.LogSoftmax(t[0], 0), [[3, 2]]),
        ["MatMul(x, x)"] = (t => Ops.MatMul(t[0], t[0]), [[3, 3]]),
        ["MatMul(xᵀ, x)"] = (t => Ops.MatMul(t[0], t[0], transposeA: true), [[3, 3]]),
        ["MatMul(x, xᵀ)"] = (t => Ops.MatMul(t[0], t[0], transposeB: true), [[3, 3]]),
        ["MatMul(xᵀ, xᵀ)"] = (t => Ops.MatMul(t[0], t[0], true, true), [[3, 3]]),
        ["MatMul(a, b)²"] = (t => Ops.Square(Ops.MatMul(t[0], t[1])), [[2, 3], [3, 2]]),
        ["MatMul(aᵀ, b)²"] = (t => Ops.Square(Ops.MatMul(t[0], t[1], transposeA: true)), [[3, 2], [3, 2]]),
        ["MatMul(a, bᵀ)²"] = (t => Ops.Square(Ops.MatMul(t[0], t[1], transposeB: true)), [[2, 3], [2, 3]]),
        ["MatMul(aᵀ, bᵀ)²"] = (t => Ops.Square(Ops.MatMul(t[0], t[1], true, true)), [[3, 2], [2, 3]]),
        ["ReduceMean(x, 1)²"] = (t => Ops.Square(Ops.ReduceMean(t[0], 1)), [[2, 3]]),
        ["ReduceSum·ReduceMax"] = (t => Ops.ReduceSum(t[0], 0) * Ops.ReduceMax(t[0], 1, keepDims: true), [[2, 3]]),
        ["Concat + Slice"] = (t => Ops.Square(Ops.Concat([t[0], Ops.Slice(t[0], 1, 1, 1)], 1)), [[2, 3]]),
        ["Transpose·Divide"] = (t => Ops.Transpose(t[0]) / Ops.Transpose(Ops.Square(t[0]) + 1f), [[2, 3]]),
        ["BroadcastTo·Sigmoid"] = (t => Ops.Sigmoid(Ops.BroadcastTo(t[0], new Shape(2, 2, 3))) * Tensor.From([.. Enumerable.Range(0, 12).Select(i => (float)i)], 2, 2, 3), [[2, 1, 3]]),
        ["Where·Sin"] = (t => Ops.Where(Tensor.From([1f, 0f, 1f]), Ops.Sin(t[0]), Ops.Cos(t[0])), [[2, 3]]),
        ["a·b broadcast"] = (t => t[0] * t[1] * t[1], [[2, 3], [3]]),
        ["a / b"] = (t => t[0] / (t[1] + 2f), [[2, 3], [2, 1]]),
        ["a − b, squared"] = (t => Ops.Square(t[0] - t[1]), [[3], [2, 3]]),
        ["Pow(a, b)"] = (t => Ops.Pow(t[0] + 2f, t[1]), [[2, 3], [3]]),
        ["Maximum(a, b)·a"] = (t => Ops.Maximum(t[0], t[1]) * t[0], [[2, 3], [2, 3]]),
        ["Minimum(a, b)·b"] = (t => Ops.Minimum(t[0], t[1]) * t[1], [[3], [2, 3]]),
        ["Exp(a)·Tanh(b)"] = (t => Ops.Exp(t[0]) * Ops.Tanh(t[1]), [[2, 2], [2, 2]]),
    };

    [Theory]
    [MemberData(nameof(HessianCases))]
    public void Hessian_vector_products_match_differences_of_the_gradient(string name)
    {
        // For L(x) = Σ w·g(x) over all inputs x = (x₀, x₁, …), the outer gradient of ⟨∇L(x), v⟩ is H·v. Compare with
        // central differences of the first-order tape gradient (itself checked against the double reference
        // elsewhere), evaluated in float: ε = 1e-2 keeps rounding (~1e-7/ε) and truncation (~ε²) near 1e-4.
        var (g, shapes) = Hessians[name];
        var random = new Random(name.Length);
        var x = shapes.Select(s => Rand.Uniform(random, s, -1, 1)).ToArray();
        var w = Tensor.RandomNormal(g(x).Shape, 5);
        var v = shapes.Select((s, i) => Tensor.RandomNormal(new Shape(s), 6 + i)).ToArray();

        Tensor[] Gradient(Tensor[] at)
        {
            using var tape = new GradientTape();
            foreach (var input in at)
            {
                tape.Watch(input);
            }

            return [.. tape.Gradient(Ops.ReduceSum(g(at) * w), at).Select(d => d!)];
        }

        Tensor?[] hv;
        using (var outer = new GradientTape())
        {
            foreach (var input in x)
            {
                outer.Watch(input);
            }

            var gradient = Gradient(x);
            var inner = gradient.Select((d, i) => Ops.ReduceSum(d * v[i])).Aggregate((p, q) => p + q);
            hv = outer.Gradient(inner, x, unconnectedGradients: UnconnectedGradients.Zero);
        }

        const float epsilon = 1e-2f;
        var plus = Gradient([.. x.Select((t, i) => t + (epsilon * v[i]))]);
        var minus = Gradient([.. x.Select((t, i) => t - (epsilon * v[i]))]);
        for (var input = 0; input < x.Length; input++)
        {
            var fd = ((plus[input] - minus[input]) / (2 * epsilon)).ToArray();
            var actual = hv[input]!.ToArray();
            for (var i = 0; i < fd.Length; i++)
            {
                Assert.True(
                    Math.Abs(fd[i] - actual[i]) <= 2e-2 * Math.Max(1, Math.Abs(fd[i])),
                    $"{name}: (H·v) of input {input} at {i} = {actual[i]}, central differences of the gradient give {fd[i]}");
            }
        }
    }

    private static void AssertClose(string what, double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: got {actual:R}, expected {expected:R}");
}
