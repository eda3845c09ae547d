using System.Collections.Generic;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Jagged array parameters (<c>double[][] rows</c>), read as numeric code reads them: <c>rows[i][j]</c>,
/// <c>rows[i].Length</c>, <c>var row = rows[i]</c> then <c>row[j]</c>, and <c>foreach</c> over the rows and over a
/// row. Each element read is an <see cref="ElementExpr"/> with its row, so its adjoint is added into
/// <c>drows[i][j]</c>. A row is named by the parameter and a passive row index held in a local, evaluated once where
/// the row is taken, as C# evaluates <c>rows[i]</c> once.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A row of a jagged parameter: the parameter's name and the local holding the row index.</summary>
    private sealed record JaggedRow(string ArrayId, string RowId)
    {
        public VariableExpr Row => new(TypeRef.Int, RowId);
    }

    /// <summary>Locals that name a row of a jagged parameter (<c>var row = rows[i]</c>, <c>foreach (var row in rows)</c>).</summary>
    private readonly Dictionary<ILocalSymbol, JaggedRow> jaggedRows = new(SymbolEqualityComparer.Default);

    private static bool IsJaggedParameter(IOperation operation)
        => operation is IParameterReferenceOperation { Parameter.Type: var type } && TypeClassifier.ToTypeRef(type).IsJagged;

    /// <summary>
    /// A row as an expression, without naming it: <c>rows[i]</c> (the index parsed here) or a row local; null when
    /// <paramref name="operation"/> is no row; <paramref name="reported"/> when it was one whose index failed.
    /// </summary>
    private (string ArrayId, ExprModel Row)? RowOf(IOperation operation, out bool reported)
    {
        reported = false;
        operation = Unwrapped(operation);
        switch (operation)
        {
            case ILocalReferenceOperation { Local: var local } when jaggedRows.TryGetValue(local, out var named):
                return (named.ArrayId, named.Row);
            case IArrayElementReferenceOperation { ArrayReference: var jagged, Indices.Length: 1 } element when IsJaggedParameter(jagged):
            {
                var name = ((IParameterReferenceOperation)jagged).Parameter.Name;
                if (ParseCheckedIndex(element.Indices[0], new LengthExpr(TypeRef.Int, name)) is { } row)
                {
                    return (name, row);
                }

                reported = true;
                return null;
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// <c>rows[i][j]</c>, <c>row[j]</c>, <c>rows[i].Length</c>, <c>row.Length</c> (and a row used whole, reported);
    /// <paramref name="handled"/> false when the operation is none of them.
    /// </summary>
    private ExprModel? ParseJaggedRead(IOperation operation, TypeRef type, out bool handled)
    {
        handled = true;
        switch (operation)
        {
            case IArrayElementReferenceOperation { ArrayReference: var rowOperation, Indices.Length: 1 } element when IsRow(rowOperation):
            {
                if (RowOf(rowOperation, out _) is not { } row)
                {
                    return null;
                }

                var index = ParseCheckedIndex(element.Indices[0], new LengthExpr(TypeRef.Int, row.ArrayId) { Row = row.Row });
                return index is null ? null : new ElementExpr(type, row.ArrayId, index) { Row = row.Row };
            }

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } rowOperation } when IsRow(rowOperation):
                return RowOf(rowOperation, out _) is { } measured ? new LengthExpr(TypeRef.Int, measured.ArrayId) { Row = measured.Row } : null;
            case ILocalReferenceOperation { Local: var local } when jaggedRows.ContainsKey(local):
            case IArrayElementReferenceOperation { ArrayReference: var jagged, Indices.Length: 1 } when IsJaggedParameter(jagged):
                // A row used as a whole (passed to a method, assigned): not a value differentiable code can hold.
                Report(
                    DiagnosticDescriptors.UnsupportedArray,
                    operation.Syntax.GetLocation(),
                    "Using the row '" + Origin(operation.Syntax) + "' of a jagged array other than by reading its elements and Length",
                    "read its elements (rows[i][j]) in this method, or copy the row into a local array first");
                return null;
            default:
                handled = false;
                return null;
        }
    }

    /// <summary>Whether an operation is a row of a jagged parameter (<c>rows[i]</c> or a row local), without parsing it.</summary>
    private bool IsRow(IOperation operation) => RowArrayName(operation) is not null;

    /// <summary>The jagged parameter a row (<c>rows[i]</c> or a row local) belongs to; null for anything else.</summary>
    private string? RowArrayName(IOperation operation)
        => Unwrapped(operation) switch
        {
            ILocalReferenceOperation { Local: var local } when jaggedRows.TryGetValue(local, out var named) => named.ArrayId,
            IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation { Parameter.Name: var name } jagged, Indices.Length: 1 } when IsJaggedParameter(jagged) => name,
            _ => null,
        };

    /// <summary><c>var row = rows[i];</c>: names the row (its index evaluated once, here); false when the initializer is no row.</summary>
    private bool ParseJaggedRowDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, string origin, List<StmtModel> output)
    {
        if (declarator.GetVariableInitializer()?.Value is not { } initializer || local.IsRef)
        {
            return false;
        }

        var row = RowOf(initializer, out var reported);
        if (reported)
        {
            return true;
        }

        if (row is not { } found)
        {
            return false;
        }

        jaggedRows[local] = new JaggedRow(found.ArrayId, HoldRow(local.Name, found.Row, origin, output));
        return true;
    }

    /// <summary>The row index in a passive local of its own (a fresh one, so a later change of <c>i</c> does not move the row).</summary>
    private string HoldRow(string name, ExprModel row, string origin, List<StmtModel> output)
    {
        var rowId = DeclareSynthetic(name + "_row", TypeRef.Int);
        output.Add(new DeclareStmt(origin, rowId, TypeRef.Int, row));
        return rowId;
    }

    /// <summary>
    /// <c>foreach (var row in rows)</c> (each row named in turn) and <c>foreach (var x in rows[i])</c> /
    /// <c>foreach (var x in row)</c> (each element); false when the collection is neither.
    /// </summary>
    private bool ParseJaggedForEach(IForEachLoopOperation forEach, IOperation collection, string origin, List<StmtModel> output)
    {
        var overRows = IsJaggedParameter(collection);
        var reported = false;
        var row = overRows ? null : RowOf(collection, out reported);
        if (!overRows && row is null)
        {
            return reported;
        }

        if (forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var variable })
        {
            Report(DiagnosticDescriptors.UnsupportedLoop, forEach.Syntax.GetFirstToken().GetLocation(), "foreach", "loop with a declared loop variable, or use a for loop");
            return true;
        }

        var arrayId = overRows ? ((IParameterReferenceOperation)collection).Parameter.Name : row!.Value.ArrayId;
        ExprModel? rowIndex = null;
        if (row is { } taken)
        {
            rowIndex = new VariableExpr(TypeRef.Int, HoldRow("_each", taken.Row, origin, output));
        }

        var counter = FreshId("_i");
        Locals.Add(new LocalModel(counter, TypeRef.Int));
        var counterRead = new VariableExpr(TypeRef.Int, counter);
        output.Add(new DeclareStmt(origin, counter, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0)));
        var length = new LengthExpr(TypeRef.Int, arrayId) { Row = rowIndex };
        var header = new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, counterRead, length);

        var body = new List<StmtModel>();
        if (overRows)
        {
            // The loop variable names row i: its reads are rows[i][j].
            jaggedRows[variable] = new JaggedRow(arrayId, HoldRow(variable.Name, counterRead, origin, body));
        }
        else
        {
            var elementType = TypeClassifier.ToTypeRef(variable.Type);
            if (elementType.Kind == ValueKind.Other)
            {
                Report(DiagnosticDescriptors.UnsupportedLoop, forEach.Syntax.GetFirstToken().GetLocation(), "foreach", "loop over a row of double or float");
                return true;
            }

            var rowType = TypeClassifier.ToTypeRef(collection.Type!);
            var element = new ElementExpr(rowType.Element ?? elementType, arrayId, counterRead) { Row = rowIndex };
            var elementId = DeclareLocal(variable, elementType);
            body.Add(new DeclareStmt(origin, elementId, elementType, ConvertTo(element, elementType)));
        }

        ParseStatement(forEach.Body, body);
        var step = new StmtModel[] { new AssignStmt(origin, counter, new BinaryExpr(TypeRef.Int, BinaryOp.Add, counterRead, new LiteralExpr(TypeRef.Int, "1", 1))) };
        output.Add(new LoopStmt(origin, header, body.ToEquatableArray(), step.ToEquatableArray(), null, counter, 1));
        return true;
    }

}
