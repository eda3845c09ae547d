namespace DiffGen.Runtime.Tests.Generated;

/// <summary>Lifted functions for the second-order tests: one straight-line, one with a loop (no second order).</summary>
public static partial class SecondOrderFunctions
{
    /// <summary>A Gaussian bump with a kink-free cubic: exercises exp, products, a quotient and a constant.</summary>
    [Differentiable, TapeOp]
    public static float Bump(float x, [NoDerivative] float width) => (x * x * x / 6f) + MathF.Exp(-(x * x) / width);

    /// <summary>x·(1 + x + x²/2 + …), a loop: its pullback is not straight-line code.</summary>
    [Differentiable, TapeOp]
    public static float SeriesWithLoop(float x)
    {
        var sum = 0f;
        var term = 1f;
        for (var k = 1; k <= 4; k++)
        {
            sum += term;
            term *= x / k;
        }

        return x * sum;
    }
}

/// <summary>
/// Second derivatives of lifted elementwise ops through nested tapes: the backward node differentiates in x with
/// the generated <c>PullbackTangent</c> (forward mode over the pullback). Checked against the analytic second
/// derivative, the built-in composition under the same nested tapes, and extrapolated central differences of the
/// function in double: never against the generated code itself.
/// </summary>
public sealed class LiftedOpSecondOrderTests
{
    private static readonly float[] Points = [-3f, -1.2f, -0.25f, 0f, 0.3f, 1f, 2.5f];

    private static double SwishSecond(double x)
    {
        var s = 1 / (1 + Math.Exp(-x));
        return s * (1 - s) * (2 + (x * (1 - (2 * s))));
    }

    /// <summary>Swish′(x) = s + x·s·(1 − s), s = σ(x), in double.</summary>
    private static double SwishFirst(double x)
    {
        var s = 1 / (1 + Math.Exp(-x));
        return s + (x * s * (1 - s));
    }

    private static double BumpSecond(double x, double width)
    {
        var e = Math.Exp(-(x * x) / width);
        return x + (e * (((4 * x * x) / (width * width)) - (2 / width)));
    }

    /// <summary>(∂/∂x of Σ upstream·f′(x)) via an inner tape for f′ and an outer one for its derivative.</summary>
    internal static (Tensor First, Tensor? Second) Derivatives(Tensor x, Func<Tensor, Tensor> f, Tensor? upstream = null)
    {
        using var outer = new GradientTape();
        outer.Watch(x);
        Tensor first;
        using (var inner = new GradientTape())
        {
            inner.Watch(x);
            first = inner.Gradient(Ops.ReduceSum(f(x)), x);
        }

        var target = upstream is null ? Ops.ReduceSum(first) : Ops.ReduceSum(first * upstream);
        return (first, outer.Gradient(target, x));
    }

    [Fact]
    public void SwishOp_second_derivative_matches_the_analytic_one_and_the_builtin_composition()
    {
        var x = Tensor.From(Points, Points.Length);
        var (_, lifted) = Derivatives(x, LiftedFunctions.SwishOp);
        var (_, builtIn) = Derivatives(x, t => t * Ops.Sigmoid(t));
        for (var i = 0; i < Points.Length; i++)
        {
            Assert.Equal(SwishSecond(Points[i]), lifted!.AsSpan()[i], 5);
            Assert.Equal(builtIn!.AsSpan()[i], lifted.AsSpan()[i], 5);
        }
    }

    [Fact]
    public void A_second_derivative_with_constants_and_an_upstream_vector_is_a_hessian_vector_product()
    {
        const float Width = 1.7f;
        var x = Tensor.From(Points, Points.Length);
        var v = Tensor.From([.. Points.Select((_, i) => 0.5f - (0.3f * i))], Points.Length);
        var (_, second) = Derivatives(x, t => SecondOrderFunctions.BumpOp(t, Width), upstream: v);
        for (var i = 0; i < Points.Length; i++)
        {
            Assert.Equal(v.AsSpan()[i] * BumpSecond(Points[i], Width), second!.AsSpan()[i], 4);
        }
    }

