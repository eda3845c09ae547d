using System.ComponentModel;

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
    /// <summary><c>y[i] = op.Value(x[i])</c>, recorded as the op <paramref name="name"/>.</summary>
    /// <typeparam name="TOp">The generated struct for the lifted method (a struct, so each op gets its own inlined loop).</typeparam>
    public static Tensor Elementwise<TOp>(string name, Tensor x, TOp op)
        where TOp : struct, IElementwiseOp
    {
        ArgumentNullException.ThrowIfNull(x);
        var source = x.Data;
        var values = new float[source.Length];
        ElementwiseWork<TOp>.Run(op, source, null, values);

        var y = new Tensor(values, x.Shape);
        return TapeRecorder.Record(name, y, [x], (dy, _) => [Backward(name, x, dy, op)]);
    }

    /// <summary><c>dx[i] = op.Pullback(x[i], dy[i])</c>, itself recorded for nested tapes (first order only).</summary>
    private static Tensor Backward<TOp>(string name, Tensor x, Tensor dy, TOp op)
        where TOp : struct, IElementwiseOp
    {
        if (dy.Shape != x.Shape)
        {
            throw new ArgumentException($"{name}: the upstream gradient has shape {dy.Shape} but the op's input has shape {x.Shape}.", nameof(dy));
        }

        var gradient = new float[x.Data.Length];
        ElementwiseWork<TOp>.Run(op, x.Data, dy.Data, gradient);

        var dx = new Tensor(gradient, x.Shape);
        return TapeRecorder.Record(name + "Grad", dx, [x, dy], (ddx, needed) => needed[0]
            ? throw new NotSupportedException(
                $"{name}: a [TapeOp] lifted op has a first-order backward only; a nested GradientTape cannot take its second derivative. " +
                "Compose the function from Ops instead where second derivatives are needed.")
            : [null, Backward(name, x, ddx, op)]);
    }
}
