using System.Collections.Generic;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// The BCL's bulk writes into a local array, written out as the element loops they perform: <c>a.AsSpan().Fill(v)</c>,
/// <c>Array.Fill(a, v)</c>, <c>a.AsSpan(k).Clear()</c>, <c>Array.Clear(a)</c>, <c>source.CopyTo(a)</c> and
/// <c>Array.Copy(source, a, n)</c> (also into a view or slice of a local array), so the stores are differentiated like any other.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Parses a Fill, Clear or CopyTo into a local array; false when the call is none of them.</summary>
    private bool ParseBufferCall(IInvocationOperation call, string origin, List<StmtModel> output)
    {
        var method = call.TargetMethod;
        var isArrayClass = method.ContainingType?.ToDisplayString() == "System.Array";
        IOperation? destination;
        IOperation? source = null;
        IOperation? fill = null;
        (IOperation Start, IOperation Count)? range = null;
        switch (method.Name)
        {
            case "Fill" when isArrayClass && call.Arguments.Length == 4:
                (destination, fill, range) = (call.Arguments[0].Value, call.Arguments[1].Value, (call.Arguments[2].Value, call.Arguments[3].Value));
                break;
            case "Clear" when isArrayClass && call.Arguments.Length == 3:
                (destination, range) = (call.Arguments[0].Value, (call.Arguments[1].Value, call.Arguments[2].Value));
                break;
            case "Fill" when isArrayClass && call.Arguments.Length == 2:
                (destination, fill) = (call.Arguments[0].Value, call.Arguments[1].Value);
                break;
            case "Fill" when call.Instance is not null && call.Arguments.Length == 1:
                (destination, fill) = (call.Instance, call.Arguments[0].Value);
                break;
            case "Clear" when isArrayClass && call.Arguments.Length == 1:
                destination = call.Arguments[0].Value;
                break;
            case "Clear" when call.Instance is not null && call.Arguments.Length == 0:
                destination = call.Instance;
                break;
            case "CopyTo" when call.Instance is not null && call.Arguments.Length == 1:
                (source, destination) = (call.Instance, call.Arguments[0].Value);
                break;
            case "CopyTo" when method.IsExtensionMethod && call.Arguments.Length == 2:
                (source, destination) = (call.Arguments[0].Value, call.Arguments[1].Value);
                break;
            case "Copy" when isArrayClass && call.Arguments.Length == 3:
                return ParseArrayCopy(call, call.Arguments[0].Value, null, call.Arguments[1].Value, null, call.Arguments[2].Value, origin, output);
            case "Copy" when isArrayClass && call.Arguments.Length == 5:
                return ParseArrayCopy(call, call.Arguments[0].Value, call.Arguments[1].Value, call.Arguments[2].Value, call.Arguments[3].Value, call.Arguments[4].Value, origin, output);
            default:
                return false;
        }

        if (Part(destination, out var reported) is not { } target)
        {
            return reported;
        }

        if (range is { } part)
        {
            // Array.Fill(a, v, start, count), Array.Clear(a, start, count): that part of the array.
            if (ParseValue(part.Start, TypeRef.Int) is not { } first || ParseValue(part.Count, TypeRef.Int) is not { } many)
            {
                return true;
            }

            target = (target.ArrayId, target.Start is LiteralExpr { Value: 0 } ? first : new BinaryExpr(TypeRef.Int, BinaryOp.Add, target.Start, first), many);
        }

        if (!localArrayIds.Contains(target.ArrayId))
        {
            Report(DiagnosticDescriptors.WriteToInput, destination.Syntax.GetLocation(), this.method.Name, target.ArrayId);
            return true;
        }

        var element = TypeClassifier.ToTypeRef(TypeClassifier.ElementOf(Unwrapped(destination).Type!) ?? this.method.ReturnType);
        if (source is not null)
        {
            if (CopySourceOf(call, source, target.ArrayId) is not { } from)
            {
                return true;
            }

            // CopyTo throws when the destination is shorter than the source; so does this (unless they are the same length).
            if (!from.Length.Equals(target.Length))
            {
                ThrowWhen(
                    new BinaryExpr(TypeRef.Bool, BinaryOp.GreaterThan, from.Length, target.Length),
                    "new global::System.ArgumentException(\"Destination is too short.\", \"destination\")",
                    origin,
                    output);
            }

            EmitCopyLoop(target, from, element, from.Length, origin, output);
            return true;
        }

        ExprModel value;

        if (fill is not null)
        {
            if (ParseValue(fill, element) is not { } filled)
            {
                return true;
            }

            // The value is evaluated once, as Fill's argument is.
            var once = DeclareSynthetic("_fill", element);
            output.Add(new DeclareStmt(origin, once, element, filled));
            value = new VariableExpr(element, once);
        }
        else
        {
            value = element.IsFloating ? new LiteralExpr(element, Ir.CSharpLiteral.Of(element, 0), 0) : new LiteralExpr(element, Ir.CSharpLiteral.Default(element), 0);
        }

        EmitFillLoop(target, value, target.Length, origin, output);
        return true;
    }

    /// <summary>
    /// <c>Array.Copy(source, destination, length)</c> and <c>Array.Copy(source, sourceIndex, destination, destinationIndex,
    /// length)</c> into a local array: the element loop, after the argument checks Array.Copy makes.
    /// </summary>
    private bool ParseArrayCopy(
        IInvocationOperation call, IOperation source, IOperation? sourceIndex, IOperation destination, IOperation? destinationIndex,
        IOperation length, string origin, List<StmtModel> output)
    {
        if (Part(destination, out var reported) is not { } target)
        {
            return reported;
        }

        if (!localArrayIds.Contains(target.ArrayId))
        {
            Report(DiagnosticDescriptors.WriteToInput, destination.Syntax.GetLocation(), this.method.Name, target.ArrayId);
            return true;
        }

        if (CopySourceOf(call, source, target.ArrayId) is not { } from)
        {
            return true;
        }

        var zero = new LiteralExpr(TypeRef.Int, "0", 0);
        if (ParseValue(length, TypeRef.Int) is not { } count
            || (sourceIndex is null ? zero : ParseValue(sourceIndex, TypeRef.Int)) is not { } sourceStart
            || (destinationIndex is null ? zero : ParseValue(destinationIndex, TypeRef.Int)) is not { } destinationStart)
        {
            return true;
        }

        // Each index and the length are evaluated once, in argument order, as Array.Copy's arguments are.
        ExprModel Once(ExprModel value, string name)
        {
            if (value is LiteralExpr or VariableExpr)
            {
                return value;
            }

            var id = DeclareSynthetic(name, TypeRef.Int);
            output.Add(new DeclareStmt(origin, id, TypeRef.Int, value));
            return new VariableExpr(TypeRef.Int, id);
        }

        sourceStart = Once(sourceStart, "_from");
        destinationStart = Once(destinationStart, "_to");
        count = Once(count, "_count");

        // Array.Copy throws ArgumentOutOfRangeException for a negative index or length, and ArgumentException when
        // either range runs past its array; so does the generated code, before anything is written.
        ExprModel Sub(ExprModel a, ExprModel b) => b is LiteralExpr { Value: 0 } ? a : new BinaryExpr(TypeRef.Int, BinaryOp.Subtract, a, b);
        ExprModel Or(ExprModel a, ExprModel b) => new BinaryExpr(TypeRef.Bool, BinaryOp.ConditionalOr, a, b);
        ExprModel Less(ExprModel a, ExprModel b) => new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, a, b);
        ExprModel Greater(ExprModel a, ExprModel b) => new BinaryExpr(TypeRef.Bool, BinaryOp.GreaterThan, a, b);
        ThrowWhen(
            Or(Less(count, zero), Or(Less(sourceStart, zero), Less(destinationStart, zero))),
            "new global::System.ArgumentOutOfRangeException(\"length\", \"Array.Copy: an index or the length is negative.\")",
            origin,
            output);
        ThrowWhen(
            Or(Greater(count, Sub(from.Length, sourceStart)), Greater(count, Sub(target.Length, destinationStart))),
            "new global::System.ArgumentException(\"Array.Copy: the source or destination array is not long enough.\")",
            origin,
            output);

        ExprModel Plus(ExprModel a, ExprModel b) => a is LiteralExpr { Value: 0 } ? b : b is LiteralExpr { Value: 0 } ? a : new BinaryExpr(TypeRef.Int, BinaryOp.Add, a, b);
        var element = TypeClassifier.ToTypeRef(TypeClassifier.ElementOf(Unwrapped(destination).Type!) ?? this.method.ReturnType);
        EmitCopyLoop((target.ArrayId, Plus(target.Start, destinationStart), count), (from.ArrayId, Plus(from.Start, sourceStart), count), element, count, origin, output);
        return true;
    }

    /// <summary>
    /// The array (or part of one) a copy reads; null (reported) when it is no array, view or slice, or is the
    /// destination's own array.
    /// </summary>
    private (string ArrayId, ExprModel Start, ExprModel Length)? CopySourceOf(IInvocationOperation call, IOperation source, string destinationId)
    {
        if (Part(source, out var reported) is not { } from)
        {
            if (!reported)
            {
                Unsupported(call, "Copying from '" + Origin(source.Syntax) + "'", "copy from an array or span parameter, a local array, or a slice of one");
            }

            return null;
        }

        if (from.ArrayId == destinationId)
        {
            Unsupported(call, "Copying part of '" + destinationId + "' into itself", "copy with a loop, in the order that does not overwrite what is still to be read");
            return null;
        }

        return from;
    }

    /// <summary><c>if (condition) throw exception;</c>, the exception spelled as C# (passive, evaluated only when thrown).</summary>
    private static void ThrowWhen(ExprModel condition, string exception, string origin, List<StmtModel> output)
        => ThrowWhen(condition, new TemplateExpr(new TypeRef(ValueKind.Other, "global::System.Exception"), new[] { exception }.ToEquatableArray(), EquatableArray<ExprModel>.Empty), origin, output);

    private static void ThrowWhen(ExprModel condition, TemplateExpr exception, string origin, List<StmtModel> output)
        => output.Add(new IfStmt(origin, condition, new StmtModel[] { new ThrowStmt(origin, exception) }.ToEquatableArray(), EquatableArray<StmtModel>.Empty));

    /// <summary>The loop of a copy: <c>target[targetStart + k] = source[sourceStart + k]</c> for k &lt; count.</summary>
    private void EmitCopyLoop(
        (string ArrayId, ExprModel Start, ExprModel Length) target,
        (string ArrayId, ExprModel Start, ExprModel Length) source,
        TypeRef element,
        ExprModel count,
        string origin,
        List<StmtModel> output)
        => EmitElementLoop(target, k => ConvertTo(new ElementExpr(element, source.ArrayId, Offset(source.Start, k)), element), count, origin, output);

    /// <summary>The loop of a fill: <c>target[start + k] = value</c> for k &lt; count.</summary>
    private void EmitFillLoop((string ArrayId, ExprModel Start, ExprModel Length) target, ExprModel value, ExprModel count, string origin, List<StmtModel> output)
        => EmitElementLoop(target, _ => value, count, origin, output);

    private static ExprModel Offset(ExprModel start, ExprModel k) => start is LiteralExpr { Value: 0 } ? k : new BinaryExpr(TypeRef.Int, BinaryOp.Add, start, k);

    /// <summary>The loop a bulk write performs: <c>target[start + k] = stored(k)</c> for k &lt; count.</summary>
    private void EmitElementLoop(
        (string ArrayId, ExprModel Start, ExprModel Length) target,
        System.Func<ExprModel, ExprModel> stored,
        ExprModel count,
        string origin,
        List<StmtModel> output)
    {
        var counter = DeclareSynthetic("_k", TypeRef.Int);
        var k = new VariableExpr(TypeRef.Int, counter);
        output.Add(new DeclareStmt(origin, counter, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0)));
        output.Add(new LoopStmt(
            origin,
            new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, k, count),
            new StmtModel[] { new StoreStmt(origin, target.ArrayId, Offset(target.Start, k), stored(k)) }.ToEquatableArray(),
            new StmtModel[] { new AssignStmt(origin, counter, new BinaryExpr(TypeRef.Int, BinaryOp.Add, k, new LiteralExpr(TypeRef.Int, "1", 1))) }.ToEquatableArray(),
            null,
            counter,
            1));
    }
}
