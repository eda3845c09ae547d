using System.Linq;
using System;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Emitting;

/// <summary>The outcome of differentiating one method: its code, or the diagnostics that explain why there is none.</summary>
/// <param name="Name">The primal's name, for messages about it.</param>
/// <param name="Calls">The calls it makes to other differentiable methods: a failure there leaves it without code too.</param>
internal sealed record MethodGeneration(
    GeneratedMethod? Method,
    EquatableArray<DiagnosticInfo> Diagnostics,
    string MethodId,
    string Name,
    EquatableArray<CallSite> Calls)
{
    /// <summary>Runs Ir → Reverse → Emitting for a parsed method; an internal failure becomes DG9999 on that method only.</summary>
    public static MethodGeneration From(ParseResult parsed)
    {
        var name = parsed.Method?.Name ?? Short(parsed.MethodId);
        if (parsed.Method is null)
        {
            return new MethodGeneration(null, parsed.Diagnostics, parsed.MethodId, name, parsed.Calls);
        }

        try
        {
            var emitted = MethodEmitter.Emit(parsed.Method);
            var diagnostics = parsed.Diagnostics;
            if (emitted.IgnoresInputs)
            {
                var inputs = parsed.Method.Parameters.Where(p => p.IsActive).Select(p => "'" + p.Name + "'").ToList();
                var which = inputs.Count == 1 ? inputs[0] : string.Join(", ", inputs);
                diagnostics = diagnostics.Append(DiagnosticInfo.Create(DiagnosticDescriptors.ResultIgnoresInputs, parsed.Location, parsed.Method.Name, which)).ToEquatableArray();
            }

            if (emitted.ForwardModeProblem is { } problem)
            {
                diagnostics = diagnostics.Append(DiagnosticInfo.Create(DiagnosticDescriptors.ForwardModeUnsupported, parsed.Location, parsed.Method.Name, problem)).ToEquatableArray();
            }

            return new MethodGeneration(emitted, diagnostics, parsed.MethodId, name, parsed.Calls);
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, parsed.Location, parsed.Method.Name, ex.GetType().Name + ": " + ex.Message);
            return new MethodGeneration(null, new[] { diagnostic }.ToEquatableArray(), parsed.MethodId, name, parsed.Calls);
        }
    }

    /// <summary>"M:Ns.Type.Name(System.Double)" → "Name".</summary>
    private static string Short(string methodId)
    {
        var withoutParameters = methodId.Split('(')[0];
        return withoutParameters.Substring(withoutParameters.LastIndexOf('.') + 1);
    }
}
