using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Struct values (<c>record struct Particle(double X, double V)</c>, <c>System.Numerics.Vector3</c>) as the values of
/// their fields: scalar replacement. A struct local is one local per field (<c>q</c> → <c>q_X</c>, <c>q_V</c>); a
/// constructor, <c>with</c>, <c>?:</c> or operator gives each field its value; reading <c>q.X</c> reads that field's
/// value. What follows is ordinary scalar code, so everything the generator does for scalars applies unchanged.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A struct value: <see cref="Leaves"/>[i] is the value of <see cref="Fields"/>[i].</summary>
    private sealed class StructValue
    {
        public StructValue(ITypeSymbol type, IReadOnlyList<StructField> fields, ExprModel[] leaves)
        {
            Type = type;
            Fields = fields;
            Leaves = leaves;
        }

        public ITypeSymbol Type { get; }

        public IReadOnlyList<StructField> Fields { get; }

        public ExprModel[] Leaves { get; }

        public int IndexOf(string member)
        {
            for (var i = 0; i < Fields.Count; i++)
            {
                if (Fields[i].Member == member)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Whether <paramref name="member"/> is a struct field of this struct (<c>Position</c> of <c>Position.X</c>).</summary>
        public bool HasNested(string member) => Fields.Any(f => f.Member.StartsWith(member + ".", System.StringComparison.Ordinal));

        /// <summary>The value of the struct field <paramref name="member"/>, of type <paramref name="type"/>.</summary>
        public StructValue Nested(string member, ITypeSymbol type)
        {
            var prefix = member + ".";
            var leaves = Enumerable.Range(0, Fields.Count).Where(i => Fields[i].Member.StartsWith(prefix, System.StringComparison.Ordinal)).Select(i => Leaves[i]).ToArray();
            return new StructValue(type, TypeClassifier.StructFieldsOf(type)!, leaves);
        }

        /// <summary>This value with the struct field <paramref name="member"/> replaced by <paramref name="value"/>.</summary>
        public StructValue WithNested(string member, StructValue value)
        {
            var prefix = member + ".";
            var leaves = (ExprModel[])Leaves.Clone();
            var k = 0;
            for (var i = 0; i < Fields.Count; i++)
            {
                if (Fields[i].Member.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    leaves[i] = value.Leaves[k++];
                }
            }

            return new StructValue(Type, Fields, leaves);
        }

        public StructValue With(int field, ExprModel value)
        {
            var leaves = (ExprModel[])Leaves.Clone();
            leaves[field] = value;
            return new StructValue(Type, Fields, leaves);
        }
    }

    /// <summary>A struct local, replaced by one local per field.</summary>
    private sealed class StructLocal
    {
        public StructLocal(IReadOnlyList<StructField> fields, string[] ids)
        {
            Fields = fields;
            Ids = ids;
        }

        public IReadOnlyList<StructField> Fields { get; }

        public string[] Ids { get; }
    }

    private readonly Dictionary<ILocalSymbol, StructLocal> structLocals = new(SymbolEqualityComparer.Default);

    /// <summary>The value of a scalarised struct local.</summary>
    private static StructValue LocalValue(ITypeSymbol type, StructLocal local)
        => new(type, local.Fields, local.Ids.Select((id, i) => (ExprModel)new VariableExpr(local.Fields[i].Type, id)).ToArray());

    /// <summary>Every field at its default value.</summary>
    private static StructValue DefaultValue(ITypeSymbol type, IReadOnlyList<StructField> fields)
        => new(type, fields, fields.Select(f => (ExprModel)Zero(f.Type)).ToArray());

    private static LiteralExpr Zero(TypeRef type)
        => type.IsFloating ? new LiteralExpr(type, Ir.CSharpLiteral.Of(type, 0), 0) : new LiteralExpr(type, Ir.CSharpLiteral.Default(type), 0);

    /// <summary>
    /// Whether <paramref name="operation"/> is a struct value this file takes apart; <paramref name="value"/> is null
    /// when it is, but a part of it could not be parsed (reported). False (nothing reported) for anything else.
    /// </summary>
    private bool TryParseStruct(IOperation operation, out StructValue? value)
    {
        value = null;
        if (operation.Type is not { } type || TypeClassifier.StructFieldsOf(type) is not { } fields)
        {
            return false;
        }

        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return TryParseStruct(parenthesized.Operand, out value);
            case IConversionOperation { Conversion.IsIdentity: true } identity:
                return TryParseStruct(identity.Operand, out value);
            case ILocalReferenceOperation local when structLocals.TryGetValue(local.Local, out var scalarised):
                value = LocalValue(type, scalarised);
                return true;
            case IParameterReferenceOperation parameter when BoundArgument(parameter.Parameter) is { } bound:
                value = bound as StructValue;
                return bound is StructValue;
            case IInstanceReferenceOperation when inlineScopes.Count > 0 && inlineScopes.Peek().Receiver is { } receiver:
                value = receiver;
                return true;
            case IInstanceReferenceOperation when inlineScopes.Count == 0 && ActiveReceiver is { } activeThis:
                value = activeThis;
                return true;
            case IParameterReferenceOperation when inlineScopes.Count == 0 && ActiveStruct(operation) is { } parameter:
                value = new StructValue(type, fields, fields.Select(f => FieldInputOf(parameter.Name, f)).ToArray());
                return true;
            case IDefaultValueOperation:
                value = DefaultValue(type, fields);
                return true;
            case IOperation when StructArrayElement(operation) is var (structArray, structIndex):
                value = StructArrayValue(structArray, structIndex, type);
                return true;
            case IMemberReferenceOperation { Instance: { Type: { } outerType } instance } nested and (IFieldReferenceOperation or IPropertyReferenceOperation { Property.Parameters.Length: 0 })
                when TypeClassifier.StructFieldsOf(outerType) is { } outerFields && outerFields.Any(f => f.Member.StartsWith(MemberName(nested) + ".", System.StringComparison.Ordinal)):
                if (!TryParseStruct(instance, out var outer))
                {
                    return false;
                }

                value = outer?.Nested(MemberName(nested), type);
                return true;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation { Parameter: var span }, Arguments.Length: 1 } indexer
                when TypeClassifier.StructSpanOf(span.Type) is not null:
                value = StructElement(span, indexer.Arguments[0].Value, type, fields);
                return true;
            case IImplicitIndexerReferenceOperation { Instance: IParameterReferenceOperation { Parameter: var fromEndOf }, Argument: var fromEnd }
                when TypeClassifier.StructSpanOf(fromEndOf.Type) is not null:
                value = StructElement(fromEndOf, fromEnd, type, fields);
                return true;
            case IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation { Parameter: var array }, Indices.Length: 1 } element
                when TypeClassifier.StructSpanOf(array.Type) is not null:
                value = StructElement(array, element.Indices[0], type, fields);
                return true;
            case IObjectCreationOperation creation:
                value = ParseCreation(creation, type, fields);
                return true;
            case IWithOperation with:
                value = StructOperand(with.Operand) is { } original ? ApplyInitializer(original, with.Initializer) : null;
                return true;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
            {
                conditionalDepth++;
                var condition = ParseExpression(conditional.Condition);
                var whenTrue = StructOperand(conditional.WhenTrue);
                var otherwise = StructOperand(whenFalse);
                conditionalDepth--;
                value = condition is null || whenTrue is null || otherwise is null
                    ? null
                    : new StructValue(type, fields, fields.Select((f, i) => (ExprModel)new ConditionalExpr(f.Type, condition, whenTrue.Leaves[i], otherwise.Leaves[i])).ToArray());
                return true;
            }

            case IBinaryOperation { OperatorMethod: { } binaryOperator } binary:
                value = ParseStructCall(binary, binaryOperator, null, new[] { binary.LeftOperand, binary.RightOperand });
                return true;
            case IUnaryOperation { OperatorMethod: { } unaryOperator } unary:
                value = ParseStructCall(unary, unaryOperator, null, new[] { unary.Operand });
                return true;
            case IInvocationOperation structCall when ReturnsDifferentiableStruct(structCall, out _) && hoistTarget is not null && conditionalDepth == 0:
            {
                // Step(p, dt).X: the call made just before the statement, into a struct local of its own.
                var resultIds = fields.Select(f => DeclareSynthetic(structCall.TargetMethod.Name + "_" + f.IdentifierPart, f.Type)).ToArray();
                ParseStructResultCall(structCall, resultIds, fields, string.Empty, hoistTarget);
                value = new StructValue(type, fields, resultIds.Select((id, i) => (ExprModel)new VariableExpr(fields[i].Type, id)).ToArray());
                return true;
            }

            case IInvocationOperation structCall when ReturnsDifferentiableStruct(structCall, out _):
                Unsupported(structCall, "Using the struct that '" + structCall.TargetMethod.Name + "' returns inside a branch of an expression or a loop condition", "call it in a statement of its own: var r = " + Origin(structCall.Syntax) + ";");
                return true;
            case IInvocationOperation invocation when InlinesOrBuiltIn(invocation.TargetMethod, invocation.Instance):
                value = ParseStructCall(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray());
                return true;
            case IPropertyReferenceOperation { Property: { Parameters.Length: 0, GetMethod: { } getter } property } propertyRead
                when VectorRules.Constant(property) is not null || InlinesOrBuiltIn(getter, propertyRead.Instance):
                value = VectorRules.Constant(property) is { } constant
                    ? new StructValue(type, fields, constant.Select((c, i) => (ExprModel)new LiteralExpr(fields[i].Type, Ir.CSharpLiteral.Of(fields[i].Type, c), c)).ToArray())
                    : ParseStructCall(propertyRead, getter, propertyRead.Instance, System.Array.Empty<IOperation>());
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A struct operand: a value <see cref="TryParseStruct"/> takes apart, or passive data of the struct's type (a
    /// [NoDerivative] parameter, a static field, a data local) read field by field. Null when reported.
    /// </summary>
    private StructValue? StructOperand(IOperation operation)
    {
        if (TryParseStruct(operation, out var value))
        {
            return value;
        }

        if (operation.Type is not { } type || TypeClassifier.StructFieldsOf(type) is not { } fields)
        {
            UnsupportedValue(operation, TypeClassifier.ToTypeRef(operation.Type));
            return null;
        }

        if (inlineScopes.Count == 0 && ParseExpression(operation) is { } data && data.Type.Kind == ValueKind.Other)
        {
            // Passive data: each field is read from it (each hole prints the data's current value).
            return new StructValue(type, fields, fields.Select(f => (ExprModel)new TemplateExpr(f.Type, new[] { string.Empty, "." + f.Member }.ToEquatableArray(), new[] { data }.ToEquatableArray())).ToArray());
        }

        if (inlineScopes.Count > 0)
        {
            UnsupportedValue(operation, TypeClassifier.ToTypeRef(operation.Type));
        }

        return null;
    }

    /// <summary>A field of an active struct parameter as an input of its own (declared once, on first use).</summary>
    private ExprModel FieldInputOf(string parameter, StructField field)
    {
        if (field.Passive)
        {
            // A passive field ([NoDerivative], an integer) is read as a constant.
            return new OpaqueExpr(field.Type, (parameter == "this" ? "this" : Emitting.Identifier.Escape(parameter)) + "." + field.Member);
        }

        if (!fieldInputs.TryGetValue((parameter, field.Member), out var input))
        {
            input = new FieldInput(DeclareSynthetic(parameter + "_" + field.IdentifierPart, field.Type), parameter, field);
            fieldInputs[(parameter, field.Member)] = input;
        }

        return new VariableExpr(field.Type, input.Id);
    }

    /// <summary>
    /// <c>s.X</c> of a struct value this file takes apart: that field's value. Null (nothing reported) when the
    /// operation is not such a read, or when the struct is passive data read as before.
    /// </summary>
    private ExprModel? StructMemberRead(IOperation operation, out bool handled)
    {
        handled = false;
        var (instance, member) = operation switch
        {
            IFieldReferenceOperation { Instance: { } i, Field: var f } => (i, f.AssociatedSymbol?.Name ?? f.Name),
            IPropertyReferenceOperation { Instance: { } i, Property: { Parameters.Length: 0 } p } => (i, p.Name),
            _ => (null, null),
        };
        if (instance is null || member is null || TypeClassifier.StructFieldsOf(instance.Type!) is not { } fields || fields.All(f => f.Member != member))
        {
            return null;
        }

        if (!TryParseStruct(instance, out var value))
        {
            return null;
        }

        handled = true;
        return value?.Leaves[value.IndexOf(member)];
    }

    /// <summary>
    /// A statement that declares a struct local of a differentiable struct type: one local per field. False when the
    /// initializer is not a struct value this file takes apart (the local is then passive data, as before).
    /// </summary>
    private bool ParseStructLocal(IVariableDeclaratorOperation declarator, ILocalSymbol local, IVariableInitializerOperation? initializer, string origin, List<StmtModel> output)
    {
        if (local.IsRef || TypeClassifier.StructFieldsOf(local.Type) is not { } fields)
        {
            return false;
        }

        StructValue? value;
        if (initializer is not null && ReturnsDifferentiableStruct(initializer.Value, out var resultCall))
        {
            // var r = Step(p, dt); the call writes the new local's fields.
            var resultIds = fields.Select(f => DeclareSynthetic(local.Name + "_" + f.IdentifierPart, f.Type)).ToArray();
            structLocals[local] = new StructLocal(fields, resultIds);
            ParseStructResultCall(resultCall!, resultIds, fields, origin, output);
            return true;
        }

        if (initializer is null)
        {
            value = DefaultValue(local.Type, fields);
        }
        else
        {
            var diagnosticsBefore = diagnostics.Count;
            if (!TryParseStruct(initializer.Value, out value))
            {
                return false;
            }

            if (value is null && diagnostics.Count == diagnosticsBefore)
            {
                return false;
            }
        }

        var ids = fields.Select(f => DeclareSynthetic(local.Name + "_" + f.IdentifierPart, f.Type)).ToArray();
        structLocals[local] = new StructLocal(fields, ids);
        if (value is not null)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                output.Add(new DeclareStmt(origin, ids[i], fields[i].Type, value.Leaves[i]));
            }
        }

        return true;
    }

    /// <summary><c>q = value</c> and <c>q op= value</c> on a struct local: each field assigned, from the old values.</summary>
    private bool ParseStructAssignment(IOperation operation, string origin, List<StmtModel> output)
    {
        var (target, value) = operation switch
        {
            ISimpleAssignmentOperation simple => (simple.Target, (IOperation)simple.Value),
            ICompoundAssignmentOperation compound => (compound.Target, compound),
            _ => (null, null),
        };
        StructLocal scalarised;
        string[] ids;
        if (target is ILocalReferenceOperation { Local: var local } && structLocals.TryGetValue(local, out var whole))
        {
            (scalarised, ids) = (whole, whole.Ids);
        }
        else if (target is not null && target.Type is { } partType && TypeClassifier.StructFieldsOf(partType) is not null && StructLocalPath(target) is var (owner, path))
        {
            // q.Position = v: the fields under Position.
            var part = Enumerable.Range(0, owner.Fields.Count).Where(i => owner.Fields[i].Member.StartsWith(path + ".", System.StringComparison.Ordinal)).ToArray();
            (scalarised, ids) = (new StructLocal(part.Select(i => owner.Fields[i]).ToArray(), part.Select(i => owner.Ids[i]).ToArray()), part.Select(i => owner.Ids[i]).ToArray());
        }
        else
        {
            return false;
        }

        if (value is not ICompoundAssignmentOperation && value is not null && ReturnsDifferentiableStruct(value, out var resultCall))
        {
            // r = Step(r, dt); the call reads its arguments, then writes the fields.
            ParseStructResultCall(resultCall!, ids, scalarised.Fields, origin, output);
            return true;
        }

        StructValue? assigned;
        if (value is ICompoundAssignmentOperation { OperatorMethod: { } method } compoundValue)
        {
            assigned = ParseStructCall(compoundValue, method, null, new[] { compoundValue.Target, compoundValue.Value });
        }
        else if (value is ICompoundAssignmentOperation)
        {
            Unsupported(operation, "This compound assignment of a struct", "write the assignment out in full");
            return true;
        }
        else
        {
            assigned = StructOperand(value!);
        }

        if (assigned is null)
        {
            return true;
        }

        // Every field's new value is computed from the old ones (q = new P(q.V, q.X) swaps): through temporaries
        // when a later field's value reads a field assigned before it.
        var needsTemporaries = Enumerable.Range(1, ids.Length - 1).Any(j => ExprReads.Any(assigned.Leaves[j], ids.Take(j)));
        var sources = assigned.Leaves;
        if (needsTemporaries)
        {
            sources = new ExprModel[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                var temporary = DeclareSynthetic(ids[i] + "_new", scalarised.Fields[i].Type);
                output.Add(new DeclareStmt(origin, temporary, scalarised.Fields[i].Type, assigned.Leaves[i]));
                sources[i] = new VariableExpr(scalarised.Fields[i].Type, temporary);
            }
        }

        for (var i = 0; i < ids.Length; i++)
        {
            if (!(sources[i] is VariableExpr same && same.Id == ids[i]))
            {
                output.Add(new AssignStmt(origin, ids[i], sources[i]));
            }
        }

        return true;
    }

    /// <summary>The local of the field an assignment writes (<c>q.X = v</c>, <c>q.Position.X += v</c>), for a struct local.</summary>
    private (string Id, TypeRef Type)? StructFieldTarget(IOperation target)
    {
        if (StructLocalPath(target) is not var (local, path))
        {
            return null;
        }

        for (var i = 0; i < local.Fields.Count; i++)
        {
            if (local.Fields[i].Member == path)
            {
                return (local.Ids[i], local.Fields[i].Type);
            }
        }

        return null;
    }

    /// <summary><c>new P(…)</c>, <c>new P { X = … }</c>, <c>new Vector3(x, y, z)</c>: the fields it sets.</summary>
    private StructValue? ParseCreation(IObjectCreationOperation creation, ITypeSymbol type, IReadOnlyList<StructField> fields)
    {
        var value = DefaultValue(type, fields);
        var arguments = creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToArray();
        if (creation.Constructor is { } constructor && arguments.Length > 0)
        {
            value = VectorRules.IsVector(type)
                ? BuiltInVectorCreation(creation, type, fields, arguments)
                : ParseStructCall(creation, constructor, null, arguments);
            if (value is null)
            {
                return null;
            }
        }

        return creation.Initializer is { } initializer ? ApplyInitializer(value, initializer) : value;
    }

    /// <summary><c>{ X = a, V = b }</c> of an object creation or a <c>with</c> expression, over <paramref name="value"/>.</summary>
    private StructValue? ApplyInitializer(StructValue value, IObjectOrCollectionInitializerOperation initializer)
    {
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var nestedSymbol } } nestedAssignment
                && value.HasNested(nestedSymbol is IFieldSymbol { AssociatedSymbol: { } nestedProperty } ? nestedProperty.Name : nestedSymbol.Name))
            {
                if (StructOperand(nestedAssignment.Value) is not { } nestedValue)
                {
                    return null;
                }

                value = value.WithNested(nestedSymbol is IFieldSymbol { AssociatedSymbol: { } p } ? p.Name : nestedSymbol.Name, nestedValue);
                continue;
            }

            if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var symbol } } assignment
                && value.IndexOf(symbol is IFieldSymbol { AssociatedSymbol: { } property } ? property.Name : symbol.Name) is var index and >= 0)
            {
                if (ParseValue(assignment.Value, value.Fields[index].Type) is not { } fieldValue)
                {
                    return null;
                }

                value = value.With(index, fieldValue);
                continue;
            }

            Unsupported(member, "The initializer '" + Origin(member.Syntax) + "'", "set the struct's fields (X = …) in the initializer");
            return null;
        }

        return value;
    }

    /// <summary><c>new Vector3(x, y, z)</c>, <c>new Vector3(s)</c>, <c>new Vector4(xyz, w)</c>, <c>new Vector3(xy, z)</c>.</summary>
    private StructValue? BuiltInVectorCreation(IOperation creation, ITypeSymbol type, IReadOnlyList<StructField> fields, IOperation[] arguments)
    {
        var leaves = new List<ExprModel>();
        foreach (var argument in arguments)
        {
            if (argument.Type is { } argumentType && VectorRules.IsVector(argumentType))
            {
                if (StructOperand(argument) is not { } part)
                {
                    return null;
                }

                leaves.AddRange(part.Leaves);
            }
            else if (ParseValue(argument, TypeRef.Float) is { } component)
            {
                leaves.Add(component);
            }
            else
            {
                return null;
            }
        }

        if (leaves.Count == 1 && fields.Count > 1)
        {
            leaves = Enumerable.Repeat(leaves[0], fields.Count).ToList();
        }

        if (leaves.Count != fields.Count)
        {
            Unsupported(creation, "'" + Origin(creation.Syntax) + "'", "build the vector from its components (new Vector3(x, y, z))");
            return null;
        }

        return new StructValue(type, fields, leaves.ToArray());
    }

    /// <summary>
    /// A number computed from struct values: a parameter or local of a substituted body, a vector rule (<c>Dot</c>,
    /// <c>Length</c>), an operator, method or computed property of a struct type. <paramref name="handled"/> is false
    /// (nothing reported) for anything else; a struct local used where a number is expected is reported here.
    /// </summary>
    private ExprModel? ParseOnStructValues(IOperation operation, TypeRef type, out bool handled)
    {
        handled = true;
        switch (operation)
        {
            case IParameterReferenceOperation { Parameter: var parameter } when BoundArgument(parameter) is { } bound:
                return bound as ExprModel ?? UnsupportedValue(operation, type);
            case ILocalReferenceOperation { Local: var local } when BoundArgument(local) is { } bound:
                return bound as ExprModel ?? UnsupportedValue(operation, type);
            case IParameterReferenceOperation { Parameter: var structSpan } when TypeClassifier.StructSpanOf(structSpan.Type) is not null:
                Unsupported(operation, "Using the span of structs '" + structSpan.Name + "' other than by its elements and Length", "read its elements (" + structSpan.Name + "[i].X) in a for loop");
                return null;
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation { Local: var counted } } when structArrays.TryGetValue(counted, out var countedArray):
                return countedArray.Count;
            case ILocalReferenceOperation { Local: var wholeArray } when structArrays.ContainsKey(wholeArray):
                Unsupported(operation, "Using the local array of structs '" + wholeArray.Name + "' other than by its elements and Length", "read and write its elements (" + wholeArray.Name + "[i], " + wholeArray.Name + "[i].X) in a for loop");
                return null;
            case ILocalReferenceOperation { Local: var local } when structLocals.ContainsKey(local):
                Unsupported(operation, "Using the struct local '" + local.Name + "' this way", "read its fields, use its operators and methods, or assign it to another struct local");
                return null;
            case IBinaryOperation { OperatorMethod: { } binaryOperator } binary
                when type.Kind != ValueKind.Other && (IsStructType(binary.LeftOperand.Type) || IsStructType(binary.RightOperand.Type)):
                return ParseScalarCall(binary, binaryOperator, null, new[] { binary.LeftOperand, binary.RightOperand });
            case IUnaryOperation { OperatorMethod: { } unaryOperator } unary when type.Kind != ValueKind.Other && IsStructType(unary.Operand.Type):
                return ParseScalarCall(unary, unaryOperator, null, new[] { unary.Operand });
            case IInvocationOperation invocation when type.Kind != ValueKind.Other
                && SubstitutesScalarCall(invocation.TargetMethod, invocation.Instance, invocation.Arguments.Select(a => a.Value)):
                return ParseScalarCall(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value));
            case IPropertyReferenceOperation { Property: { Parameters.Length: 0, IsStatic: false, GetMethod: { } getter }, Instance: { } instance } property
                when type.Kind != ValueKind.Other && IsStructType(instance.Type) && InlineBody(getter) is not null && TryParseStructQuietly(instance):
                return ParseScalarCall(property, getter, instance, System.Array.Empty<IOperation>());
            default:
                handled = false;
                return null;
        }
    }

    private static bool IsStructType(ITypeSymbol? type) => type is not null && TypeClassifier.StructFieldsOf(type) is not null;

    /// <summary><c>ps[i]</c> of a span or array of structs: field j is element i·fields + j of its flat span.</summary>
    private StructValue? StructElement(IParameterSymbol span, IOperation indexOperation, ITypeSymbol type, IReadOnlyList<StructField> fields)
    {
        if (ParseCheckedIndex(indexOperation, new LengthExpr(TypeRef.Int, span.Name)) is not { } index)
        {
            return null;
        }

        return FlatElement(type, fields, StructFlatOf(span), index);
    }

    /// <summary>Struct <paramref name="index"/> of a flat span of struct fields: field j is element index·fields + j.</summary>
    private static StructValue FlatElement(ITypeSymbol type, IReadOnlyList<StructField> fields, string flatId, ExprModel index)
        => new(type, fields, fields.Select((f, j) => (ExprModel)new ElementExpr(f.Type, flatId, FieldCell(index, fields.Count, j))).ToArray());

    /// <summary><c>index·width + field</c>: where field <paramref name="field"/> of struct <paramref name="index"/> sits in a flat span.</summary>
    private static ExprModel FieldCell(ExprModel index, int width, int field)
    {
        var first = new BinaryExpr(TypeRef.Int, BinaryOp.Multiply, index, new LiteralExpr(TypeRef.Int, width.ToString(System.Globalization.CultureInfo.InvariantCulture), width));
        return field == 0 ? first : new BinaryExpr(TypeRef.Int, BinaryOp.Add, first, new LiteralExpr(TypeRef.Int, field.ToString(System.Globalization.CultureInfo.InvariantCulture), field));
    }

    /// <summary>The flat span of a span or array of structs parameter (and of its gradient), declared on first use.</summary>
    private string StructFlatOf(IParameterSymbol parameter)
    {
        if (!parameterFlats.TryGetValue(parameter.Name, out var flat))
        {
            var structs = TypeClassifier.StructSpanOf(parameter.Type)!.Value;
            var flatId = DeclareSynthetic(parameter.Name + "_flat", TypeRef.SpanOf(structs.Element));
            var gradientId = TypeClassifier.IsActive(parameter) ? DeclareSynthetic("d" + parameter.Name + "_flat", TypeRef.SpanOf(structs.Element)) : null;
            flat = new FlatArray(parameter.Name, flatId, gradientId, structs.Element) { StructType = structs.StructName };
            parameterFlats[parameter.Name] = flat;
        }

        return flat.FlatId;
    }

    /// <summary>The name a member reference reads (a property's, not its backing field's).</summary>
    private static string MemberName(IMemberReferenceOperation reference)
        => reference.Member is IFieldSymbol { AssociatedSymbol: { } property } ? property.Name : reference.Member.Name;

    /// <summary>
    /// <c>q.Position.X</c> or <c>q.Position</c> on a struct local: the local and the member path; null for anything else.
    /// </summary>
    private (StructLocal Local, string Path)? StructLocalPath(IOperation target)
    {
        var path = new List<string>();
        while (target is IMemberReferenceOperation { Instance: { } instance } member and (IFieldReferenceOperation or IPropertyReferenceOperation { Property.Parameters.Length: 0 }))
        {
            path.Insert(0, MemberName(member));
            target = instance;
        }

        return path.Count > 0 && target is ILocalReferenceOperation { Local: var local } && structLocals.TryGetValue(local, out var scalarised)
            ? (scalarised, string.Join(".", path))
            : null;
    }
}
