namespace DiffGen.Generator.Model;

/// <summary>
/// The namespace and the chain of containing types (outermost first) of a differentiable method, as strings, so
/// the emitter can reopen every partial type around the generated members.
/// </summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="Types">Each containing type's declaration head, e.g. <c>partial class Outer</c>, outermost first.</param>
/// <param name="FullName">Namespace-qualified metadata-style name, used to group and sort outputs and name files.</param>
internal sealed record TypeHierarchy(string Namespace, EquatableArray<TypeDeclarationInfo> Types, string FullName);

/// <param name="Keyword">class, struct, record, record struct or interface.</param>
/// <param name="Name">The type's name with its type parameter list, e.g. <c>Box&lt;T&gt;</c>.</param>
internal sealed record TypeDeclarationInfo(string Keyword, string Name);
