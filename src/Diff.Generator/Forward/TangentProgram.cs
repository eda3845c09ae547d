using System.Collections.Generic;
using System.Collections.Immutable;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Forward;

/// <summary>
/// A method in forward mode: the primal's SSA program with, after every operation that carries a derivative, the
/// operations computing its tangent (its directional derivative along the inputs' tangents). It is an ordinary
/// <see cref="IrMethod"/>: printed as it is, it is the Jacobian-vector product; differentiated in reverse mode with
/// the tangent as its result, it gives the Hessian-vector product.
/// </summary>
/// <param name="Method">The program; its result is the tangent of the primal's result (0 for a void primal).</param>
/// <param name="Value">The primal's result, still computed by the program.</param>
/// <param name="ArrayTangents">For each local array with a derivative (written span parameters' working copies among
/// them), the local array holding its elements' tangents.</param>
internal sealed record TangentProgram(IrMethod Method, Operand Value, IReadOnlyDictionary<string, string> ArrayTangents)
{
    /// <summary>
    /// The tangents of inputs the method reads through a view declared before its body (a struct parameter's field,
    /// a matrix's or struct span's flat span), by the view's name: each is the same view of the tangent parameter.
    /// </summary>
    public IReadOnlyDictionary<string, string> ViewTangents { get; init; } = new Dictionary<string, string>();
}

/// <summary>Thrown by <see cref="TangentTransform"/> for a construct forward mode cannot handle yet; the message says which.</summary>
internal sealed class ForwardModeUnsupportedException : System.Exception
{
    public ForwardModeUnsupportedException(string message)
        : base(message)
    {
    }
}
