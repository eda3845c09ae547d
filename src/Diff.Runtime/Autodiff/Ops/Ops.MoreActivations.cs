using System.Numerics.Tensors;

namespace DiffGen;

public static partial class Ops
{
    private const float InverseSqrt2 = 0.70710678f;
    private const float InverseSqrt2Pi = 0.39894228f;

    /// <summary>log(1 + eˣ), computed as max(x, 0) + log(1 + e^−|x|) so that it neither overflows nor loses small values.</summary>
    public static Tensor Softplus(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, static (source, destination) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var v = source[i];
                destination[i] = MathF.Max(v, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(v)));
            }
        });
        return TapeRecorder.Record("Softplus", y, [x], (dy, _) => [dy * Sigmoid(x)]);
    }

    /// <summary>x for x &gt; 0, else α(eˣ − 1).</summary>
    public static Tensor Elu(Tensor x, float alpha = 1f)
    {
        var exp = ElementwiseKernels.Map(x, TensorPrimitives.Exp);
        var y = ElementwiseKernels.Where(Greater(x, 0f), x, Tensor.Scalar(alpha) * (exp - 1f));
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

    /// <summary>erf of every element (the forward kernel of <see cref="Erf"/> and of the exact <see cref="Gelu"/>).</summary>
    private static void ErfValues(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (float)SpecialFunctions.Erf(source[i]);
        }
    }
}
