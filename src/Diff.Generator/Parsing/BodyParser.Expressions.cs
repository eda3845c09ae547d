using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

internal sealed partial class BodyParser
{
    /// <summary>Parses an expression whose value lands in a slot of <paramref name="target"/> type.</summary>
    private ExprModel? ParseValue(IOperation operation, TypeRef target)
    {
        var value = ParseExpression(operation);
        if (value is { Type.Kind: ValueKind.Other } && target.Kind != ValueKind.Other && value is not ThrowExpr)
        {
            // Data of another type where a number is expected (an implicit user-defined conversion, say).
            return UnsupportedValue(operation, value.Type);
        }

        return value is null ? null : ConvertTo(value, target);
    }

    /// <summary>
    /// The model of an expression, or null when it is unsupported (already reported) or invalid. What the model
    /// cannot express but carries no derivative (a null check, a static table's element, a call with passive
    /// arguments, a field of passive data) is kept as passive code instead (see <see cref="Template"/>); the errors
    /// of the failed attempt are reported only when that is not possible either.
    /// </summary>
    private ExprModel? ParseExpression(IOperation operation)
    {
        var diagnosticsBefore = diagnostics.Count;
        var callsBefore = Calls.Count;
        var parsed = ParseModel(operation);
        if (parsed is not null || HasInvalidCode || inlineScopes.Count > 0 || operation.Syntax is not ExpressionSyntax syntax
            || operation is ILocalReferenceOperation or IParameterReferenceOperation or IThrowOperation or IConversionOperation { IsImplicit: true }
                or IAnonymousFunctionOperation or IDelegateCreationOperation or IRangeOperation or IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat }
            || operation.Type is null or { TypeKind: TypeKind.Error })
        {
            return parsed;
        }

        var type = TypeClassifier.ToTypeRef(operation.Type);
        var use = type.Kind is ValueKind.Bool or ValueKind.Integral ? TemplateUse.PassiveValue : TemplateUse.Data;
        if (Template(syntax, type, use) is not { } template)
        {
            return null;
        }

