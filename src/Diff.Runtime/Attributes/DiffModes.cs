namespace DiffGen;

/// <summary>
/// The derivative methods a <c>[Differentiable]</c> method asks for beyond reverse mode (<c>{Name}Grad</c> and
/// <c>{Name}Pullback</c>, always emitted): <c>[Differentiable(Modes = DiffModes.Forward | DiffModes.Hessian)]</c>.
/// A method that writes its results into span parameters (<c>void F(ReadOnlySpan&lt;double&gt; x, Span&lt;double&gt; y)</c>)
/// always gets its Jacobian, whatever it asks for.
/// </summary>
[System.Flags]
public enum DiffModes
{
    /// <summary>Reverse mode only: Grad and Pullback.</summary>
    Reverse = 0,

    /// <summary>
    /// Forward mode: <c>{Name}Jvp(x, …, dx, …)</c> returns the value and the directional derivative ∇F·dx (a
    /// Jacobian-vector product), with no tape; <c>{Name}Vjp</c> is the vector-Jacobian product that overwrites its
    /// outputs (Pullback adds into them).
    /// </summary>
    Forward = 1,

    /// <summary>
    /// Second order, for a method returning a number: <c>{Name}Hvp(x, …, vx, …, hvx, …)</c> (Hessian-vector
    /// product, reverse mode over the forward-mode program) and <c>{Name}Hessian(x, …, h)</c> (dense, row-major;
    /// <c>out</c> values when every active parameter is a scalar). Implies <see cref="Forward"/>.
    /// </summary>
    Hessian = 2,

    /// <summary>Every mode.</summary>
    All = Forward | Hessian,
}
