namespace DiffGen.Generator.Model;

/// <summary>
/// One parameter of a differentiable method. Active parameters (floating point, not <c>[NoDerivative]</c>) get a
/// gradient parameter named <see cref="GradientName"/>; passive ones are passed through unchanged.
/// </summary>
internal sealed record ParameterModel(string Name, TypeRef Type, bool IsActive)
{
    public string GradientName => "d" + Name;
}
