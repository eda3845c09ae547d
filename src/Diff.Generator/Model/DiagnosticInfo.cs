using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Model;

/// <summary>A diagnostic as data: the descriptor's id, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor.Id, location, arguments.ToEquatableArray());

    /// <summary>Whether the descriptor is a warning (the user may suppress it where it is reported).</summary>
    public bool IsWarning => Diagnostics.DiagnosticDescriptors.ById(Id).DefaultSeverity == DiagnosticSeverity.Warning;

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            System.Linq.Enumerable.ToArray<object>(Arguments));

    /// <summary>
    /// The diagnostic located in its syntax tree of <paramref name="compilation"/>, so that <c>#pragma warning
    /// disable</c> in the user's file applies to it (a warning such as DG0026 must be suppressible where it is).
    /// </summary>
    public Diagnostic ToDiagnostic(Compilation compilation)
    {
        var tree = Location is null ? null : System.Linq.Enumerable.FirstOrDefault(compilation.SyntaxTrees, t => t.FilePath == Location.FilePath);
        return tree is null
            ? ToDiagnostic()
            : Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Microsoft.CodeAnalysis.Location.Create(tree, Location!.Span), System.Linq.Enumerable.ToArray<object>(Arguments));
    }
}
