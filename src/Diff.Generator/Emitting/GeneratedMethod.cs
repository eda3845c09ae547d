using DiffGen.Generator.Model;

namespace DiffGen.Generator.Emitting;

/// <summary>The generated members of one differentiable method, as text, with the type they go into.</summary>
internal sealed record GeneratedMethod(TypeHierarchy Containing, string Name, string Code)
{
    /// <summary>The result depends on none of the active parameters (a warning: the gradient is always zero).</summary>
    public bool IgnoresInputs { get; init; }

    /// <summary>Why the forward or second-order mode the method asked for was not emitted (a diagnostic), or null.</summary>
    public string? ForwardModeProblem { get; init; }
}

/// <summary>All generated members of one containing type: one output file.</summary>
internal sealed record GeneratedType(TypeHierarchy Containing, EquatableArray<GeneratedMethod> Methods)
{
    public string HintName => Containing.FullName.Replace('<', '{').Replace('>', '}').Replace(", ", ",") + ".Diff.g.cs";
}
