using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// Sums and maxima over one axis. The tensor is viewed as (outer, axis, inner): with inner = 1 each output is one
/// <see cref="TensorPrimitives"/> reduction of a contiguous row; otherwise rows of length inner are combined
/// elementwise, which keeps every access contiguous. Single-threaded, so results are reproducible bit for bit.
/// </summary>
internal static class ReductionKernels
{
    /// <summary>The sum over <paramref name="axis"/>, keeping it with size 1.</summary>
    public static Tensor Sum(Tensor x, int axis) => Reduce(x, axis, max: false);

    /// <summary>The maximum over <paramref name="axis"/>, keeping it with size 1 (−∞ for an empty axis; NaN propagates).</summary>
    public static Tensor Max(Tensor x, int axis) => Reduce(x, axis, max: true);

    /// <summary>The sum of all elements, as a scalar.</summary>
    public static float SumAll(Tensor x) => TensorPrimitives.Sum<float>(x.Data);

    /// <summary>Sums <paramref name="x"/> over the axes along which <paramref name="shape"/> was broadcast to it: the pullback of broadcasting.</summary>
    public static Tensor SumToShape(Tensor x, Shape shape)
    {
        if (x.Shape == shape)
        {
            return x;
        }

        var offset = x.Rank - shape.Rank;
        var reduced = x;
        for (var axis = x.Rank - 1; axis >= 0; axis--)
        {
            var target = axis >= offset ? shape[axis - offset] : 1;
            if (target == 1 && x.Shape[axis] != 1)
            {
                reduced = Sum(reduced, axis);
            }
        }

        return reduced.View(shape);
    }

    private static Tensor Reduce(Tensor x, int axis, bool max)
    {
        var shape = x.Shape;
        var length = shape[axis];
        var inner = shape.Stride(axis);
        var outer = length * inner == 0 ? 0 : x.Size / (length * inner);
        var resultShape = shape.WithDimension(axis, 1);
        var result = TensorBufferPool.RentZeroed(resultShape.Size);
        if (length == 0)
        {
            result.AsSpan().Fill(max ? float.NegativeInfinity : 0f);
            return new Tensor(result, resultShape);
        }

        ReadOnlySpan<float> source = x.Data;
        for (var o = 0; o < outer; o++)
        {
            var block = source.Slice(o * length * inner, length * inner);
            if (inner == 1)
            {
                result[o] = max ? TensorPrimitives.Max(block) : TensorPrimitives.Sum(block);
                continue;
            }

            var destination = result.AsSpan(o * inner, inner);
            block[..inner].CopyTo(destination);
            for (var k = 1; k < length; k++)
            {
                var row = block.Slice(k * inner, inner);
                if (max)
                {
                    TensorPrimitives.Max(destination, row, destination);
                }
                else
                {
                    TensorPrimitives.Add(destination, row, destination);
                }
            }
        }

        return new Tensor(result, resultShape);
    }
}