    [Fact]
    public void The_second_derivative_matches_extrapolated_central_differences_in_double()
    {
        const float Width = 0.9f;
        foreach (var point in Points)
        {
            var (_, second) = Derivatives(Tensor.From([point], 1), t => SecondOrderFunctions.BumpOp(t, Width));
            var reference = SecondDifference(x => (x * x * x / 6) + Math.Exp(-(x * x) / Width), point);
            AssertFloatClose(reference, second!.Item, $"Bump″ at {point}");
        }
    }

    [Fact]
    public void The_backward_stays_linear_in_the_upstream_gradient_under_a_nested_tape()
    {
        var x = Tensor.From(Points, Points.Length);
        var upstream = Tensor.From([.. Points.Select(p => p + 1f)], Points.Length);
        using var outer = new GradientTape();
        outer.Watch(upstream);
        Tensor dx;
        using (var inner = new GradientTape())
        {
            inner.Watch(x);
            dx = inner.Gradient(LiftedFunctions.SwishOp(x), x, outputGradients: upstream);
        }

        var slope = outer.Gradient(Ops.ReduceSum(dx), upstream); // ∂(Σ dy·f′(x))/∂dy = f′(x)
        for (var i = 0; i < Points.Length; i++)
        {
            AssertFloatClose(SwishFirst(Points[i]), slope.AsSpan()[i], $"Swish′ at {Points[i]}");
        }
    }

    /// <summary>
    /// f″(x) by central second differences in double, Richardson-extrapolated from steps h and h/2: the error is
    /// O(h⁴) ≈ 1e-8 for h = 0.01 on these smooth functions, and rounding ε·|f|/h² ≈ 1e-11; far below float's ε.
    /// </summary>
    private static double SecondDifference(Func<double, double> f, double x)
    {
        double D(double h) => (f(x + h) - (2 * f(x)) + f(x - h)) / (h * h);
        const double H = 0.01;
        return ((4 * D(H / 2)) - D(H)) / 3;
    }

    /// <summary>
    /// A float result against a double reference. The op computes in float a few operations deep (each rounding by
    /// ½ ε, exp within 1 ulp) on exact float inputs, with terms no larger than a few units, so its absolute error is
    /// a few ε·max(1, |value|) (worst observed 1.6 ε: Bump″ at −1.2, where x and the exponential's term cancel);
    /// 16 ε (1.9e-6) leaves room for that and still rejects an error of 1e-5.
    /// </summary>
    private static void AssertFloatClose(double expected, float actual, string what)
    {
        const double Allowed = 16 * 1.1920928955078125e-7;
        var error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));
        Assert.True(error <= Allowed, $"{what}: got {actual:R}, expected {expected:R} (error {error:E2} of max(1, |expected|), allowed {Allowed:E2})");
    }

    [Fact]
    public void A_third_derivative_is_an_error_that_says_so()
    {
        var x = Tensor.From([0.4f], 1);
        using var third = new GradientTape();
        third.Watch(x);
        Tensor? second;
        using (var outer = new GradientTape())
        {
            outer.Watch(x);
            Tensor first;
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                first = inner.Gradient(Ops.ReduceSum(LiftedFunctions.SwishOp(x)), x);
            }

            second = outer.Gradient(Ops.ReduceSum(first), x);
        }

        var error = Assert.Throws<NotSupportedException>(() => third.Gradient(Ops.ReduceSum(second!), x));
        Assert.Contains("LiftedFunctions.Swish", error.Message, StringComparison.Ordinal);
        Assert.Contains("third", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_op_whose_pullback_has_a_loop_is_first_order_only_and_says_so()
    {
        var x = Tensor.From([0.5f, -0.7f], 2);
        var error = Assert.Throws<NotSupportedException>(() => Derivatives(x, SecondOrderFunctions.SeriesWithLoopOp));
        Assert.Contains("SecondOrderFunctions.SeriesWithLoop", error.Message, StringComparison.Ordinal);
        Assert.Contains("straight-line", error.Message, StringComparison.Ordinal);
    }
}
