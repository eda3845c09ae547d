namespace DiffGen;

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute"/> method as passive: no gradient is computed for it
/// and no gradient parameter is generated. Integer and <c>bool</c> parameters are always passive.
/// On a field or property of a differentiable struct, the field is passive: read as a constant, its gradient left 0.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
