using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// The differentiable operations on tensors (TensorFlow's <c>tf.*</c> functions in C# casing). Each op computes its
/// result with a SIMD kernel and records, beside it, its pullback: the chain rule for that op, written with ops so
/// that nested tapes can differentiate it again. Elementwise binary ops broadcast with NumPy's rules, and the
/// pullback sums the gradient back to each input's shape.
/// </summary>
public static partial class Ops
{
    /// <summary><c>a + b</c>, broadcast.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var y = ElementwiseKernels.Binary("Add", a, b, BinaryOp.Add);
        return TapeRecorder.Record("Add", y, [a, b], (dy, need) =>
            [need[0] ? SumToShape(dy, a.Shape) : null, need[1] ? SumToShape(dy, b.Shape) : null]);
    }

    /// <summary><c>a − b</c>, broadcast.</summary>
    public static Tensor Subtract(Tensor a, Tensor b)
    {
        var y = ElementwiseKernels.Binary("Subtract", a, b, BinaryOp.Subtract);
        return TapeRecorder.Record("Subtract", y, [a, b], (dy, need) =>
            [need[0] ? SumToShape(dy, a.Shape) : null, need[1] ? SumToShape(Negate(dy), b.Shape) : null]);
    }

    /// <summary><c>a · b</c> elementwise, broadcast.</summary>
    public static Tensor Multiply(Tensor a, Tensor b)
    {
        var y = ElementwiseKernels.Binary("Multiply", a, b, BinaryOp.Multiply);
        return TapeRecorder.Record("Multiply", y, [a, b], (dy, need) =>
            [need[0] ? SumToShape(dy * b, a.Shape) : null, need[1] ? SumToShape(dy * a, b.Shape) : null]);
    }

    /// <summary><c>a / b</c> elementwise, broadcast.</summary>
    public static Tensor Divide(Tensor a, Tensor b)
    {
        var y = ElementwiseKernels.Binary("Divide", a, b, BinaryOp.Divide);
        return TapeRecorder.Record("Divide", y, [a, b], (dy, need) =>
            [need[0] ? SumToShape(dy / b, a.Shape) : null, need[1] ? SumToShape(-dy * y / b, b.Shape) : null]);
    }

    /// <summary><c>−x</c>.</summary>
    public static Tensor Negate(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Negate);
        return TapeRecorder.Record("Negate", y, [x], (dy, _) => [Negate(dy)]);
    }

    /// <summary><c>x^p</c> elementwise, broadcast. The gradient with respect to the exponent uses log x where x &gt; 0 and 0 elsewhere, as TensorFlow does.</summary>
    public static Tensor Pow(Tensor x, Tensor p)
    {
        var y = ElementwiseKernels.Binary("Pow", x, p, BinaryOp.Pow);
        return TapeRecorder.Record("Pow", y, [x, p], (dy, need) =>
        [
            need[0] ? SumToShape(dy * p * Pow(x, p - 1f), x.Shape) : null,
            need[1] ? SumToShape(dy * y * Where(Greater(x, 0f), Log(Where(Greater(x, 0f), x, 1f)), 0f), p.Shape) : null,
        ]);
    }

    /// <summary><c>x²</c>.</summary>
    public static Tensor Square(Tensor x)
    {
        var y = ElementwiseKernels.Binary("Square", x, x, BinaryOp.Multiply);
        return TapeRecorder.Record("Square", y, [x], (dy, _) => [dy * 2f * x]);
    }

    /// <summary><c>√x</c>.</summary>
    public static Tensor Sqrt(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Sqrt);
        return TapeRecorder.Record("Sqrt", y, [x], (dy, _) => [dy / (2f * y)]);
    }

    /// <summary><c>eˣ</c>.</summary>
    public static Tensor Exp(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Exp);
        return TapeRecorder.Record("Exp", y, [x], (dy, _) => [dy * y]);
    }

    /// <summary>The natural logarithm.</summary>
    public static Tensor Log(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Log);
        return TapeRecorder.Record("Log", y, [x], (dy, _) => [dy / x]);
    }

    /// <summary><c>|x|</c>; its gradient at 0 is 0 (TensorFlow's convention).</summary>
    public static Tensor Abs(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Abs);
        return TapeRecorder.Record("Abs", y, [x], (dy, _) => [dy * Sign(x)]);
    }

    /// <summary>sin x.</summary>
    public static Tensor Sin(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Sin);
        return TapeRecorder.Record("Sin", y, [x], (dy, _) => [dy * Cos(x)]);
    }

    /// <summary>cos x.</summary>
    public static Tensor Cos(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Cos);
        return TapeRecorder.Record("Cos", y, [x], (dy, _) => [-dy * Sin(x)]);
    }

    /// <summary>−1, 0 or 1 by the sign of each element (NaN stays NaN). Piecewise constant: no gradient flows through it.</summary>
    public static Tensor Sign(Tensor x) => ElementwiseKernels.Map(x, static (source, destination) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = float.IsNaN(source[i]) ? float.NaN : MathF.Sign(source[i]);
        }
    });

    /// <summary>The same values with no gradient: tapes treat the result as a constant (<c>tf.stop_gradient</c>).</summary>
    public static Tensor StopGradient(Tensor x) => x.View(x.Shape); // shares x's elements: a view, never freed with it
}
