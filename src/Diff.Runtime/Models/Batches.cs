namespace DiffGen;

/// <summary>Cutting a data set into batches: copying chosen rows (samples) of a tensor, and joining outputs.</summary>
internal static class Batches
{
    /// <summary>
    /// Rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of the order
    /// <paramref name="order"/> (the identity when null), copied into a new tensor.
    /// </summary>
    public static Tensor Rows(Tensor x, int[]? order, int start, int count)
    {
        if (order is null && start == 0 && count == x.Shape[0])
        {
            // The whole data set in order (full-batch training): tensors never change, so no copy is needed.
            return x;
        }

        var rowLength = x.Shape.Stride(0);
        var result = TensorBufferPool.Rent(count * rowLength);
        if (order is null)
        {
            x.Data.AsSpan(start * rowLength, count * rowLength).CopyTo(result);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                x.Data.AsSpan(order[start + i] * rowLength, rowLength).CopyTo(result.AsSpan(i * rowLength, rowLength));
            }
        }

        return new Tensor(result, x.Shape.WithDimension(0, count));
    }

    /// <summary>Batches joined along the sample axis.</summary>
    public static Tensor Stack(List<Tensor> batches) => batches.Count == 1 ? batches[0] : Ops.Concat(batches, axis: 0);
}
