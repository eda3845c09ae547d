namespace DiffGen;

public static partial class Ops
{
    private const float InverseSqrt2 = 0.70710678f;
    private const float InverseSqrt2Pi = 0.39894228f;

    /// <summary>
    /// log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so that it neither overflows nor loses small values (for
    /// x &lt; −17, 1 + e^−|x| is 1 in float: written as log(1 + …) the result would be 0 instead of ≈ eˣ).
    /// </summary>
    public static Tensor Softplus(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, static (source, destination) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var v = source[i];
                destination[i] = MathF.Max(v, 0f) + LogOnePlus(MathF.Exp(-MathF.Abs(v)));
            }
        });
        return TapeRecorder.Record("Softplus", y, [x], (dy, _) => [dy * Sigmoid(x)]);
    }

    /// <summary>x for x &gt; 0, else α(eˣ − 1).</summary>
    public static Tensor Elu(Tensor x, float alpha = 1f)
    {
        var y = ElementwiseKernels.Where(Greater(x, 0f), x, Tensor.Scalar(alpha) * ElementwiseKernels.Map(x, ExpMinusOneValues));
        return TapeRecorder.Record("Elu", y, [x], (dy, _) => [dy * Where(Greater(x, 0f), 1f, y + alpha)]);
    }

    /// <summary>x for x &gt; 0, else <paramref name="negativeSlope"/>·x (Keras' function default slope is 0.2).</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.2f)
    {
        var y = ElementwiseKernels.Where(Greater(x, 0f), x, x * negativeSlope);
        return TapeRecorder.Record("LeakyRelu", y, [x], (dy, _) => [dy * Where(Greater(x, 0f), 1f, negativeSlope)]);
    }

    /// <summary>The error function erf x.</summary>
    public static Tensor Erf(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, ErfValues);
        return TapeRecorder.Record("Erf", y, [x], (dy, _) => [dy * 1.1283791f * Exp(-Square(x))]);
    }

    /// <summary>
    /// The Gaussian error linear unit x·Φ(x) with the exact erf (Keras' default), or its tanh approximation
    /// 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) when <paramref name="approximate"/>.
    /// </summary>
    public static Tensor Gelu(Tensor x, bool approximate = false)
    {
        if (approximate)
        {
            return 0.5f * x * (1f + Tanh(0.7978846f * (x + (0.044715f * x * x * x))));
        }

        var cdf = 0.5f * (1f + ElementwiseKernels.Map(x * InverseSqrt2, ErfValues));
        var y = ElementwiseKernels.Binary("Gelu", x, cdf, BinaryOp.Multiply);

        // d/dx x·Φ(x) = Φ(x) + x·φ(x).
        return TapeRecorder.Record("Gelu", y, [x], (dy, _) => [dy * ((0.5f * (1f + Erf(x * InverseSqrt2))) + (x * InverseSqrt2Pi * Exp(-0.5f * Square(x))))]);
    }

    /// <summary>
    /// log(1 + e) to a few ulps also for tiny e (Goldberg's log1p: the rounding of u = 1 + e cancels between log u and
    /// u − 1; float has no accurate log1p — float.LogP1 is log(1 + e) as written).
    /// </summary>
    private static float LogOnePlus(float e)
    {
        var u = 1f + e;
        return u == 1f ? e : MathF.Log(u) * e / (u - 1f);
    }

    /// <summary>
    /// eˣ − 1 of every element (the negative branch of <see cref="Elu"/>), accurate near 0 where exp(x) − 1 cancels:
    /// there a 1-ulp error of exp (TensorPrimitives.Exp gave 1 + 2⁻²³ for 0) made Elu(0) and Elu(−1e-30) positive.
    /// Kahan's expm1 in double, rounded once.
    /// </summary>
    private static void ExpMinusOneValues(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            double x = source[i], u = Math.Exp(x);
            destination[i] = (float)(u == 1 ? x : u - 1 == -1 ? -1 : (u - 1) * x / Math.Log(u));
        }
    }

    /// <summary>erf of every element (the forward kernel of <see cref="Erf"/> and of the exact <see cref="Gelu"/>).</summary>
    private static void ErfValues(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (float)SpecialFunctions.Erf(source[i]);
        }
    }
}
