using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace DiffGen.Generated;

/// <summary>
/// The runtime half of <c>[TapeOp]</c>: applies a lifted scalar function to every element of a tensor and records
/// one tape node whose pullback applies the generated scalar pullback to every element. Called by generated code only.
/// </summary>
/// <remarks>
/// The backward is first order: it is computed element by element from the generated pullback, not from
/// <see cref="Ops"/>. When an outer tape records it (nested tapes), the gradient it returns is recorded as a node
/// that is linear in the upstream gradient — so an outer tape can differentiate it with respect to that — but whose
/// derivative with respect to the op's input (a second derivative of the lifted function) throws
/// <see cref="NotSupportedException"/> rather than silently being zero.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class LiftedOps
{
    /// <summary>Fills its last argument from the input (and the upstream gradient, for a backward): one op's loops.</summary>
    private delegate void ElementLoops<TOp>(TOp op, float[] input, float[]? upstream, float[] output);

    /// <summary><c>y[i] = op.Value(x[i])</c>, one element at a time, recorded as the op <paramref name="name"/>.</summary>
    /// <typeparam name="TOp">The generated struct for the lifted method (a struct, so each op gets its own inlined loop).</typeparam>
    public static Tensor Elementwise<TOp>(string name, Tensor x, TOp op)
        where TOp : struct, IElementwiseOp
        => Lift(name, x, op, ElementwiseWork<TOp>.Run);

    /// <summary>
    /// <c>y[i] = op.Value(x[i])</c> eight elements at a time through the op's <see cref="Vector256{T}"/> body (one
    /// element at a time where <see cref="Vector256"/> is not hardware accelerated), recorded as the op <paramref name="name"/>.
    /// </summary>
    public static Tensor VectorizedElementwise<TOp>(string name, Tensor x, TOp op)
        where TOp : struct, IVectorizedElementwiseOp
        => Vector256.IsHardwareAccelerated ? Lift(name, x, op, VectorizedElementwiseWork<TOp>.Run) : Elementwise(name, x, op);

    private static Tensor Lift<TOp>(string name, Tensor x, TOp op, ElementLoops<TOp> loops)
        where TOp : struct, IElementwiseOp
    {
        ArgumentNullException.ThrowIfNull(x);
        // Every element is written by the loops: no need to clear the array first.
        var values = TensorBufferPool.Rent(x.Data.Length);
        loops(op, x.Data, null, values);

        var y = new Tensor(values, x.Shape);
        return TapeRecorder.Record(name, y, [x], (dy, _) => [Backward(name, x, dy, op, loops)]);
    }

    /// <summary><c>dx[i] = op.Pullback(x[i], dy[i])</c>, itself recorded for nested tapes (first order only).</summary>
    private static Tensor Backward<TOp>(string name, Tensor x, Tensor dy, TOp op, ElementLoops<TOp> loops)
        where TOp : struct, IElementwiseOp
    {
        if (dy.Shape != x.Shape)
        {
            throw new ArgumentException($"{name}: the upstream gradient has shape {dy.Shape} but the op's input has shape {x.Shape}.", nameof(dy));
        }

        var gradient = TensorBufferPool.Rent(x.Data.Length);
        loops(op, x.Data, dy.Data, gradient);

        var dx = new Tensor(gradient, x.Shape);
        return TapeRecorder.Record(name + "Grad", dx, [x, dy], (ddx, needed) => needed[0]
            ? throw new NotSupportedException(
                $"{name}: a [TapeOp] lifted op has a first-order backward only; a nested GradientTape cannot take its second derivative. " +
                "Compose the function from Ops instead where second derivatives are needed.")
            : [null, Backward(name, x, ddx, op, loops)]);
    }
}
