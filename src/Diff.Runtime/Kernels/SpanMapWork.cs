namespace DiffGen.Kernels;

/// <summary>
/// <see cref="ElementwiseKernels.Map"/> on a large tensor: the map applied to each chunk of the input on the kernel
/// threads (<see cref="ChunkedWork"/>). The maps are elementwise, and every chunk is long enough for the
/// <c>TensorPrimitives</c> vector paths, so each element gets the bits a single call over the whole span gives it.
/// </summary>
internal sealed class SpanMapWork(SpanMap map, float[] source, float[] destination) : ChunkedWork(destination.Length)
{
    /// <inheritdoc/>
    protected override void Loop(int start, int length) => map(source.AsSpan(start, length), destination.AsSpan(start, length));
}
