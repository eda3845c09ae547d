using static DiffGen.Runtime.Tests.OpTests.PointwiseCheck;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The elementary unary ops held to the same float32 rounding bounds as <see cref="MoreActivationsTests"/> (the other
/// tests allow 1e-6 on values, 1e-4 on gradients): value, first derivative against central differences of the double
/// function, second derivative through nested tapes against the analytic one. The vectorised kernels
/// (TensorPrimitives) are not correctly rounded — its tanh is 1.7 ulp off at −0.2 — and are taken to be within 2 ulp
/// (≤ 4u relative, as measured for the lifted ops' vector bodies); every other operation rounds once (≤ u).
/// </summary>
public class ElementaryPointwiseTests
{
    private static readonly float[] Signed = [-4f, -2.5f, -1.3f, -0.7f, -0.2f, 0.15f, 0.6f, 1.1f, 1.9f, 3f, 4f];

    /// <summary>Positive points away from 1 (where log's relative error is not meaningful).</summary>
    private static readonly float[] Positive = [0.05f, 0.3f, 0.7f, 1.6f, 2.5f, 7f, 30f];

    private sealed record Case(
        Func<Tensor, Tensor> Op,
        Func<double, double> F,
        Func<double, double> D2,
        float[] Points,
        Func<double, double> ValueBound,
        Func<double, double> GradientBound,
        Func<double, double> SecondBound);

    private static double Sigma(double x) => Reference.Sigmoid(x);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // eˣ (≤ 4u); its pullback dy·y reuses the value; the second derivative multiplies once more.
        ["Exp"] = new(Ops.Exp, Math.Exp, Math.Exp, Signed, x => 4 * U * Math.Exp(x), x => 4 * U * Math.Exp(x), x => 5 * U * Math.Exp(x)),

        // log x (≤ 4u); dy/x (≤ u); −dy·(dy/x)/x (three roundings).
        ["Log"] = new(Ops.Log, Math.Log, x => -1 / (x * x), Positive, x => 4 * U * Math.Abs(Math.Log(x)), x => U / x, x => 3 * U / (x * x)),

        // √x correctly rounded (≤ u); dy/(2y): y and the quotient (≤ 2u); the second derivative adds the quotient
        // rule's three roundings on top of the first derivative's two.
        ["Sqrt"] = new(Ops.Sqrt, Math.Sqrt, x => -0.25 / (x * Math.Sqrt(x)), Positive, x => U * Math.Sqrt(x), x => 2 * U * 0.5 / Math.Sqrt(x), x => 5 * U * 0.25 / (x * Math.Sqrt(x))),

        // x·x (≤ u); dy·2·x and 2 are exact.
        ["Square"] = new(Ops.Square, x => x * x, _ => 2, Signed, x => U * x * x, _ => 0, _ => 0),

        // Exact: −x, |x|, max(x, 0), and derivatives −1, sign x, [x > 0]; no second derivative.
        ["Negate"] = new(Ops.Negate, x => -x, _ => 0, Signed, _ => 0, _ => 0, _ => 0),
        ["Abs"] = new(Ops.Abs, Math.Abs, _ => 0, Signed, _ => 0, _ => 0, _ => 0),
        ["Relu"] = new(Ops.Relu, x => Math.Max(x, 0), _ => 0, Signed, _ => 0, _ => 0, _ => 0),

        // sin and cos (≤ 4u each); the derivatives are the other function times dy (exact for dy = 1), the second
        // derivatives one product more.
        ["Sin"] = new(Ops.Sin, Math.Sin, x => -Math.Sin(x), Signed, x => 4 * U * Math.Abs(Math.Sin(x)), x => 4 * U * Math.Abs(Math.Cos(x)), x => 5 * U * Math.Abs(Math.Sin(x))),
        ["Cos"] = new(Ops.Cos, Math.Cos, x => -Math.Cos(x), Signed, x => 4 * U * Math.Abs(Math.Cos(x)), x => 4 * U * Math.Abs(Math.Sin(x)), x => 5 * U * Math.Abs(Math.Cos(x))),

        // tanh (≤ 4u). 1 − y²: y² is off by ≤ 9u·t² absolute (y's 4u doubled, one rounding), the subtraction rounds
        // (≤ u·(1 − t²)). The second derivative −2y·(1 − y²) multiplies that by 2|t| with two more roundings.
        ["Tanh"] = new(Ops.Tanh, Math.Tanh, x => -2 * Math.Tanh(x) * TanhDerivative(x), Signed,
            x => 4 * U * Math.Abs(Math.Tanh(x)),
            x => TanhDerivativeBound(x),
            x => 2 * Math.Abs(Math.Tanh(x)) * (TanhDerivativeBound(x) + (4 * U * TanhDerivative(x)))),

        // σ = 1/(1 + e⁻ˣ): exp, add, divide (≤ 6u). y·(1 − y): y's 6u and the product's u (≤ 7u·σ(1 − σ)), and y
        // times the error of 1 − y (≤ 6u·σ + u·(1 − σ) absolute). The second derivative y′·(1 − y) − y·y′ with y′ = y(1 − y): y′'s error (the first derivative's bound,
        // as (1 − y) + y = 1), y′ times the errors of 1 − y and y, and three more roundings.
        ["Sigmoid"] = new(Ops.Sigmoid, Sigma, x => Sigma(x) * (1 - Sigma(x)) * (1 - (2 * Sigma(x))), Signed,
            x => 6 * U * Sigma(x),
            x => SigmoidDerivativeBound(x),
            x => SigmoidDerivativeBound(x) + (Sigma(x) * (1 - Sigma(x)) * ((12 * U * Sigma(x)) + (U * (1 - Sigma(x))) + (3 * U)))),
    };

    private static double TanhDerivative(double x) => 1 - (Math.Tanh(x) * Math.Tanh(x));

    private static double TanhDerivativeBound(double x) => (9 * U * Math.Tanh(x) * Math.Tanh(x)) + (U * TanhDerivative(x));

    private static double SigmoidDerivativeBound(double x) => (Sigma(x) * ((6 * U * Sigma(x)) + (U * (1 - Sigma(x))))) + (7 * U * Sigma(x) * (1 - Sigma(x)));

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Value_first_and_second_derivative_to_float_rounding(string name)
    {
        var c = Cases[name];
        Value(name, c.Op, c.Points, c.F, c.ValueBound);
        Gradient(name, c.Op, c.Points, c.F, c.GradientBound);
        SecondDerivative(name, c.Op, c.Points, c.D2, c.SecondBound);
    }
}
