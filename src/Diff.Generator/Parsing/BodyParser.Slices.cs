using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Slices of arrays and spans: <c>v.AsSpan(i, n)</c>, <c>v.Slice(i)</c>, <c>v[a..b]</c>. A slice passed to a
/// differentiable callee is a <see cref="SliceExpr"/> (the callee's gradient lands in the same part of the buffer); a
/// local span that views part of an array (<c>var row = a.AsSpan(i * n, n);</c>) is no buffer of its own: its reads and
/// writes become reads and writes of the array it views, at its offset, so every analysis sees the one array.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A local span viewing <see cref="ArrayId"/> from the passive int locals <see cref="StartId"/>, <see cref="LengthId"/>.</summary>
    private sealed record View(string ArrayId, string StartId, string LengthId, bool OfArray);

    private readonly Dictionary<ILocalSymbol, View> views = new(SymbolEqualityComparer.Default);

    /// <summary>The array (parameter, local array or view) an operation names, as base id, offset and length; null otherwise.</summary>
    private (string ArrayId, ExprModel Start, ExprModel Length, bool OfArray)? SliceBase(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        var zero = new LiteralExpr(TypeRef.Int, "0", 0);
        switch (operation)
        {
            case IParameterReferenceOperation when OutputView(operation) is { } written:
                return (written.ArrayId, new VariableExpr(TypeRef.Int, written.StartId), new VariableExpr(TypeRef.Int, written.LengthId), false);
            case IParameterReferenceOperation { Parameter: var parameter } when TypeClassifier.IsArrayOrSpan(parameter.Type):
                return (parameter.Name, zero, new LengthExpr(TypeRef.Int, parameter.Name), parameter.Type is IArrayTypeSymbol);
            case ILocalReferenceOperation { Local: var local } when views.TryGetValue(local, out var view):
                return (view.ArrayId, new VariableExpr(TypeRef.Int, view.StartId), new VariableExpr(TypeRef.Int, view.LengthId), view.OfArray);
            case ILocalReferenceOperation { Local: var local } when localArrays.Contains(local.Name) && localIds.TryGetValue(local, out var id):
                return (id, zero, new LengthExpr(TypeRef.Int, id), false);
            default:
                // A slice of a slice (v.AsSpan(1)[..2]).
                return ParseSlice(operation, TypeClassifier.ToTypeRef(operation.Type), out _) is { } inner
                    ? (inner.ArrayId, inner.Start, inner.Length, inner.OfArray)
                    : null;
        }
    }

    /// <summary>
    /// <c>v.AsSpan(…)</c>, <c>v.Slice(…)</c> or <c>v[a..b]</c> of a parameter, local array or view; null when the
    /// operation is no slice (<paramref name="isSlice"/> false) or when it is one that failed (reported).
    /// </summary>
    private SliceExpr? ParseSlice(IOperation operation, TypeRef type, out bool isSlice)
    {
        isSlice = false;
        IOperation? instance = null;
        IOperation? start = null;
        IOperation? length = null;
        IRangeOperation? range = null;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod: { Name: "AsSpan", ContainingType.Name: "MemoryExtensions" } } asSpan
                when asSpan.Arguments.Length is >= 1 and <= 3 && TypeClassifier.IsArrayOrSpan(asSpan.Type!):
                instance = asSpan.Arguments[0].Value;
                (start, length, range) = SliceArguments(asSpan.Arguments.Skip(1).Select(a => a.Value).ToList());
                break;
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } spanInstance } slice
                when TypeClassifier.IsArrayOrSpan(spanInstance.Type!) && slice.Arguments.Length is 1 or 2:
                instance = spanInstance;
                (start, length, range) = SliceArguments(slice.Arguments.Select(a => a.Value).ToList());
                break;
            case IImplicitIndexerReferenceOperation { Argument: IRangeOperation byRange, Instance: var ranged }:
                instance = ranged;
                range = byRange;
                break;
            case IArrayElementReferenceOperation { Indices.Length: 1, ArrayReference: var ranged } element when element.Indices[0] is IRangeOperation byRange:
                instance = ranged;
                range = byRange;
                break;
        }

        if (instance is null || SliceBase(instance) is not { } bases)
        {
            return null;
        }

        isSlice = true;
        ExprModel? from;
        ExprModel? count;
        if (range is not null)
        {
            from = range.LeftOperand is null ? new LiteralExpr(TypeRef.Int, "0", 0) : ParseIndex(range.LeftOperand, bases.Length);
            var to = range.RightOperand is null ? bases.Length : ParseIndex(range.RightOperand, bases.Length);
            count = from is null || to is null ? null
                : from is LiteralExpr { Value: 0 } ? to
                : new BinaryExpr(TypeRef.Int, BinaryOp.Subtract, to, from);
        }
        else
        {
            from = start is null ? new LiteralExpr(TypeRef.Int, "0", 0) : ParseValue(start, TypeRef.Int);
            count = length is not null ? ParseValue(length, TypeRef.Int)
                : from is null ? null
                : new BinaryExpr(TypeRef.Int, BinaryOp.Subtract, bases.Length, from);
        }

        if (from is null || count is null)
        {
            return null;
        }

        var offset = bases.Start is LiteralExpr { Value: 0 } ? from : new BinaryExpr(TypeRef.Int, BinaryOp.Add, bases.Start, from);
        return new SliceExpr(type, bases.ArrayId, offset, count, bases.OfArray);
    }

    /// <summary>The start (int), length (int) or range argument of AsSpan/Slice.</summary>
    private static (IOperation? Start, IOperation? Length, IRangeOperation? Range) SliceArguments(List<IOperation> arguments)
    {
        var first = arguments.Count > 0 ? Unwrapped(arguments[0]) : null;
        return first is IRangeOperation range
            ? (null, null, range)
            : (arguments.Count > 0 ? arguments[0] : null, arguments.Count > 1 ? arguments[1] : null, null);
    }

    /// <summary>
    /// An array, view or slice of one as base array, offset and length; null for anything else, with
    /// <paramref name="reported"/> set when it was a slice that failed (and was reported).
    /// </summary>
    private (string ArrayId, ExprModel Start, ExprModel Length)? Part(IOperation operation, out bool reported)
    {
        var unwrapped = Unwrapped(operation);
        var slice = ParseSlice(unwrapped, TypeClassifier.ToTypeRef(unwrapped.Type), out var isSlice);
        reported = isSlice && slice is null;
        return slice is not null ? (slice.ArrayId, slice.Start, slice.Length)
            : !isSlice && SliceBase(unwrapped) is { } whole ? (whole.ArrayId, whole.Start, whole.Length)
            : null;
    }

    private static IOperation Unwrapped(IOperation operation)
        => operation is IConversionOperation { IsImplicit: true } conversion ? Unwrapped(conversion.Operand) : operation;

    /// <summary>
    /// <c>var w = v.AsSpan(i, n);</c> (or any slice, or the whole array): a view, recorded with its offset and length
    /// in two passive locals declared here; false when the initializer is no slice.
    /// </summary>
    private bool ParseView(IVariableDeclaratorOperation declarator, ILocalSymbol local, string origin, List<StmtModel> output)
    {
        var initializer = declarator.GetVariableInitializer()?.Value;
        if (initializer is null || local.IsRef)
        {
            return false;
        }

        var slice = ParseSlice(Unwrapped(initializer), TypeClassifier.ToTypeRef(local.Type), out var isSlice);
        var whole = false;
        if (!isSlice && SliceBase(initializer) is { } all)
        {
            // var w = v; (another name for the same array, or a span of all of it): a view of all of it.
            slice = new SliceExpr(TypeClassifier.ToTypeRef(local.Type), all.ArrayId, all.Start, all.Length, all.OfArray);
            isSlice = whole = true;
        }

        if (!isSlice)
        {
            return false;
        }

        if (slice is not null)
        {
            if (local.Type is IArrayTypeSymbol && !whole && !method.Parameters.Any(p => p.Name == slice.ArrayId))
            {
                // double[] w = a[1..] is a copy, not a view: writes to either must not reach the other, so it is
                // declared as a local array (ParseLocalArray). (A copy of part of a parameter reads as a view:
                // neither is ever written, inputs never are.)
                return false;
            }

            var start = DeclareSynthetic(local.Name + "_start", TypeRef.Int);
            var length = DeclareSynthetic(local.Name + "_length", TypeRef.Int);
            output.Add(new DeclareStmt(origin, start, TypeRef.Int, slice.Start));
            output.Add(new DeclareStmt(origin, length, TypeRef.Int, slice.Length));
            views[local] = new View(slice.ArrayId, start, length, slice.OfArray);
            if (nesting == 0)
            {
                fixedIds.Add(start);
                fixedIds.Add(length);
            }
        }

        return true;
    }

    /// <summary><c>w[i]</c>, <c>w[^k]</c> on a view: the viewed array's element at the view's offset.</summary>
    private ExprModel? ParseViewElement(View view, IOperation indexOperation)
        => ParseCheckedIndex(indexOperation, new VariableExpr(TypeRef.Int, view.LengthId)) is { } index
            ? new BinaryExpr(TypeRef.Int, BinaryOp.Add, new VariableExpr(TypeRef.Int, view.StartId), index)
            : null;

    /// <summary>The view a local names, if it is one.</summary>
    private View? ViewOf(IOperation operation)
        => operation is ILocalReferenceOperation { Local: var local } && views.TryGetValue(local, out var view) ? view : OutputView(operation);
}
