using System;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Emitting;

/// <summary>The outcome of differentiating one method: its code, or the diagnostics that explain why there is none.</summary>
internal sealed record MethodGeneration(GeneratedMethod? Method, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Runs Ir → Reverse → Emitting for a parsed method; an internal failure becomes DG9999 on that method only.</summary>
    public static MethodGeneration From(ParseResult parsed)
    {
        if (parsed.Method is null)
        {
            return new MethodGeneration(null, parsed.Diagnostics);
        }

        try
        {
            return new MethodGeneration(MethodEmitter.Emit(parsed.Method), parsed.Diagnostics);
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, parsed.Location, parsed.Method.Name, ex.GetType().Name + ": " + ex.Message);
            return new MethodGeneration(null, new[] { diagnostic }.ToEquatableArray());
        }
    }
}
