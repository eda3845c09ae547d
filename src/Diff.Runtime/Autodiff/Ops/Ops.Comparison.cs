namespace DiffGen;

public static partial class Ops
{
    /// <summary>The elementwise maximum, broadcast. Where a = b the gradient goes to a (TensorFlow's rule).</summary>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var y = ElementwiseKernels.Binary("Maximum", a, b, BinaryOp.Maximum);
        return TapeRecorder.Record("Maximum", y, [a, b], (dy, need) =>
        {
            var toA = GreaterEqual(a, b);
            return [need[0] ? SumToShape(dy * toA, a.Shape) : null, need[1] ? SumToShape(dy * (1f - toA), b.Shape) : null];
        });
    }

    /// <summary>The elementwise minimum, broadcast. Where a = b the gradient goes to a.</summary>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var y = ElementwiseKernels.Binary("Minimum", a, b, BinaryOp.Minimum);
        return TapeRecorder.Record("Minimum", y, [a, b], (dy, need) =>
        {
            var toA = LessEqual(a, b);
            return [need[0] ? SumToShape(dy * toA, a.Shape) : null, need[1] ? SumToShape(dy * (1f - toA), b.Shape) : null];
        });
    }

    /// <summary>
    /// <paramref name="x"/> where <paramref name="condition"/> is non-zero, else <paramref name="y"/>; all three
    /// broadcast. The condition (e.g. <c>x &gt; 0</c>) gets no gradient.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var result = ElementwiseKernels.Where(condition, x, y);
        return TapeRecorder.Record("Where", result, [condition, x, y], (dy, need) =>
        [
            null,
            need[1] ? SumToShape(Where(condition, dy, 0f), x.Shape) : null,
            need[2] ? SumToShape(Where(condition, 0f, dy), y.Shape) : null,
        ]);
    }

    /// <summary>1 where a &gt; b, else 0 (broadcast). Comparisons have no gradient.</summary>
    public static Tensor Greater(Tensor a, Tensor b) => ElementwiseKernels.Binary("Greater", a, b, BinaryOp.Greater);

    /// <summary>1 where a ≥ b, else 0.</summary>
    public static Tensor GreaterEqual(Tensor a, Tensor b) => ElementwiseKernels.Binary("GreaterEqual", a, b, BinaryOp.GreaterEqual);

    /// <summary>1 where a &lt; b, else 0.</summary>
    public static Tensor Less(Tensor a, Tensor b) => ElementwiseKernels.Binary("Less", a, b, BinaryOp.Less);

    /// <summary>1 where a ≤ b, else 0.</summary>
    public static Tensor LessEqual(Tensor a, Tensor b) => ElementwiseKernels.Binary("LessEqual", a, b, BinaryOp.LessEqual);

    /// <summary>1 where a = b, else 0.</summary>
    public static Tensor Equal(Tensor a, Tensor b) => ElementwiseKernels.Binary("Equal", a, b, BinaryOp.Equal);

    /// <summary>1 where a ≠ b, else 0.</summary>
    public static Tensor NotEqual(Tensor a, Tensor b) => ElementwiseKernels.Binary("NotEqual", a, b, BinaryOp.NotEqual);
}
