namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Second derivatives through nested tapes: the inner tape's gradient computation runs ops that the outer tape
/// records, so differentiating it again works only if every pullback is itself written with differentiable ops.
/// Checked against the analytic second derivatives, elementwise and for a few ops that mix elements; the ops that mix
/// elements are checked to float rounding in <see cref="StructuralHessianTests"/>.
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

    private static void AssertClose(string what, double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: got {actual:R}, expected {expected:R}");
}
