using DiffGen;

namespace CustomOps;

/// <summary>A custom activation: one line of [Differentiable] C#. The generator adds SwishOp and SwishActivation.</summary>
public static partial class MyActivations
{
    [Differentiable, TapeOp]
    public static float Swish(float x) => x / (1f + MathF.Exp(-x));
}

/// <summary>A custom loss, per sample: smooth L1 (quadratic near 0, linear for outliers). The generator adds SmoothL1Loss.</summary>
public static partial class MyLosses
{
    [Differentiable, TapeOp]
    public static float SmoothL1([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
    {
        var sum = 0f;
        for (var i = 0; i < yPred.Length; i++)
        {
            var e = MathF.Abs(yPred[i] - yTrue[i]);
            sum += e <= 1f ? 0.5f * e * e : e - 0.5f;
        }

        return sum / yPred.Length;
    }
}

/// <summary>
/// A custom layer: radial basis units, exp(−e^s·‖x − c‖²), each unit's weights its centre c then its log-width s.
/// The generator adds UnitOp; SpanLayer creates the kernel (units, inputs + 1) in Build and Fit trains it. The name
/// parameter lets Model.Load recreate it under its saved name (SpanLayer saves units and name).
/// </summary>
public sealed partial class RadialBasis(int units, string? name = null)
    : SpanLayer(units, kernelInitializer: new RandomUniform(-1.5, 1.5, seed: 7), name: name)
{
    [Differentiable, TapeOp]
    public static float Unit(ReadOnlySpan<float> weights, ReadOnlySpan<float> input)
    {
        var distance = 0f;
        for (var i = 0; i < input.Length; i++)
        {
            var d = input[i] - weights[i];
            distance += d * d;
        }

        return MathF.Exp(-MathF.Exp(weights[input.Length]) * distance);
    }

    protected override Tensor Apply(Tensor kernel, Tensor inputs) => UnitOp(kernel, inputs);
}
