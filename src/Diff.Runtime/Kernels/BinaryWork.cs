namespace DiffGen.Kernels;

/// <summary>
/// <see cref="ElementwiseKernels.Binary"/> on large operands of the same shape, or one of them a scalar: the
/// <c>TensorPrimitives</c> call applied chunk by chunk on the kernel threads (<see cref="ChunkedWork"/>), each element
/// getting the bits a single call over the whole span gives it.
/// </summary>
internal sealed class BinaryWork : ChunkedWork
{
    private readonly BinaryOp _op;
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly float[] _destination;

    /// <param name="op">The operation.</param>
    /// <param name="a">The left operand: the same length as <paramref name="destination"/>, or one element (a scalar).</param>
    /// <param name="b">The right operand: likewise; at most one of the two is a scalar.</param>
    /// <param name="destination">The result, every element written.</param>
    public BinaryWork(BinaryOp op, float[] a, float[] b, float[] destination)
        : base(destination.Length)
    {
        _op = op;
        _a = a;
        _b = b;
        _destination = destination;
    }

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        var destination = _destination.AsSpan(start, length);
        if (_b.Length == 1 && _a.Length != 1)
        {
            ElementwiseKernels.RunScalarRight(_op, _a.AsSpan(start, length), _b[0], destination);
        }
        else if (_a.Length == 1 && _b.Length != 1)
        {
            ElementwiseKernels.RunScalarLeft(_op, _a[0], _b.AsSpan(start, length), destination);
        }
        else
        {
            ElementwiseKernels.Run(_op, _a.AsSpan(start, length), _b.AsSpan(start, length), destination);
        }
    }
}
