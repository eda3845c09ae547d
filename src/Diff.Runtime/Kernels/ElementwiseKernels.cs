using System.Numerics.Tensors;
using DiffGen.Kernels;

namespace DiffGen;

/// <summary>A whole-span map such as <c>TensorPrimitives.Exp</c>: one call per tensor, SIMD inside.</summary>
internal delegate void SpanMap(ReadOnlySpan<float> x, Span<float> destination);

/// <summary>
/// Elementwise kernels with NumPy broadcasting. The broadcast is cut into contiguous runs (adjacent axes with the
/// same broadcast pattern merged), and each run is one <see cref="TensorPrimitives"/> call on two spans, a span and a
/// scalar, or a scalar and a span — never a per-element delegate.
/// </summary>
internal static class ElementwiseKernels
{
    /// <summary>A new tensor <c>map(x)</c>.</summary>
    public static Tensor Map(Tensor x, SpanMap map)
    {
        var result = TensorBufferPool.Rent(x.Size);
        if (ChunkedWork.WouldSplit(result.Length))
        {
            new SpanMapWork(map, x.Data, result).Run();
        }
        else if (result.Length > 0)
        {
            // Some TensorPrimitives maps (Sigmoid) reject empty spans; an empty tensor maps to an empty tensor.
            map(x.Data, result);
        }

        return new Tensor(result, x.Shape);
    }

    /// <summary><c>op(a, b)</c> broadcast; errors name <paramref name="name"/> and both shapes.</summary>
    public static Tensor Binary(string name, Tensor a, Tensor b, BinaryOp op)
    {
        var shape = Broadcasting.Shape(name, a.Shape, b.Shape);
        var result = TensorBufferPool.Rent(shape.Size);
        if (result.Length == 0)
        {
            return new Tensor(result, shape);
        }

        if (a.Shape == b.Shape || (b.Size == 1 && a.Shape == shape) || (a.Size == 1 && b.Shape == shape))
        {
            // Same shape, or one side a scalar: one TensorPrimitives call per chunk of a large tensor, else one in all.
            if (ChunkedWork.WouldSplit(result.Length))
            {
                new BinaryWork(op, a.Data, b.Data, result).Run();
            }
            else
            {
                BinaryWork.Apply(op, a.Data, b.Data, result, 0, result.Length);
            }
        }
        else
        {
            BroadcastRuns(op, a, b, shape, result);
        }

        return new Tensor(result, shape);
    }

    /// <summary><paramref name="x"/> repeated along its broadcast axes to <paramref name="shape"/>.</summary>
    public static Tensor BroadcastTo(Tensor x, Shape shape)
    {
        if (x.Shape == shape)
        {
            return x;
        }

        var result = TensorBufferPool.Rent(shape.Size);
        if (x.Size == 1)
        {
            result.AsSpan().Fill(x.Data[0]);
        }
        else if (result.Length > 0)
        {
            var plan = RunPlan.Create(x.Shape, x.Shape, shape);
            plan.ForEachRun((offsetA, _, offsetOut, length) =>
            {
                if (plan.ContiguousA)
                {
                    x.Data.AsSpan(offsetA, length).CopyTo(result.AsSpan(offsetOut, length));
                }
                else
                {
                    result.AsSpan(offsetOut, length).Fill(x.Data[offsetA]);
                }
            });
        }

        return new Tensor(result, shape);
    }

    /// <summary><c>condition ≠ 0 ? x : y</c>, all three broadcast together.</summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        var shape = Broadcasting.Shape("Where", condition.Shape, x.Shape, y.Shape);
        var c = BroadcastTo(condition, shape).Data;
        var a = BroadcastTo(x, shape).Data;
        var b = BroadcastTo(y, shape).Data;
        var result = TensorBufferPool.Rent(shape.Size);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = c[i] != 0f ? a[i] : b[i];
        }

        return new Tensor(result, shape);
    }

    private static void BroadcastRuns(BinaryOp op, Tensor a, Tensor b, Shape shape, float[] result)
    {
        var plan = RunPlan.Create(a.Shape, b.Shape, shape);
        plan.ForEachRun((offsetA, offsetB, offsetOut, length) =>
        {
            var destination = result.AsSpan(offsetOut, length);
            switch (plan.ContiguousA, plan.ContiguousB)
            {
                case (true, true):
                    Run(op, a.Data.AsSpan(offsetA, length), b.Data.AsSpan(offsetB, length), destination);
                    break;
                case (true, false):
                    RunScalarRight(op, a.Data.AsSpan(offsetA, length), b.Data[offsetB], destination);
                    break;
                case (false, true):
                    RunScalarLeft(op, a.Data[offsetA], b.Data.AsSpan(offsetB, length), destination);
                    break;
                default:
                    RunScalarRight(op, a.Data.AsSpan(offsetA, 1), b.Data[offsetB], destination[..1]);
                    destination.Fill(destination[0]);
                    break;
            }
        });
    }

    internal static void Run(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, destination); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, destination); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, destination); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, destination); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, destination); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, destination); break;
            case BinaryOp.Pow: TensorPrimitives.Pow(x, y, destination); break;
            default:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = Compare(op, x[i], y[i]);
                }

                break;
        }
    }

    internal static void RunScalarRight(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> destination)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, destination); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, destination); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, destination); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, destination); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, destination); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, destination); break;
            case BinaryOp.Pow: TensorPrimitives.Pow(x, y, destination); break;
            default:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = Compare(op, x[i], y);
                }

                break;
        }
    }

    internal static void RunScalarLeft(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> destination)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, destination); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, destination); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, destination); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, destination); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(y, x, destination); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(y, x, destination); break;
            case BinaryOp.Pow: TensorPrimitives.Pow(x, y, destination); break;
            default:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = Compare(op, x, y[i]);
                }

                break;
        }
    }

    private static float Compare(BinaryOp op, float x, float y) => op switch
    {
        BinaryOp.Greater => x > y ? 1f : 0f,
        BinaryOp.GreaterEqual => x >= y ? 1f : 0f,
        BinaryOp.Less => x < y ? 1f : 0f,
        BinaryOp.LessEqual => x <= y ? 1f : 0f,
        BinaryOp.Equal => x == y ? 1f : 0f,
        BinaryOp.NotEqual => x != y ? 1f : 0f,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a comparison."),
    };
}
