using System;
using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// The SIMD half of a lifted elementwise op: <c>Value</c> and <c>Pullback</c> over <c>Vector256&lt;float&gt;</c>, the
/// method's own forward sweep and pullback printed over eight elements at a time by <see cref="LanePrinter"/> (see
/// <c>IVectorizedElementwiseOp</c>). Null when the body cannot run on lanes; the op then loops over the scalar
/// method and pullback one element at a time.
/// </summary>
internal static class VectorizedOpEmitter
{
    /// <summary>
    /// Inlined into the runtime's loop over the tensor: the broadcast constants are then hoisted out of it and the
    /// eight-lane values stay in registers instead of being passed through memory on every call.
    /// </summary>
    private const string AggressiveInlining = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    /// <summary>The two members' text (unindented), or null.</summary>
    public static string? TryEmit(ElementwisePullback pullback)
    {
        var (op, body, seedName) = (pullback.Op, pullback.Body, pullback.SeedName);
        var element = op.Element;
        var lanes = LaneAnalysis.LaneNames(pullback.Statements, new[] { element.Name, seedName, element.GradientName });
        if (lanes is null || lanes.Overlaps(op.Constants.Select(c => c.Name)))
        {
            return null;
        }

        var types = pullback.ParameterTypes();
        var value = new CodeWriter();
        var lane = LanePrinter.LaneType;
        var x = Identifier.Escape(element.Name);
        value.Line($"/// <summary><c>{op.Name}</c> at each of eight elements: its forward sweep over Vector256 lanes.</summary>");
        value.Line(AggressiveInlining);
        value.Open($"public {lane} Value({lane} {x})");
        pullback.DeclareConstants(value);
        if (!LanePrinter.TryPrint(body.Forward, body.Result, lanes, types, value))
        {
            return null;
        }

        value.Close();
        value.Line();
        var gradient = Identifier.Escape(element.GradientName);
        value.Line($"/// <summary><c>{op.PullbackName}</c> at each of eight elements: seed · ∂{op.Name}/∂{element.Name} over Vector256 lanes.</summary>");
        value.Line(AggressiveInlining);
        value.Open($"public {lane} Pullback({lane} {x}, {lane} {Identifier.Escape(seedName)})");
        pullback.DeclareConstants(value);
        value.Line($"{lane} {gradient} = {lane}.Zero;");
        if (!LanePrinter.TryPrint(pullback.Statements, new NameCode(element.GradientName), lanes, types, value))
        {
            return null;
        }

        value.Close();
        return value.ToString();
    }
}