        diagnostics.RemoveRange(diagnosticsBefore, diagnostics.Count - diagnosticsBefore);
        Calls.RemoveRange(callsBefore, Calls.Count - callsBefore);
        return template;
    }

    private ExprModel? ParseModel(IOperation operation)
    {
        // Inside a branch of an expression nothing is hoisted before the statement (see Hoisted).
        var conditional = operation is IConditionalOperation or ISwitchExpressionOperation or ICoalesceOperation
            or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr };
        conditionalDepth += conditional ? 1 : 0;
        try
        {
            return ParseModelCore(operation);
        }
        finally
        {
            conditionalDepth -= conditional ? 1 : 0;
        }
    }

    private ExprModel? ParseModelCore(IOperation operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var type = TypeClassifier.ToTypeRef(operation.Type);
        if (operation.ConstantValue is { HasValue: true } enumConstant && operation.Type is { TypeKind: TypeKind.Enum } enumType
            && CSharpLiteral.FromConstant(enumConstant.Value, TypeRef.Int) is { } enumValue)
        {
            // An enum member (MidpointRounding.AwayFromZero): its value, cast back to the enum type.
            return new LiteralExpr(type, "((" + enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + enumValue + "))", null);
        }

        if (operation.ConstantValue is { HasValue: true } constant && CSharpLiteral.FromConstant(constant.Value, type) is { } text)
        {
            return new LiteralExpr(type, text, CSharpLiteral.NumericValue(constant.Value));
        }

        if (ParseSlice(operation, type, out var isSlice) is var slice && isSlice)
        {
            return slice;
        }

        if (MatrixMeasure(operation) is { } measure)
        {
            return measure;
        }

        if (StructMemberRead(operation, out var isStructMember) is var fieldRead && isStructMember)
        {
            return fieldRead;
        }

        if (ParseOnStructValues(operation, type, out var isOnStruct) is var structResult && isOnStruct)
        {
            return structResult;
        }

        if (ParseJaggedRead(operation, type, out var isJagged) is var jaggedRead && isJagged)
        {
            return jaggedRead;
        }

        if (TryParseGenericMath(operation, type, out var genericMath))
        {
            return genericMath;
        }

        switch (operation)
        {
            case IInvalidOperation:
                HasInvalidCode = true;
                return null;
            case ILocalReferenceOperation { Local: var viewLocal } when views.TryGetValue(viewLocal, out var view):
                return new SliceExpr(type, view.ArrayId, new VariableExpr(TypeRef.Int, view.StartId), new VariableExpr(TypeRef.Int, view.LengthId), view.OfArray);
            case IParameterReferenceOperation when OutputView(operation) is { } written:
                return new SliceExpr(type, written.ArrayId, new VariableExpr(TypeRef.Int, written.StartId), new VariableExpr(TypeRef.Int, written.LengthId), written.OfArray);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } viewed, Arguments.Length: 1 } indexer when ViewOf(viewed) is { } indexed:
                return ParseViewElement(indexed, indexer.Arguments[0].Value) is { } viewIndex ? new ElementExpr(type, indexed.ArrayId, viewIndex) : null;
            case IArrayElementReferenceOperation { ArrayReference: { } viewed, Indices.Length: 1 } arrayElement when ViewOf(viewed) is { } indexed:
                return ParseViewElement(indexed, arrayElement.Indices[0]) is { } arrayIndex ? new ElementExpr(type, indexed.ArrayId, arrayIndex) : null;
            case IImplicitIndexerReferenceOperation { Instance: { } viewed, Argument: IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEndOfView } when ViewOf(viewed) is { } indexed:
                return ParseViewElement(indexed, fromEndOfView) is { } fromEndIndex ? new ElementExpr(type, indexed.ArrayId, fromEndIndex) : null;
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } viewed } when ViewOf(viewed) is { } measured:
                return new VariableExpr(TypeRef.Int, measured.LengthId);
            case ILocalReferenceOperation local:
                return localIds.TryGetValue(local.Local, out var id) ? new VariableExpr(TypeClassifier.ToTypeRef(local.Local.Type), id) : null;
            case IParameterReferenceOperation when ActiveStruct(operation) is { } passed && PassedToDifferentiable(passed, operation):
                // Passed whole to a [Differentiable] method taking the same struct: its pullback adds into our gradient.
                return new VariableExpr(TypeClassifier.ToTypeRef(passed.Type), passed.Name);
            case IParameterReferenceOperation when ActiveStruct(operation) is { } wholeStruct:
                ReportWholeStructUse(wholeStruct, operation);
                return null;
            case IParameterReferenceOperation parameter:
                // A parameter of another type is [NoDerivative] (the signature check allows nothing else): passive data.
                return new VariableExpr(type, parameter.Parameter.Name);
            case IArrayElementReferenceOperation when IsReportedMatrix(operation):
                return null;
            case IArrayElementReferenceOperation { Indices.Length: > 1 } matrixElement:
                return MatrixElement(matrixElement) is { } cell ? new ElementExpr(type, cell.ArrayId, cell.Index) : UnsupportedValue(matrixElement, type);
            case IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation array, Indices.Length: 1 } element:
                return ParseElement(element, array.Parameter, element.Indices[0], type);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation span, Arguments.Length: 1 } indexer
                when TypeClassifier.IsArrayOrSpan(span.Parameter.Type):
                return ParseElement(indexer, span.Parameter, indexer.Arguments[0].Value, type);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation lengthOf }
                when TypeClassifier.IsArrayOrSpan(lengthOf.Parameter.Type):
                return new LengthExpr(type, lengthOf.Parameter.Name);
            case IImplicitIndexerReferenceOperation { Instance: IParameterReferenceOperation span, Argument: IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } } fromEnd
                when TypeClassifier.IsArrayOrSpan(span.Parameter.Type):
                return ParseElement(fromEnd, span.Parameter.Name, fromEnd.Argument, type);
            case IImplicitIndexerReferenceOperation { Instance: ILocalReferenceOperation span, Argument: IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } } fromEnd
                when localArrays.Contains(span.Local.Name):
                return ParseLocalElement(fromEnd, span.Local, fromEnd.Argument, type);
            case IParenthesizedOperation parenthesized:
                return ParseExpression(parenthesized.Operand);
            case IConversionOperation conversion:
                return ParseConversion(conversion, type);
            case IBinaryOperation binary:
                return ParseBinary(binary, type);
            case IUnaryOperation unary:
                return ParseUnary(unary, type);
            case IConditionalOperation conditional:
            {
                var condition = ParseExpression(conditional.Condition);
                var whenTrue = ParseValue(conditional.WhenTrue, type);
                var whenFalse = conditional.WhenFalse is null ? null : ParseValue(conditional.WhenFalse, type);
                return condition is null || whenTrue is null || whenFalse is null ? null : new ConditionalExpr(type, condition, whenTrue, whenFalse);
            }

            case IInvocationOperation invocation:
                return ParseInvocation(invocation, type);
            case IFieldReferenceOperation { Field.IsStatic: true } field when type.Kind != ValueKind.Other:
                return new OpaqueExpr(type, TypeClassifier.QualifiedMember(field.Field));
            case IPropertyReferenceOperation { Property.IsStatic: true, Property.Parameters.Length: 0 } property when type.Kind != ValueKind.Other:
                return new OpaqueExpr(type, TypeClassifier.QualifiedMember(property.Property));
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array, Indices.Length: 1 } element
                when localArrays.Contains(array.Local.Name):
                return ParseLocalElement(element, array.Local, element.Indices[0], type);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation span, Arguments.Length: 1 } indexer
                when localArrays.Contains(span.Local.Name):
                return ParseLocalElement(indexer, span.Local, indexer.Arguments[0].Value, type);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation lengthOf }
                when localArrays.Contains(lengthOf.Local.Name) && localIds.TryGetValue(lengthOf.Local, out var arrayId):
                return new LengthExpr(type, arrayId);
            case IArrayElementReferenceOperation or IArrayCreationOperation or IArrayInitializerOperation:
                Report(DiagnosticDescriptors.UnsupportedArray, operation.Syntax.GetLocation(), "'" + Origin(operation.Syntax) + "'", ArrayAdvice);
                return null;
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                Report(DiagnosticDescriptors.LambdaOrLocalFunction, operation.Syntax.GetLocation(), "A lambda or anonymous method");
                return null;
            case IIncrementOrDecrementOperation increment when MovedIncrement(increment) is { } moved:
                return moved;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                Unsupported(operation, "An assignment inside an expression", "write it as a statement of its own");
                return null;
            case ISwitchExpressionOperation switchExpression:
                return ParseSwitchExpression(switchExpression, type);
            case IThrowOperation { Syntax: ThrowExpressionSyntax thrown }:
                return ParseThrown(thrown.Expression) is { } exception ? new ThrowExpr(type, exception) : null;
            default:
                if (operation.Syntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax)
                {
                    Report(DiagnosticDescriptors.UnsupportedArray, operation.Syntax.GetLocation(), "'" + Origin(operation.Syntax) + "'", ArrayAdvice);
                    return null;
                }

                return UnsupportedValue(operation, type);
        }
    }

    /// <summary><c>a[i]</c> on a local array.</summary>
    private ExprModel? ParseLocalElement(IOperation element, ILocalSymbol array, IOperation indexOperation, TypeRef type)
        => localIds.TryGetValue(array, out var id) ? ParseElement(element, id, indexOperation, type) : null;

    /// <summary><c>a[i]</c> on an array or span parameter; the index must not read differentiable elements.</summary>
    private ExprModel? ParseElement(IOperation element, IParameterSymbol array, IOperation indexOperation, TypeRef type)
        => ParseElement(element, array.Name, indexOperation, type);

    private ExprModel? ParseElement(IOperation element, string arrayId, IOperation indexOperation, TypeRef type)
        => ParseCheckedIndex(indexOperation, new LengthExpr(TypeRef.Int, arrayId)) is { } index ? new ElementExpr(type, arrayId, index) : null;

    /// <summary>
    /// An index (or a range end) into something of <paramref name="length"/> elements: <c>^k</c> is <c>length - k</c>;
    /// an implicit conversion to <c>Index</c> is looked through.
    /// </summary>
    private ExprModel? ParseIndex(IOperation indexOperation, ExprModel length)
    {
        if (indexOperation is IConversionOperation { IsImplicit: true, Type.Name: "Index" } toIndex)
        {
            indexOperation = toIndex.Operand;
        }

        return indexOperation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd
            ? ParseValue(fromEnd.Operand, TypeRef.Int) is { } k ? new BinaryExpr(TypeRef.Int, BinaryOp.Subtract, length, k) : null
            : ParseValue(indexOperation, TypeRef.Int);
    }

    /// <summary><see cref="ParseIndex"/>, and null (reported) when the index reads a differentiable element.</summary>
    private ExprModel? ParseCheckedIndex(IOperation indexOperation, ExprModel length)
    {
        var index = ParseIndex(indexOperation, length);
        if (index is not null && FloatingElementRead(index) is { } read)
        {
            Report(DiagnosticDescriptors.ActiveIndex, indexOperation.Syntax.GetLocation(), Origin(indexOperation.Syntax), read.ArrayId + "[...]");
            return null;
        }

        return index;
    }

    private static ElementExpr? FloatingElementRead(ExprModel e)
        => e switch
        {
            ElementExpr { Type.IsFloating: true } element => element,
            ElementExpr element => FloatingElementRead(element.Index),
            ConvertExpr c => FloatingElementRead(c.Operand),
            UnaryExpr u => FloatingElementRead(u.Operand),
            BinaryExpr b => FloatingElementRead(b.Left) ?? FloatingElementRead(b.Right),
            ConditionalExpr c => FloatingElementRead(c.Condition) ?? FloatingElementRead(c.WhenTrue) ?? FloatingElementRead(c.WhenFalse),
            MathCallExpr m => m.Arguments.Select(FloatingElementRead).FirstOrDefault(x => x is not null),
            PassiveCallExpr p => p.Arguments.Select(FloatingElementRead).FirstOrDefault(x => x is not null),
            DifferentiableCallExpr d => d.Arguments.Select(FloatingElementRead).FirstOrDefault(x => x is not null),
            _ => null,
        };

    private ExprModel? UnsupportedValue(IOperation operation, TypeRef type)
    {
        if (type.Name == "?" || operation.Type?.TypeKind == TypeKind.Error)
        {
            HasInvalidCode = true;
            return null;
        }

        var advice = operation switch
        {
            IRangeOperation or IImplicitIndexerReferenceOperation { Argument.Type.Name: "Range" } or IInvocationOperation { TargetMethod.Name: "Slice" or "AsSpan" or "AsMemory" or "Take" or "Skip" }
                => "slices of differentiable arrays are not supported yet: pass the whole array with an offset and a count",
            IObjectCreationOperation or ITupleOperation or IInstanceReferenceOperation
                => "differentiable values must be double or float (or arrays and spans of them); keep other data out of the computation of the result",
            _ when type.Kind == ValueKind.Other => "differentiable code works on double, float, integer and bool values; keep values of type '" + type.Name.Replace("global::", string.Empty) + "' out of the computation of the result",
            _ => "rewrite it with the supported constructs: arithmetic, Math calls, calls to [Differentiable] methods, if/else, switch, loops, local arrays",
        };
        Unsupported(operation, "'" + Origin(operation.Syntax) + "'", advice);
        return null;
    }

    private ExprModel? ParseConversion(IConversionOperation conversion, TypeRef type)
    {
        var operand = ParseExpression(conversion.Operand);
        if (operand is null)
        {
            return null;
        }

        if (operand is ThrowExpr thrown)
        {
            return thrown with { Type = type };
        }

        if (operand is SliceExpr slice && type.IsArray && type.Element == operand.Type.Element && !type.Name.EndsWith("[]", System.StringComparison.Ordinal))
        {
            return slice with { Type = type }; // a span of part of an array: no copy
        }

        if (type.IsArray && operand.Type.IsArray && type.Element == operand.Type.Element)
        {
            return operand; // double[] → ReadOnlySpan<double> and the like: the same elements
        }

        if (conversion.OperatorMethod is not null || type.Kind == ValueKind.Other || operand.Type.Kind == ValueKind.Other)
        {
            return UnsupportedValue(conversion, type);
        }

        return ConvertTo(operand, type);
    }

    private ExprModel? ParseBinary(IBinaryOperation binary, TypeRef type)
    {
        var left = ParseExpression(binary.LeftOperand);
        var right = ParseExpression(binary.RightOperand);
        if (left is null || right is null)
        {
            return null;
        }

        if (binary.OperatorMethod is not null || ToBinaryOp(binary.OperatorKind) is not { } op || type.Kind == ValueKind.Other)
        {
            return UnsupportedValue(binary, type);
        }

        if (!IsComparisonOrLogical(op) && op is not (BinaryOp.LeftShift or BinaryOp.RightShift))
        {
            left = ConvertTo(left, type);
            right = ConvertTo(right, type);
        }

        return new BinaryExpr(type, op, left, right);
    }

    private ExprModel? ParseUnary(IUnaryOperation unary, TypeRef type)
    {
        var operand = ParseExpression(unary.Operand);
        if (operand is null)
        {
            return null;
        }

        UnaryOp? op = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => UnaryOp.Negate,
            UnaryOperatorKind.Plus => UnaryOp.Plus,
            UnaryOperatorKind.Not => UnaryOp.Not,
            UnaryOperatorKind.BitwiseNegation => UnaryOp.BitwiseNegation,
            _ => null,
        };
        if (unary.OperatorMethod is not null || op is null || type.Kind == ValueKind.Other)
        {
            return UnsupportedValue(unary, type);
        }

        return op == UnaryOp.Plus ? ConvertTo(operand, type) : new UnaryExpr(type, op.Value, ConvertTo(operand, type));
    }

    private ExprModel? ParseInvocation(IInvocationOperation invocation, TypeRef type)
    {
        var target = invocation.TargetMethod;
        if (target.MethodKind == MethodKind.LocalFunction)
        {
            return null; // its declaration is the error (DG0009): one construct, one error
        }

        if (NeedsFieldShim(invocation))
        {
            return ParseFieldShimCall(invocation, type);
        }

        var arguments = new List<ExprModel>();
        var outKinds = new List<int>();
        var arrayWrites = new List<ArrayWrite>();
        var written = TypeClassifier.IsDifferentiable(target) ? Parsing.ArrayOutputs.WrittenParameters(target, semanticModel.Compilation) : null;
        var ok = true;
        // Arguments come in evaluation order; named arguments may differ from parameter order. Everything here is
        // free of side effects, so they are taken in parameter order, which is what the callee's pullback expects.
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is { RefKind: RefKind.Out } outParameter && TypeClassifier.IsDifferentiable(target) && OutArgument(argument.Value) is { } outLocal)
            {
                // An out result of a differentiable callee, into a local (declared here or before, or discarded).
                arguments.Add(outLocal);
                outKinds.Add(outLocal.Type.IsFloating && !TypeClassifier.HasAttribute(outParameter, TypeClassifier.NoDerivativeAttribute) ? 2 : 1);
                continue;
            }

            if (argument.Parameter is { } writtenParameter && written is not null && written.Contains(writtenParameter.Ordinal))
            {
                // An array the callee writes: it works on a scratch copy, copied back after the statement.
                if (ArrayWrittenByCall(invocation, argument, writtenParameter, arguments.Count) is { } write)
                {
                    arguments.Add(new VariableExpr(TypeRef.SpanOf(TypeClassifier.ToTypeRef(writtenParameter.Type).Element!), write.Scratch));
                    outKinds.Add(TypeClassifier.HasAttribute(writtenParameter, TypeClassifier.NoDerivativeAttribute) ? 6 : 5);
                    arrayWrites.Add(write);
                }
                else
                {
                    ok = false;
                }

                continue;
            }

            if (argument.Parameter is { RefKind: RefKind.Ref } refParameter && TypeClassifier.IsDifferentiable(target) && RefArgument(argument.Value) is { } refLocal)
            {
                // A local (or value parameter) the callee reads and updates: its value flows in, and its new value out.
                arguments.Add(refLocal);
                outKinds.Add(refLocal.Type.IsFloating && !TypeClassifier.HasAttribute(refParameter, TypeClassifier.NoDerivativeAttribute) ? 3 : 4);
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray || argument.Parameter?.RefKind is not (null or RefKind.None or RefKind.In))
            {
                Unsupported(argument, "A ref, out or params argument", "pass plain values");
                ok = false;
                continue;
            }

            var value = argument.Parameter is null
                ? ParseExpression(argument.Value)
                : ParseValue(argument.Value, TypeClassifier.ToTypeRef(argument.Parameter.Type));
            ok &= value is not null;
            if (value is not null)
            {
                arguments.Add(value);
                outKinds.Add(0);
            }
        }

        // A call on a passive receiver: this (this.G(x) or G(x)), or an object held in a field, a static member or a
        // [NoDerivative] parameter (gaussian_.Value(x)), whose own [Differentiable] method is differentiated.
        var receiver = invocation.Instance is null ? null : Receiver(invocation.Instance);
        ExprModel? receiverLocal = invocation.Instance is ILocalReferenceOperation { Local: var held } && localIds.TryGetValue(held, out var heldId)
            && TypeClassifier.ToTypeRef(held.Type).Kind == ValueKind.Other && TypeClassifier.IsDifferentiable(target)
            ? new VariableExpr(TypeClassifier.ToTypeRef(held.Type), heldId)
            : null;
        if (invocation.Instance is IObjectCreationOperation && receiver is null && receiverLocal is null && TypeClassifier.IsDifferentiable(target)
            && ParseExpression(invocation.Instance) is TemplateExpr built)
        {
            // new Normal(mu, sigma).Density(x): an object built from passive values, as passive as one held in a local
            // (built again where the pullback is called).
            receiverLocal = built;
        }
        if (invocation.Instance is not null && (receiver is null && receiverLocal is null || !TypeClassifier.IsDifferentiable(target)))
        {
            Unsupported(invocation, "The instance call '" + Origin(invocation.Syntax) + "'", "call static methods, or [Differentiable] methods of this instance or of objects in its fields");
            return null;
        }

        if (!ok)
        {
            return null;
        }

        var location = (invocation.Syntax as InvocationExpressionSyntax)?.Expression.GetLocation() ?? invocation.Syntax.GetLocation();
        var containing = target.ContainingType?.ToDisplayString();
        if (target.ContainingType?.SpecialType is SpecialType.System_Double or SpecialType.System_Single && type.IsFloating && MathRules.Find(target.Name, arguments.Count) is not null
            && target.Parameters.All(p => SymbolEqualityComparer.Default.Equals(p.Type, target.ContainingType)))
        {
            // double.Exp(x) is Math.Exp(x), float.Exp(x) is MathF.Exp(x) (generic math forwards to them): the same rule.
            // double.Hypot has no Math twin: it keeps its own spelling.
            var isDouble = target.ContainingType.SpecialType == SpecialType.System_Double;
            var owner = MathRules.Find(target.Name, arguments.Count)!.OnFloatingType ? (isDouble ? "Double" : "Single") : isDouble ? "Math" : "MathF";
            return new MathCallExpr(type, target.Name, "global::System." + owner + "." + target.Name, arguments.ToEquatableArray());
        }

        if (containing is "System.Math" or "System.MathF")
        {
            if (!type.IsFloating)
            {
                return new PassiveCallExpr(type, TypeClassifier.QualifiedMember(target), arguments.ToEquatableArray());
            }

            if (MathRules.Find(target.Name, arguments.Count) is null)
            {
                Report(DiagnosticDescriptors.NoDerivativeRule, location, containing.Substring("System.".Length) + "." + TypeClassifier.Display(target), method.Name);
                return null;
            }

            return new MathCallExpr(type, target.Name, TypeClassifier.QualifiedMember(target), arguments.ToEquatableArray());
        }

        if (TypeClassifier.IsDifferentiable(target))
        {
            var calleeId = target.OriginalDefinition.GetDocumentationCommentId() ?? target.ToDisplayString();
            Calls.Add(new CallSite(calleeId, target.Name, LocationInfo.From(location)));
            if (!type.IsFloating)
            {
                return new PassiveCallExpr(type, Callee(target, receiver), arguments.ToEquatableArray());
            }

            if (invocation.Arguments.FirstOrDefault(a => IsMatrix(a.Value.Type)) is { } matrix)
            {
                Report(DiagnosticDescriptors.UnsupportedArray, matrix.Syntax.GetLocation(), "Passing the multidimensional array '" + Origin(matrix.Syntax) + "' to '" + target.Name + "'", "pass a one-dimensional array or span of its elements (row-major), or read the matrix in this method");
                return null;
            }

            for (var i = 0; i < arguments.Count; i++)
            {
                if (arguments[i] is VariableExpr { Type.IsArray: true } local && localArrayIds.Contains(local.Id) && target.Parameters[i].Type is IArrayTypeSymbol)
                {
                    Report(DiagnosticDescriptors.UnsupportedArray, location, "Passing the local array '" + local.Id + "' to the array parameter '" + target.Parameters[i].Name + "'", "declare that parameter as ReadOnlySpan<T> (local arrays live in pooled buffers)");
                    return null;
                }
            }

            var active = target.Parameters.Select(TypeClassifier.IsActive).ToEquatableArray();
            if (outKinds.Any(k => k > 0) && InsidePassiveValue(invocation))
            {
                // Its out results define locals, which a condition or an integer computation cannot.
                Unsupported(invocation, "A call with out arguments inside a condition or an integer expression", "call it in a statement of its own and test its results afterwards");
                return null;
            }

            return new DifferentiableCallExpr(type, receiverLocal is null ? Callee(target, receiver) : target.Name, arguments.ToEquatableArray(), active)
            {
                OutKinds = outKinds.ToEquatableArray(),
                Receiver = receiverLocal,
                ArrayWrites = arrayWrites.ToEquatableArray(),
                CalleeModes = TypeClassifier.Modes(target),
            };
        }

        if (type.IsFloating)
        {
            Report(
                DiagnosticDescriptors.CallNotDifferentiable,
                location,
                TypeClassifier.Display(target),
                target.DeclaringSyntaxReferences.IsEmpty
                    ? "it is library code with no derivative rule in DiffGen: compute it from Math functions (Abs, Max, Exp, ...) or pass its value in as a [NoDerivative] parameter"
                    : "mark it [Differentiable] or move the call out of '" + method.Name + "'");
            return null;
        }

        if (type.Kind == ValueKind.Other || target.IsGenericMethod)
        {
            return UnsupportedValue(invocation, type);
        }

        // A call that returns no floating-point value carries no derivative (e.g. double.IsNaN, Math.Sign).
        return new PassiveCallExpr(type, Callee(target, receiver), arguments.ToEquatableArray());
    }

    /// <summary>Whether an expression is part of a value that is not floating point (a condition, an index, a count).</summary>
    private static bool InsidePassiveValue(IOperation operation)
    {
        for (var parent = operation.Parent; parent is { Type: not null } or IArgumentOperation; parent = parent.Parent)
        {
            if (parent is not IArgumentOperation && parent.Type!.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The local an out argument writes (<c>out y</c>, <c>out var y</c>, <c>out double y</c>, <c>out _</c>); null otherwise.</summary>
    private VariableExpr? OutArgument(IOperation value)
    {
        switch (value)
        {
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }:
            {
                var type = TypeClassifier.ToTypeRef(declared.Local.Type);
                return type.Kind is ValueKind.Other or ValueKind.Array ? null : new VariableExpr(type, DeclareLocal(declared.Local, type));
            }

            case ILocalReferenceOperation local when localIds.TryGetValue(local.Local, out var id) && !localArrayIds.Contains(id):
                return new VariableExpr(TypeClassifier.ToTypeRef(local.Local.Type), id);
            case IDiscardOperation discard:
                var discardType = TypeClassifier.ToTypeRef(discard.Type);
                return discardType.Kind is ValueKind.Other or ValueKind.Array ? null : new VariableExpr(discardType, DeclareSynthetic("_discarded", discardType));
            default:
                return null;
        }
    }

    /// <summary>The scalar local or value parameter a ref argument passes (<c>ref s</c>); null otherwise.</summary>
    private VariableExpr? RefArgument(IOperation value)
        => value switch
        {
            ILocalReferenceOperation { Local: var local } when localIds.TryGetValue(local, out var id) && !localArrayIds.Contains(id) && !views.ContainsKey(local)
                && TypeClassifier.ToTypeRef(local.Type) is { Kind: not (ValueKind.Other or ValueKind.Array) } type
                => new VariableExpr(type, id),
            IParameterReferenceOperation { Parameter: { RefKind: RefKind.None or RefKind.Ref } parameter }
                when TypeClassifier.ToTypeRef(parameter.Type) is { Kind: not (ValueKind.Other or ValueKind.Array) } parameterType
                => new VariableExpr(parameterType, parameter.Name),
            _ => null,
        };

    /// <summary>How generated code names a differentiable callee: fully qualified, or <c>this.Name</c> on the receiver.</summary>
    private static string Callee(IMethodSymbol target, string? receiver) => receiver is null ? TypeClassifier.QualifiedMember(target) : receiver + "." + target.Name;

    /// <summary>
    /// How generated code names the receiver of an instance call, when it is passive and spelled the same in the
    /// generated method: <c>this</c>, a field or property of this, a static member, or a [NoDerivative] parameter that
    /// the body never assigns. Null for anything else.
    /// </summary>
    private string? Receiver(IOperation instance)
        => instance switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "this",
            IFieldReferenceOperation { Field.IsStatic: true } field => TypeClassifier.QualifiedMember(field.Field),
            IPropertyReferenceOperation { Property.IsStatic: true, Property.Parameters.Length: 0 } property => TypeClassifier.QualifiedMember(property.Property),
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }, Field: var field } => "this." + field.Name,
            IPropertyReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }, Property: { Parameters.Length: 0 } property } => "this." + property.Name,
            IParameterReferenceOperation { Parameter: var parameter } when !TypeClassifier.IsActive(parameter) && TypeClassifier.ToTypeRef(parameter.Type).Kind == ValueKind.Other && !IsAssigned(parameter)
                => parameter.Name,
            _ => null,
        };

    private bool IsAssigned(IParameterSymbol parameter)
        => parameter.DeclaringSyntaxReferences.Length > 0 && method.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken).DescendantNodes()
            .OfType<AssignmentExpressionSyntax>().Any(a => semanticModel.GetSymbolInfo(a.Left, cancellationToken).Symbol is IParameterSymbol p && SymbolEqualityComparer.Default.Equals(p, parameter)));

    /// <summary>Makes a numeric conversion explicit (Roslyn leaves some implicit); identity is left alone.</summary>
    private static ExprModel ConvertTo(ExprModel value, TypeRef type)
        => value is ThrowExpr thrown ? thrown with { Type = type }
        : value.Type == type || type.Kind == ValueKind.Other || (type.IsArray && value.Type.IsArray) ? value : new ConvertExpr(type, value);

    /// <summary>C#'s binary numeric promotion, for the types differentiable code uses.</summary>
    private static TypeRef Promote(TypeRef a, TypeRef b)
    {
        if (a.Kind == ValueKind.Generic || b.Kind == ValueKind.Generic)
        {
            return a.Kind == ValueKind.Generic ? a : b; // generic math has no mixed arithmetic: both are T
        }

        if (a.Kind == ValueKind.Double || b.Kind == ValueKind.Double)
        {
            return TypeRef.Double;
        }

        if (a.Kind == ValueKind.Float || b.Kind == ValueKind.Float)
        {
            return TypeRef.Float;
        }

        if (a.Kind == ValueKind.Bool)
        {
            return a;
        }

        return a.Name is "long" or "ulong" || b.Name is "long" or "ulong" ? (a.Name is "long" or "ulong" ? a : b) : TypeRef.Int;
    }

    private static LiteralExpr One(TypeRef type)
        => type.Kind switch
        {
            ValueKind.Double => new LiteralExpr(type, "1d", 1),
            ValueKind.Float => new LiteralExpr(type, "1f", 1),
            ValueKind.Generic => new LiteralExpr(type, type.Name + ".One", 1),
            _ => new LiteralExpr(TypeRef.Int, "1", 1),
        };

    private static BinaryOp? ToBinaryOp(BinaryOperatorKind kind)
        => kind switch
        {
            BinaryOperatorKind.Add => BinaryOp.Add,
            BinaryOperatorKind.Subtract => BinaryOp.Subtract,
            BinaryOperatorKind.Multiply => BinaryOp.Multiply,
            BinaryOperatorKind.Divide => BinaryOp.Divide,
            BinaryOperatorKind.Remainder => BinaryOp.Remainder,
            BinaryOperatorKind.Equals => BinaryOp.Equals,
            BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
            BinaryOperatorKind.LessThan => BinaryOp.LessThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessThanOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterThanOrEqual,
            BinaryOperatorKind.ConditionalAnd => BinaryOp.ConditionalAnd,
            BinaryOperatorKind.ConditionalOr => BinaryOp.ConditionalOr,
            BinaryOperatorKind.And => BinaryOp.And,
            BinaryOperatorKind.Or => BinaryOp.Or,
            BinaryOperatorKind.ExclusiveOr => BinaryOp.ExclusiveOr,
            BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
            BinaryOperatorKind.RightShift => BinaryOp.RightShift,
            _ => null,
        };

    private static bool IsComparisonOrLogical(BinaryOp op)
        => op is BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessThanOrEqual
            or BinaryOp.GreaterThan or BinaryOp.GreaterThanOrEqual or BinaryOp.ConditionalAnd or BinaryOp.ConditionalOr;
}
