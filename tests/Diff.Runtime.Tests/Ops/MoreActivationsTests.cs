using static DiffGen.Runtime.Tests.OpTests.PointwiseCheck;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Softplus, Elu, LeakyRelu, Erf and Gelu (exact and tanh-approximate): value, first and second derivative at chosen
/// points against double references (<see cref="PointwiseCheck"/>), each to a bound on the float32 rounding of the
/// op's own formula, derived beside it in units of u = 2⁻²⁴. A pullback constant off in its 5th digit (Erf's 2/√π
/// written 1.1283) is ~1200u away, so these bounds catch it where a 1e-4 tolerance would not.
/// </summary>
public class MoreActivationsTests
{
    /// <summary>Both signs, 0, both sides of 0.5 (where the runtime's erf switches from series to fit) and the tails.</summary>
    private static readonly float[] Points = [-6f, -4f, -3f, -2.25f, -1.5f, -1f, -0.6f, -0.25f, -0.05f, 0f, 0.05f, 0.25f, 0.49f, 0.5f, 0.51f, 1f, 1.5f, 2.25f, 3f, 4f, 6f];

    /// <summary>Points away from 0 by far more than a finite-difference step, for the ops with a kink there.</summary>
    private static readonly float[] OffKink = [.. Points.Where(x => x != 0)];

    // ---- Softplus = log(1 + eˣ) ----

    private static readonly float[] SoftplusPoints = [-30f, -20f, -10f, .. Points, 10f, 20f, 30f];

    /// <summary>log(1 + e) to double precision also for tiny e, where 1 + e would round away most of e.</summary>
    private static double Log1P(double e) => e < 1e-4 ? e * (1 - (e * (0.5 - (e / 3)))) : Math.Log(1 + e);

