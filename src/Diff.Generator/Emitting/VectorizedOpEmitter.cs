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
    public static string? TryEmit(TapeOpModel op, MethodModel method)
    {
        var (seedName, body) = MethodEmitter.PullbackBody(method);
        if (body.TapeName is not null || !body.Cleanup.IsEmpty)
        {
            return null;
        }

        var element = op.Element;
        var all = body.Forward.Concat(body.Reverse).Concat(body.Accumulate).ToList();
        var lanes = LaneAnalysis.LaneNames(all, new[] { element.Name, seedName, element.GradientName });
        if (lanes is null || lanes.Overlaps(op.Constants.Select(c => c.Name)))
        {
            return null;
        }

        var types = new Dictionary<string, TypeRef>(StringComparer.Ordinal) { [element.Name] = TypeRef.Float, [seedName] = TypeRef.Float, [element.GradientName] = TypeRef.Float };
        foreach (var constant in op.Constants)
        {
            types[constant.Name] = constant.Type;
        }

        var value = new CodeWriter();
        var lane = LanePrinter.LaneType;
        var x = Identifier.Escape(element.Name);
        value.Line($"/// <summary><c>{op.Name}</c> at each of eight elements: its forward sweep over Vector256 lanes.</summary>");
        value.Line(AggressiveInlining);
        value.Open($"public {lane} Value({lane} {x})");
        DeclareConstants(op, value);
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
        DeclareConstants(op, value);
        value.Line($"{lane} {gradient} = {lane}.Zero;");
        if (!LanePrinter.TryPrint(all, new NameCode(element.GradientName), lanes, types, value))
        {
            return null;
        }

        value.Close();
        return value.ToString();
    }

    /// <summary>The op's constants as locals under their parameter names, which the printed body reads.</summary>
    private static void DeclareConstants(TapeOpModel op, CodeWriter writer)
    {
        foreach (var constant in op.Constants)
        {
            writer.Line($"{constant.Type.Name} {Identifier.Escape(constant.Name)} = this._{constant.Name};");
        }
    }
}
