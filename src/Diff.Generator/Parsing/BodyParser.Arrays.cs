using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

internal sealed partial class BodyParser
{
    /// <summary>
    /// <c>var a = new double[n];</c>, <c>new double[] { … }</c> or <c>Span&lt;double&gt; a = stackalloc double[n];</c>:
    /// a zeroed buffer of n elements (its initializer, element stores).
    /// </summary>
    private void ParseLocalArray(IVariableDeclaratorOperation declarator, ILocalSymbol local, TypeRef type, string origin, List<StmtModel> output)
    {
        var where = declarator.Syntax.GetLocation();
        if (!type.IsArray)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, where, "A local of type '" + TypeClassifier.Display(local.Type) + "'", ArrayAdvice);
            return;
        }

        var initializer = declarator.GetVariableInitializer()?.Value;
        if (initializer is IConversionOperation { IsImplicit: true } conversion)
        {
            initializer = conversion.Operand;
        }

        var (size, elements) = NewArrayShape(initializer);

        (string ArrayId, ExprModel Start, ExprModel Length)? copied = null;
        if (size is null && initializer is not null && CopySource(initializer) is { } source)
        {
            copied = Part(source, out var reported);
            if (copied is null)
            {
                if (!reported)
                {
                    Report(DiagnosticDescriptors.UnsupportedArray, where, "'" + Origin(declarator.Syntax) + "'", "copy an array or span parameter, a local array, or a slice of one");
                }

                return;
            }
        }

        if (size is null && copied is null)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, where, "'" + Origin(declarator.Syntax) + "'", "create local arrays with new T[n], new T[] { ... }, stackalloc T[n], or as a copy (Clone(), ToArray(), a[i..j])");
            return;
        }

        var length = copied is { } from ? from.Length : ParseValue(size!, TypeRef.Int);
        if (length is null)
        {
            return;
        }

        var id = DeclareLocal(local, type);
        localArrays.Add(local.Name);
        localArrayIds.Add(id);
        fixedIds.Add(id); // at the top level, or hoisted to the top
        if (nesting > 0)
        {
            // Inside a loop or branch: one buffer for the whole call, allocated at the top, and zeroed here each time
            // (what a fresh new T[n] holds). Only when its length is the same every time.
            if (!IsFixedForTheCall(length))
            {
                Report(DiagnosticDescriptors.UnsupportedArray, where, "A local array declared inside a loop or branch with a length that can change", "declare it at the top of the method with its largest length and reuse it");
                return;
            }

            hoistedArrays.Add(new DeclareArrayStmt(origin, id, type, length));
            localArrayLengths[id] = length;
            if (!elements.Any())
            {
                output.AddRange(Zeroing(origin, id, type.Element!));
            }
        }
        else
        {
            output.Add(new DeclareArrayStmt(origin, id, type, length));
            localArrayLengths[id] = length;
        }

        if (copied is { } copy)
        {
            // A copy: a fresh array holding the source's elements, written element by element.
            EmitCopyLoop((id, new LiteralExpr(TypeRef.Int, "0", 0), length), copy, type.Element!, length, origin, output);
        }

        var index = 0;
        foreach (var element in elements)
        {
            var value = ParseValue(element, type.Element!);
            if (value is not null)
            {
                output.Add(new StoreStmt(origin, id, new LiteralExpr(TypeRef.Int, index.ToString(System.Globalization.CultureInfo.InvariantCulture), index), value));
            }

            index++;
        }
    }

    /// <summary>
    /// The length and element values of <c>new T[n]</c>, <c>new T[] { … }</c> or <c>stackalloc T[n]</c> (with or
    /// without <c>{ … }</c>); a null size for any other initializer.
    /// </summary>
    private (IOperation? Size, IEnumerable<IOperation> Elements) NewArrayShape(IOperation? initializer)
    {
        switch (initializer)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } creation:
                return (creation.DimensionSizes[0], creation.Initializer?.ElementValues ?? Enumerable.Empty<IOperation>());
            case { Syntax: StackAllocArrayCreationExpressionSyntax stackAlloc }
                when stackAlloc.Type is ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType && arrayType.RankSpecifiers[0].Sizes.Count == 1
                    && arrayType.RankSpecifiers[0].Sizes[0] is not OmittedArraySizeExpressionSyntax:
                return (semanticModel.GetOperation(arrayType.RankSpecifiers[0].Sizes[0], cancellationToken),
                    stackAlloc.Initializer?.Expressions.Select(e => semanticModel.GetOperation(e, cancellationToken)!) ?? Enumerable.Empty<IOperation>());
            default:
                return (null, Enumerable.Empty<IOperation>());
        }
    }

    /// <summary>
    /// The array or span an initializer copies: <c>(double[])v.Clone()</c>, <c>v.ToArray()</c> (of an array, through
    /// LINQ, or of a span), <c>v[i..j]</c> of an array; null when it is no copy.
    /// </summary>
    private IOperation? CopySource(IOperation initializer)
    {
        var operation = initializer is IConversionOperation conversion ? conversion.Operand : initializer;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "Clone", Instance: { Type: IArrayTypeSymbol { Rank: 1 } } instance, Arguments.Length: 0 }:
                return instance;
            case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } span, Arguments.Length: 0 } when span.Type is { } spanType && TypeClassifier.IsArrayOrSpan(spanType):
                return span;
            case IInvocationOperation { TargetMethod: { Name: "ToArray", IsExtensionMethod: true }, Arguments.Length: 1 } toArray
                when toArray.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && Unwrapped(toArray.Arguments[0].Value).Type is { } sourceType && TypeClassifier.IsArrayOrSpan(sourceType):
                return Unwrapped(toArray.Arguments[0].Value);
            case IArrayElementReferenceOperation { Indices.Length: 1 } rangeOfArray when rangeOfArray.Indices[0] is IRangeOperation:
                return operation;
            default:
                return null;
        }
    }

    /// <summary>Local arrays declared in loops or branches, allocated once at the top of the body.</summary>
    private readonly List<StmtModel> hoistedArrays = new();

    /// <summary>Whether a length reads only constants, static data, and parameters (and their lengths) that the body never assigns.</summary>
    private bool IsFixedForTheCall(ExprModel length)
        => length switch
        {
            LiteralExpr or OpaqueExpr => true,
            LengthExpr l => method.Parameters.Any(p => p.Name == l.ArrayId) && (l.Row is null || IsFixedForTheCall(l.Row)),
            VariableExpr v => method.Parameters.FirstOrDefault(p => p.Name == v.Id) is { } parameter && !IsAssigned(parameter),
            ConvertExpr c => IsFixedForTheCall(c.Operand),
            UnaryExpr u => IsFixedForTheCall(u.Operand),
            BinaryExpr b => IsFixedForTheCall(b.Left) && IsFixedForTheCall(b.Right),
            _ => false,
        };

    /// <summary><c>for (int z = 0; z &lt; a.Length; z++) a[z] = 0;</c> as model statements.</summary>
    private IEnumerable<StmtModel> Zeroing(string origin, string arrayId, TypeRef element)
    {
        var counter = DeclareSynthetic("_zero", TypeRef.Int);
        var index = new VariableExpr(TypeRef.Int, counter);
        yield return new DeclareStmt(origin, counter, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0));
        var zero = element.IsFloating ? new LiteralExpr(element, Ir.CSharpLiteral.Of(element, 0), 0) : new LiteralExpr(element, Ir.CSharpLiteral.Default(element), 0);
        yield return new LoopStmt(
            origin,
            new BinaryExpr(TypeRef.Bool, BinaryOp.LessThan, index, new LengthExpr(TypeRef.Int, arrayId)),
            new StmtModel[] { new StoreStmt(origin, arrayId, index, zero) }.ToEquatableArray(),
            new StmtModel[] { new AssignStmt(origin, counter, new BinaryExpr(TypeRef.Int, BinaryOp.Add, index, new LiteralExpr(TypeRef.Int, "1", 1))) }.ToEquatableArray(),
            null,
            counter,
            1);
    }

    /// <summary>Writes to an element of a local array (<c>a[i] = v</c>, <c>a[i] += v</c>, <c>a[i]++</c>); false when the statement is something else.</summary>
    private bool ParseStore(IOperation operation, string origin, List<StmtModel> output)
    {
        var target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            _ => null,
        };
        var viewed = target switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance, Arguments.Length: 1 } => instance,
            IImplicitIndexerReferenceOperation { Instance: { } instance } => instance,
            IArrayElementReferenceOperation { ArrayReference: { } instance, Indices.Length: 1 } => instance,
            _ => null,
        };
        if (viewed is not null && ViewOf(viewed) is { } view)
        {
            // w[i] = v on a view: the viewed array's element, which must be a local array's (inputs are never written).
            var viewIndexOperation = target switch
            {
                IPropertyReferenceOperation viewIndexer => viewIndexer.Arguments[0].Value,
                IArrayElementReferenceOperation viewElement => viewElement.Indices[0],
                _ => ((IImplicitIndexerReferenceOperation)target!).Argument,
            };
            if (!localArrayIds.Contains(view.ArrayId))
            {
                Report(DiagnosticDescriptors.WriteToInput, target!.Syntax.GetLocation(), method.Name, view.ArrayId);
                return true;
            }

            if (ParseViewElement(view, viewIndexOperation) is { } viewIndex)
            {
                Store(operation, view.ArrayId, viewIndex, TypeClassifier.ToTypeRef(target!.Type), origin, output);
            }

            return true;
        }

        if (target is not null && IsReportedMatrix(target))
        {
            return true;
        }

        if (target is IArrayElementReferenceOperation { Indices.Length: > 1, ArrayReference: ILocalReferenceOperation { Local: var matrixLocal } } cell && localMatrices.ContainsKey(matrixLocal))
        {
            if (MatrixElement(cell) is { } flat)
            {
                Store(operation, flat.ArrayId, flat.Index, TypeClassifier.ToTypeRef(cell.Type), origin, output);
            }

            return true;
        }

        var (array, indexOperation) = target switch
        {
            IImplicitIndexerReferenceOperation { Instance: ILocalReferenceOperation local } fromEnd => (local.Local, fromEnd.Argument),
            IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation local, Indices.Length: 1 } element => (local.Local, element.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation local, Arguments.Length: 1 } indexer => (local.Local, indexer.Arguments[0].Value),
            _ => (null, null),
        };
        if (array is null || indexOperation is null || !localIds.TryGetValue(array, out var id) || !localArrayIds.Contains(id))
        {
            return false;
        }

        if (ParseCheckedIndex(indexOperation, new LengthExpr(TypeRef.Int, id)) is { } index)
        {
            Store(operation, id, index, TypeClassifier.ToTypeRef(target!.Type), origin, output);
        }

        return true;
    }

    /// <summary>The store of an assignment, compound assignment or increment of <c>array[index]</c>.</summary>
    private void Store(IOperation operation, string arrayId, ExprModel index, TypeRef elementType, string origin, List<StmtModel> output)
    {
        var current = new ElementExpr(elementType, arrayId, index);
        ExprModel? value = operation switch
        {
            ISimpleAssignmentOperation simple => ParseValue(simple.Value, elementType),
            ICompoundAssignmentOperation compound when ToBinaryOp(compound.OperatorKind) is { } op && ParseExpression(compound.Value) is { } operand =>
                ConvertTo(new BinaryExpr(Promote(elementType, operand.Type), op, ConvertTo(current, Promote(elementType, operand.Type)), ConvertTo(operand, Promote(elementType, operand.Type))), elementType),
            IIncrementOrDecrementOperation increment =>
                new BinaryExpr(elementType, increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract, current, One(elementType)),
            _ => null,
        };
        if (value is not null)
        {
            output.Add(new StoreStmt(origin, arrayId, index, value));
        }
    }
}
