using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Tuple deconstruction, <c>(a, b) = (b, a + b)</c> and <c>var (s, c) = (Math.Sin(x), Math.Cos(x))</c>: every value is
/// computed first, then assigned, as C# does, so a swap or a Fibonacci step reads the old values.
/// </summary>
internal sealed partial class BodyParser
{
    private void ParseDeconstruction(IDeconstructionAssignmentOperation assignment, string origin, List<StmtModel> output)
    {
        var target = assignment.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : assignment.Target;
        var value = assignment.Value;
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        if (target is not ITupleOperation targets || value is not ITupleOperation values || targets.Elements.Length != values.Elements.Length)
        {
            Unsupported(assignment, "Deconstructing '" + Origin(assignment.Value.Syntax) + "'", "deconstruct a tuple literal such as (a, b) = (b, a + b), or assign each value on its own");
            return;
        }

        var slots = new List<(string Id, TypeRef Type, bool Declared)?>();
        foreach (var element in targets.Elements)
        {
            var slot = element is IDeclarationExpressionOperation declared ? declared.Expression : element;
            switch (slot)
            {
                case IDiscardOperation:
                    slots.Add(null);
                    break;
                case ILocalReferenceOperation { IsDeclaration: true } local:
                {
                    var type = TypeClassifier.ToTypeRef(local.Local.Type);
                    if (type.Kind is ValueKind.Other or ValueKind.Array)
                    {
                        Unsupported(element, "A tuple element of type '" + TypeClassifier.Display(local.Local.Type) + "'", "deconstruct into double, float, integer or bool locals");
                        return;
                    }

                    slots.Add((DeclareLocal(local.Local, type), type, true));
                    break;
                }

                default:
                    if (TargetOf(slot, assignment) is not { } existing)
                    {
                        return;
                    }

                    slots.Add((existing.Id, existing.Type, false));
                    break;
            }
        }

        // Every value first (into a temporary when it is assigned to a variable that already existed), then the assignments.
        var assignments = new List<StmtModel>();
        for (var i = 0; i < slots.Count; i++)
        {
            var parsed = slots[i] is { } slot ? ParseValue(values.Elements[i], slot.Type) : ParseExpression(values.Elements[i]);
            if (parsed is null || slots[i] is not { } s)
            {
                continue;
            }

            if (s.Declared)
            {
                output.Add(new DeclareStmt(origin, s.Id, s.Type, parsed));
                continue;
            }

            var temporary = DeclareSynthetic(s.Id + "_new", s.Type);
            output.Add(new DeclareStmt(origin, temporary, s.Type, parsed));
            assignments.Add(new AssignStmt(origin, s.Id, new VariableExpr(s.Type, temporary)));
        }

        output.AddRange(assignments);
    }
}
