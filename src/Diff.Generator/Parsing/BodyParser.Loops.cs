using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

internal sealed partial class BodyParser
{
    /// <summary>for, while, do and foreach, all brought to the one shape of <see cref="LoopStmt"/>.</summary>
    private void ParseLoop(ILoopOperation loop, List<StmtModel> output)
    {
        var origin = LoopOrigin(loop);
        switch (loop)
        {
            case IForLoopOperation forLoop:
            {
                ParseStatements(forLoop.Before, output);
                var header = forLoop.Condition is null ? null : ParseExpression(forLoop.Condition);
                var body = new List<StmtModel>();
                ParseStatement(forLoop.Body, body);
                var step = new List<StmtModel>();
                ParseStatements(forLoop.AtLoopBottom, step);
                var (counter, stride) = CounterOf(step, body);
                output.Add(new LoopStmt(origin, header, body.ToEquatableArray(), step.ToEquatableArray(), null, counter, stride));
                break;
            }

            case IWhileLoopOperation whileLoop:
            {
                var condition = whileLoop.Condition is null ? null : ParseExpression(whileLoop.Condition);
                var body = new List<StmtModel>();
                ParseStatement(whileLoop.Body, body);
                output.Add(whileLoop.ConditionIsTop
                    ? new LoopStmt(origin, condition, body.ToEquatableArray(), EquatableArray<StmtModel>.Empty, null, null, 0)
                    : new LoopStmt(origin, null, body.ToEquatableArray(), EquatableArray<StmtModel>.Empty, condition, null, 0));
                break;
            }

            case IForEachLoopOperation forEach:
                ParseForEach(forEach, origin, output);
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedLoop, loop.Syntax.GetFirstToken().GetLocation(), loop.Syntax.GetFirstToken().ValueText, "use for, while, do or foreach over an array or span");
                break;
        }
    }

    /// <summary>
    /// <c>foreach (var x in a) body</c> → <c>for (int i = 0; i &lt; n; i++) { var x = a[s + i]; body }</c>, over an array or
    /// span parameter, a local array, a view or a slice of one (offset s and length n evaluated once, as foreach does).
    /// </summary>
    private void ParseForEach(IForEachLoopOperation forEach, string origin, List<StmtModel> output)
    {
        var collection = forEach.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : forEach.Collection;
        if (ParseJaggedForEach(forEach, collection, origin, output) || ParseStructForEach(forEach, collection, origin, output))
        {
            return;
        }

        var part = Part(collection, out var reported);
        if (reported)
        {
            return;
        }

        if (collection is ILocalReferenceOperation { Local: var failed } && !localIds.ContainsKey(failed) && !views.ContainsKey(failed))
        {
            return; // a local whose declaration was reported
        }

        if (part is null || forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var element })
        {
            Report(DiagnosticDescriptors.UnsupportedLoop, forEach.Syntax.GetFirstToken().GetLocation(), "foreach", "loop over an array or span (a parameter, a local array or a slice of one), or use a for loop");
            return;
        }

        var elementType = TypeClassifier.ToTypeRef(element.Type);
        var arrayType = TypeClassifier.ToTypeRef(collection.Type);
        if (arrayType.Element is null || elementType.Kind == ValueKind.Other)
        {
            Report(DiagnosticDescriptors.UnsupportedLoop, forEach.Syntax.GetFirstToken().GetLocation(), "foreach", "loop over an array or span of double, float or integers");
            return;
        }

        var (arrayId, start, length) = part.Value;
        if (start is not LiteralExpr)
        {
            var startId = DeclareSynthetic("_start", TypeRef.Int);
            output.Add(new DeclareStmt(origin, startId, TypeRef.Int, start));
            start = new VariableExpr(TypeRef.Int, startId);
        }

        if (length is not (LengthExpr or LiteralExpr))
        {
            var lengthId = DeclareSynthetic("_length", TypeRef.Int);
            output.Add(new DeclareStmt(origin, lengthId, TypeRef.Int, length));
            length = new VariableExpr(TypeRef.Int, lengthId);
        }

        var counter = FreshId("_i");
        Locals.Add(new LocalModel(counter, TypeRef.Int));
        var counterRead = new VariableExpr(TypeRef.Int, counter);
        output.Add(new DeclareStmt(origin, counter, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0)));
        var header = new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, counterRead, length);

        var body = new List<StmtModel>();
        var elementId = DeclareLocal(element, elementType);
        var index = start is LiteralExpr { Value: 0 } ? (ExprModel)counterRead : new BinaryExpr(TypeRef.Int, BinaryOp.Add, start, counterRead);
        body.Add(new DeclareStmt(origin, elementId, elementType, ConvertTo(new ElementExpr(arrayType.Element, arrayId, index), elementType)));
        ParseStatement(forEach.Body, body);
        var step = new StmtModel[] { new AssignStmt(origin, counter, new BinaryExpr(TypeRef.Int, BinaryOp.Add, counterRead, new LiteralExpr(TypeRef.Int, "1", 1))) };
        output.Add(new LoopStmt(origin, header, body.ToEquatableArray(), step.ToEquatableArray(), null, counter, 1));
    }

    /// <summary>
    /// <c>foreach (var p in particles)</c> over a span or array of structs parameter: a counted loop whose struct local
    /// <c>p</c> takes element i's fields from the flat span each iteration.
    /// </summary>
    private bool ParseStructForEach(IForEachLoopOperation forEach, IOperation collection, string origin, List<StmtModel> output)
    {
        if (collection is not IParameterReferenceOperation { Parameter: var span } || TypeClassifier.StructSpanOf(span.Type) is not { } structs
            || forEach.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var element } || element.IsRef
            || TypeClassifier.StructFieldsOf(element.Type) is not { } fields || fields.Count != structs.Fields.Count)
        {
            return false;
        }

        var counter = FreshId("_i");
        Locals.Add(new LocalModel(counter, TypeRef.Int));
        var counterRead = new VariableExpr(TypeRef.Int, counter);
        output.Add(new DeclareStmt(origin, counter, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0)));
        var header = new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, counterRead, new LengthExpr(TypeRef.Int, span.Name));

        var body = new List<StmtModel>();
        var ids = fields.Select(f => DeclareSynthetic(element.Name + "_" + f.IdentifierPart, f.Type)).ToArray();
        structLocals[element] = new StructLocal(fields, ids);
        var current = FlatElement(element.Type, fields, StructFlatOf(span), counterRead);
        for (var j = 0; j < fields.Count; j++)
        {
            body.Add(new DeclareStmt(origin, ids[j], fields[j].Type, current.Leaves[j]));
        }

        ParseStatement(forEach.Body, body);
        var step = new StmtModel[] { new AssignStmt(origin, counter, new BinaryExpr(TypeRef.Int, BinaryOp.Add, counterRead, new LiteralExpr(TypeRef.Int, "1", 1))) };
        output.Add(new LoopStmt(origin, header, body.ToEquatableArray(), step.ToEquatableArray(), null, counter, 1));
        return true;
    }

    /// <summary>
    /// A loop counter the reverse sweep can recompute: the step is <c>i = i ± c</c> (c a constant) and the body never
    /// assigns <c>i</c>, so at the start of iteration k it holds its start value + k·(±c).
    /// </summary>
    private static (string? Counter, int Stride) CounterOf(List<StmtModel> step, List<StmtModel> body)
    {
        if (step.Count != 1 || step[0] is not AssignStmt { Value: BinaryExpr { Type.Kind: ValueKind.Integral } sum } assign
            || sum.Op is not (BinaryOp.Add or BinaryOp.Subtract)
            || Unconvert(sum.Left) is not VariableExpr { } variable || variable.Id != assign.Id
            || Unconvert(sum.Right) is not LiteralExpr { Value: double c } || c != System.Math.Floor(c) || System.Math.Abs(c) > 1 << 20
            || Assigns(body, assign.Id))
        {
            return (null, 0);
        }

        return (assign.Id, sum.Op == BinaryOp.Add ? (int)c : -(int)c);
    }

    private static ExprModel Unconvert(ExprModel e) => e is ConvertExpr c ? Unconvert(c.Operand) : e;

    private static bool Assigns(IEnumerable<StmtModel> statements, string id)
        => statements.Any(s => s switch
        {
            AssignStmt a => a.Id == id,
            DeclareStmt d => d.Id == id,
            IfStmt i => Assigns(i.Then, id) || Assigns(i.Else, id),
            LoopStmt l => Assigns(l.Body, id) || Assigns(l.Step, id),
            _ => false,
        });

    private string FreshId(string name)
    {
        var id = name;
        for (var k = 1; !usedIds.Add(id); k++)
        {
            id = name + "_" + k;
        }

        return id;
    }

    private static string LoopOrigin(ILoopOperation loop)
    {
        var text = Origin(loop.Syntax);
        var brace = text.IndexOf('{');
        return (brace > 0 ? text.Substring(0, brace) : text).Trim();
    }
}
