namespace DiffGen;

/// <summary>
/// Marks a method in a <c>partial</c> type for compile-time reverse-mode differentiation.
/// The DiffGen source generator emits, in the same type and with the same accessibility,
/// <c>{Name}Grad</c> (value and gradient) and <c>{Name}Pullback</c> (vector-Jacobian product).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>
    /// For an instance method of a struct whose fields are <c>double</c>/<c>float</c>: differentiate with respect to
    /// the receiver too. Its gradient is a struct of the same type, <c>out T dthis</c> in Grad (<c>ref T dthis</c> in
    /// Pullback), before the other gradients. By default the receiver is passive: its fields are read as constants.
    /// Classes are always passive receivers (they are shared by reference).
    /// </summary>
    public bool WithRespectToThis { get; set; }

    /// <summary>
    /// The derivative methods to emit beyond Grad and Pullback: forward mode (<c>{Name}Jvp</c>, <c>{Name}Vjp</c>)
    /// and second order (<c>{Name}Hvp</c>, <c>{Name}Hessian</c>). See <see cref="DiffModes"/>.
    /// </summary>
    public DiffModes Modes { get; set; }
}
