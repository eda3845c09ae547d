using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace DiffGen.Generated;

/// <summary>
/// The runtime half of <c>[TapeOp]</c>: applies a lifted scalar function to every element of a tensor and records
/// one tape node whose pullback applies the generated scalar pullback to every element. Called by generated code only.
/// </summary>
/// <remarks>
/// The backward is computed element by element from the generated pullback, not from <see cref="Ops"/>. When an outer
/// tape records it (nested tapes), it is a node that is linear in the upstream gradient and whose derivative with
/// respect to the op's input — the lifted function's second derivative — comes from the generated
/// <c>PullbackTangent</c> (forward mode over the pullback's statements). Where the pullback is not straight-line code,
/// and for third derivatives, asking throws <see cref="NotSupportedException"/> rather than silently giving zero.
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

    /// <summary>
    /// <c>dx[i] = op.Pullback(x[i], dy[i])</c>, itself recorded for nested tapes: linear in dy (its gradient is this
    /// backward again) and, when the op has a second order, differentiable in x through <see cref="SecondOrder{TOp}"/>.
    /// </summary>
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
        return TapeRecorder.Record(name + "Grad", dx, [x, dy], (ddx, needed) =>
        [
            needed[0] ? SecondOrder(name, x, dy, ddx, op) : null,
            needed[1] ? Backward(name, x, ddx, op, loops) : null,
        ]);
    }

    /// <summary>
    /// <c>r[i] = op.PullbackTangent(x[i], dy[i], ddx[i]) = dy[i]·f″(x[i])·ddx[i]</c>: the backward's derivative with respect
    /// to x, contracted with its upstream gradient. Linear in dy and in ddx (so an outer tape differentiates it with
    /// respect to those with the same function); a third derivative throws.
    /// </summary>
    private static Tensor SecondOrder<TOp>(string name, Tensor x, Tensor dy, Tensor ddx, TOp op)
        where TOp : struct, IElementwiseOp
    {
        if (!op.HasSecondOrder)
        {
            throw new NotSupportedException(
                $"{name}: its generated pullback is not straight-line code (a loop or a call to another method), so a nested GradientTape cannot take its second derivative. " +
                "Compose the function from Ops instead where second derivatives are needed.");
        }

        if (ddx.Shape != x.Shape)
        {
            throw new ArgumentException($"{name}: the upstream gradient of its backward has shape {ddx.Shape} but the op's input has shape {x.Shape}.", nameof(ddx));
        }

        var result = TensorBufferPool.Rent(x.Data.Length);
        ElementwiseTangentWork<TOp>.Run(op, x.Data, dy.Data, ddx.Data, result);
        return TapeRecorder.Record(name + "GradGrad", new Tensor(result, x.Shape), [x, dy, ddx], (upstream, needed) => needed[0]
            ? throw new NotSupportedException($"{name}: a [TapeOp] lifted op has first and second derivatives only; a third nested GradientTape cannot differentiate it again.")
            :
            [
                null,
                needed[1] ? SecondOrder(name, x, upstream, ddx, op) : null,
                needed[2] ? SecondOrder(name, x, dy, upstream, op) : null,
            ]);
    }
}
