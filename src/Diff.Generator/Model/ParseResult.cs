namespace DiffGen.Generator.Model;

/// <summary>
/// What parsing one <c>[Differentiable]</c> method yields: the model when it can be generated, the diagnostics, and
/// the calls it makes to other differentiable methods (for whole-program checks such as mutual recursion).
/// </summary>
/// <param name="MethodId">The method's documentation-comment id, unique in the compilation.</param>
internal sealed record ParseResult(
    MethodModel? Method,
    string MethodId,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<CallSite> Calls);

/// <summary>A call from a differentiable method to another, by the callee's documentation-comment id.</summary>
internal sealed record CallSite(string CalleeId, string CalleeDisplay, LocationInfo? Location);
