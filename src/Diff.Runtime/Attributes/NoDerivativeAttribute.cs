namespace DiffGen;

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute"/> method as passive: no gradient is computed for it
/// and no gradient parameter is generated. Integer and <c>bool</c> parameters are always passive.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
