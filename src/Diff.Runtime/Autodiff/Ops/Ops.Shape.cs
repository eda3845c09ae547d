namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// The same elements with a new shape of the same size; one dimension may be −1 to be inferred. No copy: tensors
    /// never change, so the result shares the storage.
    /// </summary>
    public static Tensor Reshape(Tensor x, params int[] shape) => ReshapeCore(x, shape, transient: false);

    /// <summary>
    /// <see cref="Reshape(Tensor, int[])"/>; <paramref name="transient"/> for an op's own view of a variable's value
    /// that never leaves the op (it does not make the value shared, see <see cref="Tensor.IsShared"/>).
    /// </summary>
    internal static Tensor ReshapeCore(Tensor x, int[] shape, bool transient)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var target = InferShape(x, shape);
        var y = x.View(target, transient);
        return TapeRecorder.Record("Reshape", y, [x], (dy, _) => [Reshape(dy, x.Shape.ToArray())]);
    }

    /// <summary>The tensors joined along <paramref name="axis"/>; every other dimension must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Concat: no tensors to join.", nameof(tensors));
        }

        var first = tensors[0];
        var normalized = first.Shape.NormalizeAxis(axis, "Concat");
        var total = 0;
        foreach (var tensor in tensors)
        {
            if (tensor.Rank != first.Rank || !SameExcept(tensor.Shape, first.Shape, normalized))
            {
                throw new ArgumentException($"Concat: shapes {first.Shape.ToCompactString()} and {tensor.Shape.ToCompactString()} differ outside axis {axis}.", nameof(tensors));
            }

            total += tensor.Shape[normalized];
        }

        var shape = first.Shape.WithDimension(normalized, total);
        var outer = normalized == 0 ? 1 : first.Shape.Dimensions[..normalized].ToArray().Aggregate(1, (p, d) => p * d);
        var inner = first.Shape.Stride(normalized);
        var result = TensorBufferPool.Rent(shape.Size);
        var rowLength = total * inner;
        var column = 0;
        foreach (var tensor in tensors)
        {
            var width = tensor.Shape[normalized] * inner;
            for (var o = 0; o < outer; o++)
            {
                tensor.Data.AsSpan(o * width, width).CopyTo(result.AsSpan((o * rowLength) + column, width));
            }

            column += width;
        }

        var inputs = tensors.ToArray();
        var y = new Tensor(result, shape);
        return TapeRecorder.Record("Concat", y, inputs, (dy, need) =>
        {
            var gradients = new Tensor?[inputs.Length];
            var start = 0;
            for (var i = 0; i < inputs.Length; i++)
            {
                var length = inputs[i].Shape[normalized];
                gradients[i] = need[i] ? Slice(dy, start, length, normalized) : null;
                start += length;
            }

            return gradients;
        });
    }

    /// <summary>
    /// Elements <paramref name="start"/> … <paramref name="start"/> + <paramref name="length"/> − 1 along
    /// <paramref name="axis"/> (by default the first: a batch of rows).
    /// </summary>
    public static Tensor Slice(Tensor x, int start, int length, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var normalized = x.Shape.NormalizeAxis(axis, "Slice");
        var size = x.Shape[normalized];
        if (start < 0 || length < 0 || start + length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {start + length}) is outside axis {axis} of size {size} (shape {x.Shape.ToCompactString()}).");
        }

        var y = SliceValues(x, normalized, start, length);
        return TapeRecorder.Record("Slice", y, [x], (dy, _) => [Pad(dy, normalized, start, size - start - length)]);
    }

    /// <summary><paramref name="x"/> repeated along broadcast axes to <paramref name="shape"/> (NumPy rules).</summary>
    public static Tensor BroadcastTo(Tensor x, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        if (Broadcasting.Shape("BroadcastTo", x.Shape, shape) != shape)
        {
            throw new ArgumentException($"BroadcastTo: {x.Shape.ToCompactString()} does not broadcast to {shape.ToCompactString()}.", nameof(shape));
        }

        var y = ElementwiseKernels.BroadcastTo(x, shape);
        return y == x ? x : TapeRecorder.Record("BroadcastTo", y, [x], (dy, _) => [SumToShape(dy, x.Shape)]);
    }

    /// <summary>Sums a broadcast result back to the shape of the operand that was broadcast: the pullback of broadcasting.</summary>
    internal static Tensor SumToShape(Tensor x, Shape shape)
    {
        if (x.Shape == shape)
        {
            return x;
        }

        var y = ReductionKernels.SumToShape(x, shape);
        return TapeRecorder.Record("SumToShape", y, [x], (dy, _) => [BroadcastTo(dy, x.Shape)]);
    }

    /// <summary>Zeros added before and after along an axis: the pullback of <see cref="Slice"/>.</summary>
    private static Tensor Pad(Tensor x, int axis, int before, int after)
    {
        var shape = x.Shape.WithDimension(axis, x.Shape[axis] + before + after);
        var outer = shape.Size == 0 ? 0 : x.Size / Math.Max(1, x.Shape[axis] * x.Shape.Stride(axis));
        var inner = x.Shape.Stride(axis);
        var width = x.Shape[axis] * inner;
        var rowLength = shape[axis] * inner;
        var result = TensorBufferPool.RentZeroed(shape.Size); // the padding stays zero
        for (var o = 0; o < outer; o++)
        {
            x.Data.AsSpan(o * width, width).CopyTo(result.AsSpan((o * rowLength) + (before * inner), width));
        }

        var y = new Tensor(result, shape);
        return TapeRecorder.Record("Pad", y, [x], (dy, _) => [Slice(dy, before, x.Shape[axis], axis)]);
    }

    private static Tensor SliceValues(Tensor x, int axis, int start, int length)
    {
        var shape = x.Shape.WithDimension(axis, length);
        var inner = x.Shape.Stride(axis);
        var rowLength = x.Shape[axis] * inner;
        var outer = rowLength == 0 ? 0 : x.Size / rowLength;
        var width = length * inner;
        var result = TensorBufferPool.Rent(shape.Size);
        for (var o = 0; o < outer; o++)
        {
            x.Data.AsSpan((o * rowLength) + (start * inner), width).CopyTo(result.AsSpan(o * width, width));
        }

        return new Tensor(result, shape);
    }

    private static bool SameExcept(Shape a, Shape b, int axis)
    {
        for (var i = 0; i < a.Rank; i++)
        {
            if (i != axis && a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static Shape InferShape(Tensor x, int[] shape)
    {
        var inferred = -1;
        var known = 1L;
        var valid = true;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] >= 0)
            {
                known *= shape[i];
            }
            else if (shape[i] == -1 && inferred < 0)
            {
                inferred = i;
            }
            else
            {
                valid = false;
            }
        }

        if (!valid)
        {
            throw new ArgumentException($"Reshape: ({string.Join(",", shape)}) may have one −1 and no other negative dimension.", nameof(shape));
        }

        var dimensions = (int[])shape.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || x.Size % known != 0)
            {
                throw new ArgumentException($"Reshape: {x.Shape.ToCompactString()} ({x.Size} elements) cannot be reshaped to ({string.Join(",", shape)}).", nameof(shape));
            }

            dimensions[inferred] = (int)(x.Size / known);
        }
        else if (known != x.Size)
        {
            throw new ArgumentException($"Reshape: {x.Shape.ToCompactString()} ({x.Size} elements) cannot be reshaped to ({string.Join(",", shape)}) ({known} elements).", nameof(shape));
        }

        return new Shape(dimensions);
    }
}
