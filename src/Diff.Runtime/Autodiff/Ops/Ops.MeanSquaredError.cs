using System.Numerics.Tensors;

namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// mean((t − p)², axis = −1) as one op (<see cref="MeanSquaredError"/>'s per-sample loss): one pass forward, one
    /// backward (instead of a difference, a square, a sum and a division, and their pullbacks). Same shapes, rank ≥ 1,
    /// a last axis of at least one element.
    /// </summary>
    internal static Tensor MeanSquaredErrorRows(Tensor t, Tensor p)
    {
        var columns = t.Shape[-1];
        var rows = t.Size / columns;
        var values = TensorBufferPool.Rent(rows);
        var difference = TensorBufferPool.Rent(t.Size);
        TensorPrimitives.Subtract(t.Data, p.Data, difference);
        for (var r = 0; r < rows; r++)
        {
            values[r] = SumOfSquares(difference.AsSpan(r * columns, columns)) / columns;
        }

        TensorBufferPool.Return(difference);
        var y = new Tensor(values, new Shape(t.Shape.Dimensions[..^1].ToArray()));
        return TapeRecorder.Record("MeanSquaredError", y, [t, p], (dy, need) =>
        {
            var dp = MeanSquaredErrorGradient(dy, t, p);
            return [need[0] ? -dp : null, need[1] ? dp : null];
        });
    }

    /// <summary>
    /// ∂/∂p of Σ dy·mean((t − p)², −1): dy[row]·(2/C)·(p − t). Recorded with a pullback made of ops, so that higher
    /// derivatives through the loss work as through its unfused form.
    /// </summary>
    private static Tensor MeanSquaredErrorGradient(Tensor dy, Tensor t, Tensor p)
    {
        var columns = p.Shape[-1];
        var rows = p.Size / columns;
        var values = TensorBufferPool.Rent(p.Size);
        var scale = 2f / columns;
        TensorPrimitives.Subtract(p.Data, t.Data, values);
        var factors = dy.Data;
        for (var r = 0; r < rows; r++)
        {
            Scale(values.AsSpan(r * columns, columns), factors[r] * scale);
        }

        var g = new Tensor(values, p.Shape);
        return TapeRecorder.Record("MeanSquaredErrorGradient", g, [dy, t, p], (dg, need) =>
        {
            var column = Reshape(dy, [.. dy.Shape.Dimensions, 1]);
            return
            [
                need[0] ? ReduceSum(dg * (p - t), axis: -1) * scale : null,
                need[1] ? -(dg * column) * scale : null,
                need[2] ? dg * column * scale : null,
            ];
        });
    }

    /// <summary>Σ xᵢ² of a row: a plain loop for short rows (a library call per ten values costs more than the sums).</summary>
    private static float SumOfSquares(ReadOnlySpan<float> row)
    {
        if (row.Length >= 16)
        {
            return TensorPrimitives.SumOfSquares(row);
        }

        var sum = 0f;
        foreach (var value in row)
        {
            sum += value * value;
        }

        return sum;
    }

    /// <summary>row ← row · factor, a plain loop for short rows.</summary>
    private static void Scale(Span<float> row, float factor)
    {
        if (row.Length >= 16)
        {
            TensorPrimitives.Multiply(row, factor, row);
            return;
        }

        for (var i = 0; i < row.Length; i++)
        {
            row[i] *= factor;
        }
    }
}
