namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// Rows of <paramref name="table"/> (its elements read as rows of <paramref name="rowLength"/>) picked by
    /// <paramref name="rows"/>, laid out as <paramref name="shape"/>. An embedding lookup (rows of the table) and a max
    /// pooling (single elements at the window maxima) are both this. The indices are data, not differentiated.
    /// </summary>
    internal static Tensor GatherRows(Tensor table, int[] rows, int rowLength, Shape shape)
    {
        var source = table.Data;
        var result = TensorBufferPool.Rent(rows.Length * rowLength);
        if (rowLength == 1)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                result[k] = source[rows[k]];
            }
        }
        else
        {
            for (var k = 0; k < rows.Length; k++)
            {
                source.AsSpan(rows[k] * rowLength, rowLength).CopyTo(result.AsSpan(k * rowLength, rowLength));
            }
        }

        var y = new Tensor(result, shape);
        return TapeRecorder.Record("GatherRows", y, [table], (dy, _) => [ScatterAddRows(dy, rows, rowLength, table.Shape)]);
    }

    /// <summary>
    /// The adjoint of <see cref="GatherRows"/>: a zero tensor of <paramref name="shape"/> with row k of
    /// <paramref name="x"/> added at row <c>rows[k]</c> (repeated indices accumulate).
    /// </summary>
    internal static Tensor ScatterAddRows(Tensor x, int[] rows, int rowLength, Shape shape)
    {
        var source = x.Data;
        var result = TensorBufferPool.RentZeroed(shape.Size);
        for (var k = 0; k < rows.Length; k++)
        {
            if (rowLength == 1)
            {
                result[rows[k]] += source[k];
            }
            else
            {
                var target = result.AsSpan(rows[k] * rowLength, rowLength);
                System.Numerics.Tensors.TensorPrimitives.Add(target, source.AsSpan(k * rowLength, rowLength), target);
            }
        }

        var y = new Tensor(result, shape);
        return TapeRecorder.Record("ScatterAddRows", y, [x], (dy, _) => [GatherRows(dy, rows, rowLength, x.Shape)]);
    }
}
