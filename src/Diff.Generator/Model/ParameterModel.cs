namespace DiffGen.Generator.Model;

/// <summary>
/// One parameter of a differentiable method. Active parameters (floating point, not <c>[NoDerivative]</c>) get a
/// gradient parameter named <see cref="GradientName"/>; passive ones are passed through unchanged.
/// </summary>
internal sealed record ParameterModel(string Name, TypeRef Type, bool IsActive)
{
    public string GradientName => "d" + Name;

    /// <summary>How the gradient parameter is typed: <c>out T</c> for a scalar, <c>Span&lt;T&gt;</c> for an array or span.</summary>
    public bool IsArray => Type.IsArray;
}
