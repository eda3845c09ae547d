using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Swapping two local arrays, as iterative solvers do between sweeps: <c>var tmp = x; x = next; next = tmp;</c> or
/// <c>(x, next) = (next, x);</c>. Differentiated as the element swap it is equivalent to (both arrays of the same
/// length, no view of either held across it): each name then holds the other's elements, and every element write is
/// one the local-array machinery saves and restores.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The length each local array was declared with.</summary>
    private readonly Dictionary<string, ExprModel> localArrayLengths = new();

    /// <summary>Parses a swap starting at statement <paramref name="index"/>; the number of statements it took (0: none).</summary>
    private int ParseArraySwap(List<IOperation> statements, int index, List<StmtModel> output)
    {
        string? first = null;
        string? second = null;
        var taken = 0;
        if (index + 2 < statements.Count
            && statements[index] is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            && group.Declarations[0].Declarators.Length == 1
            && group.Declarations[0].Declarators[0] is { Symbol: var temporary } declarator
            && LocalArray(declarator.GetVariableInitializer()?.Value) is { } a
            && Assignment(statements[index + 1]) is { } firstAssignment && LocalArray(firstAssignment.Target) == a && LocalArray(firstAssignment.Value) is { } b
            && Assignment(statements[index + 2]) is { } secondAssignment && LocalArray(secondAssignment.Target) == b
            && secondAssignment.Value is ILocalReferenceOperation { Local: var read } && SymbolEqualityComparer.Default.Equals(read, temporary)
            && !statements.Skip(index + 3).SelectMany(s => s.DescendantsAndSelf()).Any(o => o is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, temporary)))
        {
            (first, second, taken) = (a, b, 3);
        }
        else if (statements[index] is IExpressionStatementOperation { Operation: IDeconstructionAssignmentOperation { Target: ITupleOperation { Elements.Length: 2 } targets } deconstruction }
            && Unconverted(deconstruction.Value) is ITupleOperation { Elements.Length: 2 } values
            && LocalArray(targets.Elements[0]) is { } x && LocalArray(targets.Elements[1]) is { } y && x != y
            && LocalArray(values.Elements[0]) == y && LocalArray(values.Elements[1]) == x)
        {
            (first, second, taken) = (x, y, 1);
        }

        if (first is null || second is null)
        {
            return 0;
        }

        var origin = string.Join(" ", statements.Skip(index).Take(taken).Select(s => Origin(s.Syntax)));
        var where = statements[index].Syntax.GetLocation();
        if (views.Values.Any(v => v.ArrayId == first || v.ArrayId == second))
        {
            Report(DiagnosticDescriptors.UnsupportedArray, where, "Swapping the local arrays '" + first + "' and '" + second + "' while a view of one of them is in use", "declare the views after the swap, or copy the elements in a loop");
            return taken;
        }

        if (!DeclaredLength(first).Equals(DeclaredLength(second)))
        {
            // Not the same length expression: the element swap needs equal lengths, checked where the swap runs.
            var message = new TemplateExpr(
                new TypeRef(ValueKind.Other, "global::System.Exception"),
                new[]
                {
                    "new global::System.InvalidOperationException($\"The [Differentiable] method '" + method.Name + "' swaps the local arrays '" + first + "' (length {",
                    "}) and '" + second + "' (length {",
                    "}); its generated gradient swaps their elements, which needs equal lengths.\")",
                }.ToEquatableArray(),
                new ExprModel[] { new LengthExpr(TypeRef.Int, first), new LengthExpr(TypeRef.Int, second) }.ToEquatableArray());
            ThrowWhen(new BinaryExpr(TypeRef.Bool, BinaryOp.NotEquals, new LengthExpr(TypeRef.Int, first), new LengthExpr(TypeRef.Int, second)), message, origin, output);
        }

        // for (k = 0; k < n; k++) { t = first[k]; first[k] = second[k]; second[k] = t; }
        var element = LocalArrayElement(first);
        var counter = DeclareSynthetic("_swap", TypeRef.Int);
        var held = DeclareSynthetic("_held", element);
        var k = new VariableExpr(TypeRef.Int, counter);
        output.Add(new DeclareStmt(origin, counter, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0)));
        output.Add(new LoopStmt(
            origin,
            new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, k, new LengthExpr(TypeRef.Int, first)),
            new StmtModel[]
            {
                new DeclareStmt(origin, held, element, new ElementExpr(element, first, k)),
                new StoreStmt(origin, first, k, new ElementExpr(element, second, k)),
                new StoreStmt(origin, second, k, new VariableExpr(element, held)),
            }.ToEquatableArray(),
            new StmtModel[] { new AssignStmt(origin, counter, new BinaryExpr(TypeRef.Int, BinaryOp.Add, k, new LiteralExpr(TypeRef.Int, "1", 1))) }.ToEquatableArray(),
            null,
            counter,
            1));
        return taken;
    }

    /// <summary>A local array's declared length, with lengths of other local arrays in it replaced by theirs.</summary>
    private ExprModel DeclaredLength(string id)
        => localArrayLengths.TryGetValue(id, out var length) && length is LengthExpr { Row: null } other && other.ArrayId != id && localArrayLengths.ContainsKey(other.ArrayId)
            ? DeclaredLength(other.ArrayId)
            : length ?? new LengthExpr(TypeRef.Int, id);

    /// <summary>The id of the local array an operation names (not a view); null otherwise.</summary>
    private string? LocalArray(IOperation? operation)
        => Unconverted(operation) is ILocalReferenceOperation { Local: var local } && !views.ContainsKey(local)
            && localIds.TryGetValue(local, out var id) && localArrayIds.Contains(id) && localArrayLengths.ContainsKey(id)
            ? id
            : null;

    private TypeRef LocalArrayElement(string id) => Locals.First(l => l.Id == id).Type.Element!;

    private static ISimpleAssignmentOperation? Assignment(IOperation statement)
        => statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } ? assignment : null;

    private static IOperation? Unconverted(IOperation? operation)
        => operation is IConversionOperation { IsImplicit: true } conversion ? Unconverted(conversion.Operand) : operation;
}
