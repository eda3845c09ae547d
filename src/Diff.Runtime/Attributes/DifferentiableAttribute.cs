namespace DiffGen;

/// <summary>
/// Marks a <c>static</c> method in a <c>partial</c> type for compile-time reverse-mode differentiation.
/// The DiffGen source generator emits, in the same type and with the same accessibility,
/// <c>{Name}Grad</c> (value and gradient) and <c>{Name}Pullback</c> (vector-Jacobian product).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
