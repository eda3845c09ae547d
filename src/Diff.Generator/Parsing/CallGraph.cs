using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Emitting;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// The whole-program step over the calls between differentiable methods. A method whose gradient could not be
/// generated has no pullback, so no caller of it (directly or through other methods) can have one either: such a
/// caller gets no generated code and one error at its first call into the failure, never a compiler error in
/// generated code. Recursion (direct or mutual) is fine: the pullbacks call each other as the primals do.
/// </summary>
internal static class CallGraph
{
    public static ProgramGeneration Resolve(ImmutableArray<MethodGeneration> methods)
    {
        var byId = new Dictionary<string, MethodGeneration>();
        foreach (var method in methods.OrderBy(m => m.MethodId, System.StringComparer.Ordinal))
        {
            if (!byId.ContainsKey(method.MethodId))
            {
                byId[method.MethodId] = method;
            }
        }

        // Failure spreads from each failed method to its callers until nothing changes (cycles included).
        var failed = new HashSet<string>(byId.Values.Where(m => m.Method is null).Select(m => m.MethodId));
        var blockedBy = new Dictionary<string, CallSite>();
        bool changed;
        do
        {
            changed = false;
            foreach (var method in byId.Values.Where(m => !failed.Contains(m.MethodId)))
            {
                if (method.Calls.FirstOrDefault(c => failed.Contains(c.CalleeId)) is { } call)
                {
                    failed.Add(method.MethodId);
                    blockedBy[method.MethodId] = call;
                    changed = true;
                }
            }
        }
        while (changed);

        var diagnostics = blockedBy
            .OrderBy(b => b.Key, System.StringComparer.Ordinal)
            .Select(b => DiagnosticInfo.Create(DiagnosticDescriptors.CalleeFailed, b.Value.Location, byId[b.Key].Name, b.Value.CalleeDisplay))
            .ToEquatableArray();
        var emitted = byId.Values.Where(m => m.Method is not null && !failed.Contains(m.MethodId)).ToList();
        return new ProgramGeneration(emitted.Select(m => m.Method!).ToEquatableArray(), emitted.Select(m => m.MethodId).ToEquatableArray(), diagnostics);
    }
}

/// <summary>What the whole program emits: the methods whose callees all have gradients, and why the others have none.</summary>
internal sealed record ProgramGeneration(EquatableArray<GeneratedMethod> Methods, EquatableArray<string> MethodIds, EquatableArray<DiagnosticInfo> Diagnostics);
