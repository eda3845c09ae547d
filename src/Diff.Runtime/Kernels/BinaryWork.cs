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

    /// <summary>
    /// <c>destination[i] = a[i] op b[i]</c> for i in [start, start + length), a one-element operand standing for a
    /// scalar: the one TensorPrimitives call that does it.
    /// </summary>
    public static void Apply(BinaryOp op, float[] a, float[] b, float[] destination, int start, int length)
    {
        var target = destination.AsSpan(start, length);
        if (b.Length == 1 && a.Length != 1)
        {
            ElementwiseKernels.RunScalarRight(op, a.AsSpan(start, length), b[0], target);
        }
        else if (a.Length == 1 && b.Length != 1)
        {
            ElementwiseKernels.RunScalarLeft(op, a[0], b.AsSpan(start, length), target);
        }
        else
        {
            ElementwiseKernels.Run(op, a.AsSpan(start, length), b.AsSpan(start, length), target);
        }
    }

    /// <inheritdoc/>
    protected override void Loop(int start, int length) => Apply(_op, _a, _b, _destination, start, length);
}