    private static double Softplus(double x) => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x)));

    [Fact]
    public void Softplus_value_keeps_its_relative_precision_in_both_tails()
    {
        // Two non-negative terms, max(x, 0) and log(1 + e^−|x|), each a few roundings (exp, log1p, the sum): ≤ 8u
        // relative. log(1 + e) computed as written loses e's digits once 1 + e rounds (at x = −10 about 1e-3 relative).
        Value("Softplus", Ops.Softplus, SoftplusPoints, Softplus, x => 8 * U * Softplus(x));
    }

    [Fact]
    public void Softplus_derivative_is_the_sigmoid()
    {
        // σ(x) = 1/(1 + e^−x): exp, add, divide: ≤ 4u relative.
        Gradient("Softplus", Ops.Softplus, SoftplusPoints, Softplus, x => 4 * U * Reference.Sigmoid(x));
        SecondDerivative("Softplus", Ops.Softplus, SoftplusPoints, x => Reference.Sigmoid(x) * (1 - Reference.Sigmoid(x)), x => 8 * U * Reference.Sigmoid(x));
    }

    [Fact]
    public void Softplus_of_large_inputs_neither_overflows_nor_saturates_its_gradient_wrongly()
    {
        var x = Tensor.From([-100f, 100f, 1000f]);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Softplus(x);
        var gradient = tape.Gradient(Ops.ReduceSum(y), x).ToArray();
        Assert.Equal(new[] { 100f, 1000f }, y.ToArray()[1..]);
        Assert.InRange(y.ToArray()[0], 0f, 1e-43f);
        Assert.Equal(new[] { 0f, 1f, 1f }, gradient);
    }

    // ---- Elu = x for x > 0, else α(eˣ − 1) ----

    public static TheoryData<float> Alphas => [1f, 0.5f, 2.5f];

    private static double Elu(double x, double alpha) => x > 0 ? x : alpha * (Math.Exp(x) - 1);

    [Theory]
    [MemberData(nameof(Alphas))]
    public void Elu_value_and_derivatives(float alpha)
    {
        // x > 0 passes through exactly. Below, eˣ − 1 is rounded once from double (≤ u relative) and times α once more
        // (α is exact in float): ≤ 2u|y|. The derivative y + α adds one rounding (≤ u·αeˣ); so does the second
        // derivative, αeˣ, which differentiates y + α through Elu's own pullback (0 above).
        Value($"Elu α={alpha}", x => Ops.Elu(x, alpha), Points, x => Elu(x, alpha), x => 2 * U * Math.Abs(Elu(x, alpha)));
        Gradient($"Elu α={alpha}", x => Ops.Elu(x, alpha), OffKink, x => Elu(x, alpha), x => x > 0 ? 0 : EluDerivativeBound(x, alpha));
        SecondDerivative($"Elu α={alpha}", x => Ops.Elu(x, alpha), OffKink, x => x > 0 ? 0 : alpha * Math.Exp(x), x => x > 0 ? 0 : EluDerivativeBound(x, alpha));
    }

    private static double EluDerivativeBound(double x, double alpha) => (2 * U * Math.Abs(Elu(x, alpha))) + (U * alpha * Math.Exp(x));

    [Fact]
    public void Elu_kink_takes_the_left_branch_at_0_and_the_right_just_above()
    {
        // Greater(x, 0) is false at ±0: the gradient there is y + α = α (TensorFlow's EluGrad); 1 for any x > 0.
        var x = Tensor.From([-0f, 0f, 1e-30f, -1e-30f]);
        Assert.Equal(new[] { 0f, 0f, 1e-30f, -5e-31f }, Ops.Elu(x, 0.5f).ToArray());
        Assert.Equal(new[] { 0.5f, 0.5f, 1f, 0.5f }, Derivative(t => Ops.Elu(t, 0.5f), x));
        Assert.Equal(-0.5f, Ops.Elu(Tensor.From([-100f]), 0.5f).Item);
    }

    // ---- LeakyRelu = x for x > 0, else s·x ----

    public static TheoryData<double> Slopes => [0.2, 0.3, 0.01, 1.5];

    [Theory]
    [MemberData(nameof(Slopes))]
    public void LeakyRelu_value_and_derivatives(double slope)
    {
        // s is rounded to float (≤ u·s) and s·x once more (≤ u|y|): ≤ 2u|y| below 0, exact above. The derivative is s
        // as a float (≤ u·s) or 1; the second derivative is 0: the pullback multiplies by constants only.
        var s = (float)slope;
        Value($"LeakyRelu s={slope}", x => Ops.LeakyRelu(x, s), Points, x => x > 0 ? x : slope * x, x => x > 0 ? 0 : 2 * U * slope * Math.Abs(x));
        Gradient($"LeakyRelu s={slope}", x => Ops.LeakyRelu(x, s), OffKink, x => x > 0 ? x : slope * x, x => x > 0 ? 0 : U * slope);
        SecondDerivative($"LeakyRelu s={slope}", x => Ops.LeakyRelu(x, s), OffKink, _ => 0, _ => 0);
    }

    [Fact]
    public void LeakyRelu_defaults_to_the_functions_slope_0_2_and_takes_the_slope_at_0()
    {
        var x = Tensor.From([-0f, 0f, 1e-30f, -2f]);
        Assert.Equal(new[] { -0f, 0f, 1e-30f, -0.4f }, Ops.LeakyRelu(x).ToArray());
        Assert.Equal(new[] { 0.2f, 0.2f, 1f, 0.2f }, Derivative(t => Ops.LeakyRelu(t), x));
    }

    // ---- Erf ----

    [Fact]
    public void Erf_value_and_derivatives()
    {
        // The runtime's double erf is good to 1.2e-7·erfc|x| absolute (Numerical Recipes' fit; its series below 0.5 to
        // ~1e-9 relative), then rounds to float (≤ u|erf|).
        Value("Erf", Ops.Erf, Points, ErfReference.Erf, x => (U * Math.Abs(ErfReference.Erf(x))) + (1e-9 * Math.Abs(x)) + (1.2e-7 * (1 - Math.Abs(ErfReference.Erf(x)))));

        // (2/√π)·exp(−x²): x² rounds (≤ u·x² absolute in the exponent, so ≤ u·x² relative after exp), exp (≤ 2u), the
        // constant 1.1283791f (≤ u) and one product (≤ u): ≤ (4 + x²)u relative.
        Gradient("Erf", Ops.Erf, Points, ErfReference.Erf, x => (4 + (x * x)) * U * ErfReference.Derivative(x));

        // −2x·(2/√π)·exp(−x²), through the Exp and Square pullbacks: two more products than the first derivative.
        SecondDerivative("Erf", Ops.Erf, Points, x => -2 * x * ErfReference.Derivative(x), x => (6 + (x * x)) * U * Math.Abs(2 * x * ErfReference.Derivative(x)));
    }

    [Fact]
    public void Erf_is_odd_and_saturates()
    {
        var x = Tensor.From([-10f, -0f, 0f, 10f, float.NaN]);
        var y = Ops.Erf(x).ToArray();
        Assert.Equal(new[] { -1f, 0f, 0f, 1f }, y[..4]);
        Assert.True(float.IsNaN(y[4]));
    }

    // ---- Gelu, exact: x·Φ(x) ----

    private static double Gelu(double x) => x * ErfReference.NormalCdf(x);

    [Fact]
    public void Gelu_exact_value_and_derivatives()
    {
        // Φ = ½(1 + erf(x/√2)) is computed to ≤ 3u absolute: x/√2 (≤ 2u relative, moving erf by ≤ u), erf's own error
        // (≤ u + 1.2e-7·erfc ≤ 3u) and 1 + erf (≤ 2u), halved. x·Φ adds ≤ u|y|.
        Value("Gelu", x => Ops.Gelu(x), Points, Gelu, x => (3 * U * Math.Abs(x)) + (U * Math.Abs(Gelu(x))));

        // Φ + x·φ: Φ as above (3u), x·φ with x² rounded in the exponent (≤ ½u·x² relative), exp (2u), the constants
        // and products (3u); the sum rounds once.
        Gradient("Gelu", x => Ops.Gelu(x), Points, Gelu, x => (3 * U) + ((5 + (0.5 * x * x)) * U * Math.Abs(x * ErfReference.NormalPdf(x))) + (U * Math.Abs(GeluDerivative(x))));

        // φ·(2 − x²): three terms, φ from Erf's pullback and φ − x²φ from the product rule on x·φ, each of magnitude
        // ≤ φ·(1 + x²) and relative error ≤ (8 + x²)u.
        SecondDerivative("Gelu", x => Ops.Gelu(x), Points, x => ErfReference.NormalPdf(x) * (2 - (x * x)), x => 3 * (8 + (x * x)) * U * ErfReference.NormalPdf(x) * (1 + (x * x)));
    }

    private static double GeluDerivative(double x) => ErfReference.NormalCdf(x) + (x * ErfReference.NormalPdf(x));

    // ---- Gelu, approximate: ½x(1 + tanh(c(x + a·x³))), c = √(2/π), a = 0.044715 ----

    private static readonly double C = Math.Sqrt(2 / Math.PI);
    private const double A = 0.044715;

    private static double Inner(double x) => C * (x + (A * x * x * x));

    private static double GeluApproximate(double x) => 0.5 * x * (1 + Math.Tanh(Inner(x)));

    [Fact]
    public void Gelu_approximate_value_and_derivatives()
    {
        // The argument u(x) = c(x + a·x³) takes ~6 roundings (≤ 6u·c(|x| + a|x|³) absolute), which tanh scales by
        // sech²u; tanh itself (≤ 2u), 1 + t (≤ 2u absolute) and the products by ½x (≤ u|y|).
        Value("Gelu approximate", x => Ops.Gelu(x, approximate: true), Points, GeluApproximate, x =>
            (0.5 * Math.Abs(x) * ((6 * U * C * (Math.Abs(x) + (A * Math.Abs(x * x * x))) * Sech2(x)) + (4 * U))) + (U * Math.Abs(GeluApproximate(x))));

        // ½(1 + t) + ½x(1 − t²)u′: the first term to 4u as above; 1 − t² loses ≤ 4u absolute to t's rounding, and the
        // rest of the second term is ~8 more roundings.
        Gradient("Gelu approximate", x => Ops.Gelu(x, approximate: true), Points, GeluApproximate, x =>
            (4 * U) + (0.5 * Math.Abs(x) * InnerDerivative(x) * ((8 * U * Sech2(x)) + (4 * U))));

        // (1 − t²)u′ + ½x[(1 − t²)u″ − 2t(1 − t²)u′²]: each term carries 1 − t² (≤ 4u absolute besides its ~10 roundings).
        SecondDerivative("Gelu approximate", x => Ops.Gelu(x, approximate: true), Points, GeluApproximateSecond, x =>
            ((12 * U * Sech2(x)) + (4 * U)) * (InnerDerivative(x) + (0.5 * Math.Abs(x) * ((6 * C * A * Math.Abs(x)) + (2 * InnerDerivative(x) * InnerDerivative(x))))));
    }

    private static double Sech2(double x) => 1 - (Math.Tanh(Inner(x)) * Math.Tanh(Inner(x)));

    private static double InnerDerivative(double x) => C * (1 + (3 * A * x * x));

    private static double GeluApproximateSecond(double x)
    {
        double t = Math.Tanh(Inner(x)), d = InnerDerivative(x), dd = 6 * C * A * x;
        return ((1 - (t * t)) * d) + (0.5 * x * (((1 - (t * t)) * dd) - (2 * t * (1 - (t * t)) * d * d)));
    }

    [Fact]
    public void Gelu_forms_differ_where_the_tanh_approximation_is_off()
    {
        // The two forms are Keras' approximate=False/True: they differ by 2e-4 to 5e-4 here, so 1e-6 (a few float ulps of
        // values below 3; the exact bounds are in the tests above) tells a swapped flag apart.
        var x = Tensor.From([-3f, -1.5f, 2.5f]);
        var exact = Ops.Gelu(x).ToArray();
        var approximate = Ops.Gelu(x, approximate: true).ToArray();
        for (var i = 0; i < x.Size; i++)
        {
            double v = x.ToArray()[i], gap = Math.Abs(Gelu(v) - GeluApproximate(v));
            Assert.True(gap > 1e-4, $"the references must differ at {v}");
            Assert.Equal(Gelu(v), exact[i], 1e-6);
            Assert.Equal(GeluApproximate(v), approximate[i], 1e-6);
        }
    }

    private static float[] Derivative(Func<Tensor, Tensor> f, Tensor x)
    {
        using var tape = new GradientTape();
        tape.Watch(x);
        return tape.Gradient(Ops.ReduceSum(f(x)), x).ToArray();
    }
}
