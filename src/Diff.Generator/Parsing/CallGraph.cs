using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Whole-program check over the calls between differentiable methods: a cycle (A calls B calls A) is recursion,
/// which the generated pullbacks cannot express; each call on a cycle gets DG0007.
/// </summary>
internal static class CallGraph
{
    public static EquatableArray<DiagnosticInfo> FindRecursion(ImmutableArray<ParseResult> methods)
    {
        var callsOf = methods
            .GroupBy(m => m.MethodId)
            .ToDictionary(g => g.Key, g => g.First());
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var method in methods.OrderBy(m => m.MethodId, System.StringComparer.Ordinal))
        {
            foreach (var call in method.Calls.Where(c => c.CalleeId != method.MethodId))
            {
                if (Reaches(call.CalleeId, method.MethodId, callsOf))
                {
                    var name = method.Method?.Name ?? method.MethodId;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Recursion, call.Location, Short(method.MethodId), call.CalleeDisplay));
                }
            }
        }

        return diagnostics.ToEquatableArray();
    }

    private static bool Reaches(string from, string target, Dictionary<string, ParseResult> callsOf)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>();
        pending.Push(from);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current == target)
            {
                return true;
            }

            if (!seen.Add(current) || !callsOf.TryGetValue(current, out var method))
            {
                continue;
            }

            foreach (var call in method.Calls)
            {
                pending.Push(call.CalleeId);
            }
        }

        return false;
    }

    /// <summary>"M:Ns.Type.Name(System.Double)" → "Name".</summary>
    private static string Short(string methodId)
    {
        var withoutParameters = methodId.Split('(')[0];
        return withoutParameters.Substring(withoutParameters.LastIndexOf('.') + 1);
    }
}
