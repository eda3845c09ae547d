namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// The sum of all elements (<paramref name="axis"/> null) or along one axis, which is removed unless
    /// <paramref name="keepDims"/>.
    /// </summary>
    public static Tensor ReduceSum(Tensor x, int? axis = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (y, keptShape) = SumValues(x, axis, keepDims, "ReduceSum");
        return TapeRecorder.Record("ReduceSum", y, [x], (dy, _) => [BroadcastTo(Reshape(dy, keptShape.ToArray()), x.Shape)]);
    }

    /// <summary>The mean of all elements or along one axis (NaN for an empty reduction, as in NumPy).</summary>
    public static Tensor ReduceMean(Tensor x, int? axis = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (axis is { } a)
        {
            var count = (float)x.Shape[x.Shape.NormalizeAxis(a, "ReduceMean")];
            return ReduceSum(x, axis, keepDims) / count;
        }

        // The mean of everything (a loss's reduction) as one op: the sum and the division of ReduceSum(x) / n, and
        // their pullbacks, in one record.
        var size = (float)x.Size;
        var keptShape = KeptAllShape(x);
        var y = new Tensor([ReductionKernels.SumAll(x) / size], keepDims ? keptShape : Shape.Scalar);
        return TapeRecorder.Record("ReduceMean", y, [x], (dy, _) => [BroadcastTo(Reshape(dy / size, keptShape.ToArray()), x.Shape)]);
    }

    /// <summary>
    /// The maximum of all elements or along one axis. Its gradient is shared equally among the elements that tie
    /// for the maximum (TensorFlow's rule).
    /// </summary>
    public static Tensor ReduceMax(Tensor x, int? axis = null, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        Tensor kept;
        if (axis is { } a)
        {
            kept = ReductionKernels.Max(x, x.Shape.NormalizeAxis(a, "ReduceMax"));
        }
        else
        {
            kept = x.Size == 0 ? Tensor.Fill(KeptAllShape(x), float.NegativeInfinity) : new Tensor([System.Numerics.Tensors.TensorPrimitives.Max<float>(x.Data)], KeptAllShape(x));
        }

        var y = keepDims ? kept : kept.View(ReducedShape(x, axis));
        return TapeRecorder.Record("ReduceMax", y, [x], (dy, _) =>
        {
            var isMax = Equal(x, kept);
            var ties = ElementwiseKernels.BroadcastTo(ReductionKernels.SumToShape(isMax, kept.Shape), x.Shape);
            return [isMax / ties * BroadcastTo(Reshape(dy, kept.Shape.ToArray()), x.Shape)];
        });
    }

    private static (Tensor Value, Shape KeptShape) SumValues(Tensor x, int? axis, bool keepDims, string op)
    {
        Tensor kept;
        if (axis is { } a)
        {
            kept = ReductionKernels.Sum(x, x.Shape.NormalizeAxis(a, op));
        }
        else
        {
            kept = new Tensor([ReductionKernels.SumAll(x)], KeptAllShape(x));
        }

        return (keepDims ? kept : kept.View(ReducedShape(x, axis)), kept.Shape);
    }

    /// <summary>All axes kept with size 1.</summary>
    private static Shape KeptAllShape(Tensor x) => new([.. Enumerable.Repeat(1, x.Rank)]);

    /// <summary>The shape without the reduced axis (a scalar when reducing everything).</summary>
    private static Shape ReducedShape(Tensor x, int? axis) =>
        axis is { } a ? x.Shape.WithDimension(x.Shape.NormalizeAxis(a, "Reduce"), null) : Shape.Scalar;
}
