using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Turns a method body's operation tree into the statement model. Every construct it cannot differentiate is
/// reported on its own syntax and parsing goes on, so the user sees all problems at once.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly IMethodSymbol method;
    private readonly SemanticModel semanticModel;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly CancellationToken cancellationToken;
    private readonly Dictionary<ILocalSymbol, string> localIds = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> usedIds;

    /// <summary>Local arrays, by symbol name and by id; declared only at the top of the body (nesting 0).</summary>
    private readonly HashSet<string> localArrays = new();
    private readonly HashSet<string> localArrayIds = new();
    private int nesting;

    public const string ArrayAdvice = "use one-dimensional arrays or spans of double, float or integers, declared as parameters or as local arrays at the top of the method";

    public BodyParser(IMethodSymbol method, SemanticModel semanticModel, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        this.method = method;
        this.semanticModel = semanticModel;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
        usedIds = new HashSet<string>(method.Parameters.Select(p => p.Name));
    }

    public List<LocalModel> Locals { get; } = new();

    public List<CallSite> Calls { get; } = new();

    /// <summary>The body has a throw statement or expression.</summary>
    public bool Throws { get; private set; }

    /// <summary>The body has compiler errors of its own: generate nothing and add no diagnostics.</summary>
    public bool HasInvalidCode { get; private set; }

    public List<StmtModel> ParseBody(IBlockOperation body, IEnumerable<IParameterSymbol> writtenArrays)
    {
        var prologue = new List<StmtModel>();
        DeclareArrayOutputs(writtenArrays, prologue);
        var statements = new List<StmtModel>();
        ParseStatements(body.Operations, statements);
        statements.InsertRange(0, hoistedArrays);
        statements.InsertRange(0, prologue);
        return statements;
    }

    private void ParseStatements(IEnumerable<IOperation> operations, List<StmtModel> output)
    {
        var statements = operations.ToList();
        for (var i = 0; i < statements.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ParseArraySwap(statements, i, output) is var swapped && swapped > 0)
            {
                i += swapped - 1;
                continue;
            }

            ParseStatement(statements[i], output);
        }
    }

    private void ParseStatement(IOperation operation, List<StmtModel> output)
    {
        // Blocks and control flow hold statements of their own; a simple statement may be followed by the copies back
        // of arrays a call in it wrote (and preceded by the declarations of their scratch arrays).
        var topLevel = nesting == 0;
        var parsed = new List<StmtModel>();
        if (operation is IBlockOperation or ILoopOperation or IConditionalOperation or ISwitchOperation)
        {
            ParseStatementCore(operation, parsed);
        }
        else
        {
            var outer = afterStatement;
            afterStatement = new List<StmtModel>();
            ParseStatementCore(operation, parsed);
            parsed.AddRange(afterStatement);
            afterStatement = outer;
        }

        if (topLevel)
        {
            // Scratch arrays of calls in this statement (in loops or branches too) are declared before it.
            output.AddRange(pendingBefore);
            pendingBefore.Clear();
        }

        output.AddRange(parsed);
    }

    private void ParseStatementCore(IOperation operation, List<StmtModel> output)
    {
        switch (operation)
        {
            case IBlockOperation block:
                ParseStatements(block.Operations, output);
                break;
            case IEmptyOperation:
                break;
            case IVariableDeclarationGroupOperation group:
                WithMovedIncrements(group, Origin(group.Syntax.Parent is LocalDeclarationStatementSyntax declaration ? declaration : group.Syntax), output, o => ParseDeclarations(group, o));
                break;
            case IExpressionStatementOperation statement:
                WithMovedIncrements(statement, Origin(statement.Syntax), output, o => ParseExpressionStatement(statement, o));
                break;
            case IReturnOperation { ReturnedValue: null } voidReturn when method.ReturnsVoid:
                output.Add(new ReturnStmt(Origin(voidReturn.Syntax), new LiteralExpr(TypeRef.Double, "0d", 0)));
                break;
            case IReturnOperation { ReturnedValue: { } structResult } structReturn when MethodParser.StructResultOf(method) is { } resultFields:
            {
                // return s; of a method returning a struct: each field into its out result, then leave.
                var origin = structReturn.Syntax is ReturnStatementSyntax ? Origin(structReturn.Syntax) : "return " + Origin(structReturn.Syntax) + ";";
                if (WithHoisting(origin, output, () => StructOperand(structResult)) is { } returned)
                {
                    for (var i = 0; i < resultFields.Fields.Count; i++)
                    {
                        output.Add(new AssignStmt(origin, StructResult.ParameterName(resultFields.Fields[i]), ConvertTo(returned.Leaves[i], resultFields.Fields[i].Type)));
                    }

                    output.Add(new ReturnStmt(origin, new LiteralExpr(TypeRef.Double, "0d", 0)));
                }

                break;
            }

            case IReturnOperation { ReturnedValue: { } value } ret:
            {
                var origin = ret.Syntax is ReturnStatementSyntax ? Origin(ret.Syntax) : "return " + Origin(ret.Syntax) + ";";
                var parsed = WithHoisting(origin, output, () => ParseValue(value, TypeClassifier.ToTypeRef(method.ReturnType)));
                if (parsed is not null)
                {
                    output.Add(new ReturnStmt(origin, parsed));
                }

                break;
            }

            case IConditionalOperation conditional:
            {
                var origin = conditional.Syntax is IfStatementSyntax ifSyntax ? "if (" + Origin(ifSyntax.Condition) + ")" : Origin(conditional.Syntax);
                var condition = ParseExpression(conditional.Condition);
                var whenTrue = new List<StmtModel>();
                var whenFalse = new List<StmtModel>();
                nesting++;
                ParseStatement(conditional.WhenTrue, whenTrue);
                if (conditional.WhenFalse is not null)
                {
                    ParseStatement(conditional.WhenFalse, whenFalse);
                }

                nesting--;

                if (condition is not null)
                {
                    output.Add(new IfStmt(origin, condition, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
                }

                break;
            }

            case ILoopOperation loop:
                nesting++;
                ParseLoop(loop, output);
                nesting--;
                break;
            case IBranchOperation { BranchKind: BranchKind.Break } breakOperation:
                output.Add(new BreakStmt(Origin(breakOperation.Syntax)));
                break;
            case IBranchOperation { BranchKind: BranchKind.Continue } continueOperation:
                output.Add(new ContinueStmt(Origin(continueOperation.Syntax)));
                break;
            case ITryOperation tryOperation:
                Report(DiagnosticDescriptors.TryCatch, tryOperation.Syntax.GetFirstToken().GetLocation(), "try/catch/finally");
                break;
            case IBranchOperation { BranchKind: BranchKind.GoTo } branch:
                Report(DiagnosticDescriptors.Goto, branch.Syntax.GetLocation());
                break;
            case ILabeledOperation labeled:
                // The goto that jumps here is the error (one construct, one error); the labeled statement is parsed.
                if (labeled.Operation is not null)
                {
                    ParseStatement(labeled.Operation, output);
                }

                break;
            case ILocalFunctionOperation localFunction:
                Report(
                    DiagnosticDescriptors.LambdaOrLocalFunction,
                    (localFunction.Syntax as LocalFunctionStatementSyntax)?.Identifier.GetLocation() ?? localFunction.Syntax.GetLocation(),
                    "Local function '" + localFunction.Symbol.Name + "'");
                break;
            case IInvalidOperation:
                HasInvalidCode = true;
                break;
            case ISwitchOperation switchOperation:
                ParseSwitch(switchOperation, output);
                break;
            case IThrowOperation { Syntax: ThrowStatementSyntax { Expression: { } thrown } }:
                if (ParseThrown(thrown) is { } exception)
                {
                    output.Add(new ThrowStmt(Origin(operation.Syntax), exception));
                }

                break;
            case IThrowOperation:
                Unsupported(operation, "A rethrow", "remove it: try/catch is not supported in a [Differentiable] method");
                break;
            default:
                Unsupported(operation, "'" + Origin(operation.Syntax) + "'", "use local declarations, assignments, if/else and return");
                break;
        }
    }

    private void ParseDeclarations(IVariableDeclarationGroupOperation group, List<StmtModel> output)
    {
        var origin = Origin(group.Syntax.Parent is LocalDeclarationStatementSyntax statement ? statement : group.Syntax);
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var local = declarator.Symbol;
                var type = TypeClassifier.ToTypeRef(local.Type);
                if (ParseLocalStructArray(declarator, local, origin, output))
                {
                    continue;
                }

                if (TypeClassifier.IsArrayOrSpan(local.Type) && ParseJaggedRowDeclaration(declarator, local, origin, output))
                {
                    continue;
                }

                if (TypeClassifier.IsArrayOrSpan(local.Type) && ParseView(declarator, local, origin, output))
                {
                    continue;
                }

                if (IsMatrix(local.Type) && type.IsArray)
                {
                    ParseLocalMatrix(declarator, local, type, origin, output);
                    continue;
                }

                if (TypeClassifier.IsArrayOrSpan(local.Type))
                {
                    ParseLocalArray(declarator, local, type, origin, output);
                    continue;
                }

                if (TypeClassifier.IsSimdVector(local.Type))
                {
                    Unsupported(declarator, "A local of type '" + TypeClassifier.Display(local.Type) + "'", TypeClassifier.WhyNotDifferentiable(local.Type)!);
                    continue;
                }

                if (type.Kind == ValueKind.Other && ParseStructLocal(declarator, local, declarator.GetVariableInitializer() ?? declaration.Initializer, origin, output))
                {
                    continue;
                }

                if (type.Kind == ValueKind.Other && !local.IsRef && local.Type.TypeKind != TypeKind.Error
                    && declarator.GetVariableInitializer()?.Value is { } data)
                {
                    // Passive data of another type (a struct of constants, a string): its initializer may not read
                    // anything differentiable (checked by the template), so nothing read from it carries a derivative.
                    var dataValue = ParseExpression(data);
                    var dataId = DeclareLocal(local, type); // known even when its initializer failed: no follow-on errors
                    if (dataValue is not null)
                    {
                        output.Add(new DeclareStmt(origin, dataId, type, dataValue));
                    }

                    continue;
                }

                if (type.Kind == ValueKind.Other || local.IsRef)
                {
                    // Report what is wrong with the initializer itself first (a lambda, say): that is the real problem.
                    var initial = declarator.GetVariableInitializer()?.Value;
                    if (initial is not null && ParseExpression(initial) is null)
                    {
                        continue;
                    }

                    if (local.Type.TypeKind != TypeKind.Error)
                    {
                        Unsupported(declarator, "A local of type '" + TypeClassifier.Display(local.Type) + "'", TypeClassifier.WhyNotDifferentiable(local.Type) ?? "use double, float, integer or bool locals, or structs of them");
                    }
                    else
                    {
                        HasInvalidCode = true;
                    }

                    continue;
                }

                var id = DeclareLocal(local, type);
                var initializer = declarator.GetVariableInitializer()?.Value ?? declaration.Initializer?.Value;
                var value = initializer is null ? null : ParseValue(initializer, type);
                if (initializer is null || value is not null)
                {
                    output.Add(new DeclareStmt(origin, id, type, value));
                }
            }
        }
    }

    private void ParseExpressionStatement(IExpressionStatementOperation statement, List<StmtModel> output)
    {
        var origin = Origin(statement.Syntax);
        if (ParseStructArrayStore(statement.Operation, origin, output) || ParseStore(statement.Operation, origin, output) || ParseStructAssignment(statement.Operation, origin, output))
        {
            return;
        }

        switch (statement.Operation)
        {
            case IDeconstructionAssignmentOperation deconstruction:
                ParseDeconstruction(deconstruction, origin, output);
                break;
            case ISimpleAssignmentOperation assignment:
            {
                if (TargetOf(assignment.Target, statement) is { } target)
                {
                    var value = ParseValue(assignment.Value, target.Type);
                    if (value is not null)
                    {
                        output.Add(new AssignStmt(origin, target.Id, value));
                    }
                }

                break;
            }

            case ICompoundAssignmentOperation compound:
            {
                if (TargetOf(compound.Target, statement) is { } target
                    && ToBinaryOp(compound.OperatorKind) is { } op
                    && (compound.OperatorMethod is null || GenericMathTypes.ReceiverOf(compound.OperatorMethod) is not null)
                    && ParseExpression(compound.Value) is { } value)
                {
                    // x op= v is x = (T)((P)x op (P)v), where P is the operator's type after numeric promotion.
                    var operatorType = Promote(target.Type, value.Type);
                    var left = ConvertTo(new VariableExpr(target.Type, target.Id), operatorType);
                    var right = ConvertTo(value, operatorType);
                    var resultType = IsComparisonOrLogical(op) ? TypeRef.Bool : operatorType;
                    output.Add(new AssignStmt(origin, target.Id, ConvertTo(new BinaryExpr(resultType, op, left, right), target.Type)));
                }
                else if (compound.OperatorMethod is not null && GenericMathTypes.ReceiverOf(compound.OperatorMethod) is null || ToBinaryOp(compound.OperatorKind) is null)
                {
                    Unsupported(compound, "The operator '" + compound.OperatorKind + "='", "write the assignment out in full");
                }

                break;
            }

            case IIncrementOrDecrementOperation increment:
            {
                if (TargetOf(increment.Target, statement) is { } target)
                {
                    output.Add(new AssignStmt(origin, target.Id, Incremented(target.Id, target.Type, increment.Kind)));
                }

                break;
            }

            case IInvalidOperation:
                HasInvalidCode = true;
                break;
            case IInvocationOperation { TargetMethod: { ReturnsVoid: true } voidTarget } voidCall when TypeClassifier.IsDifferentiable(voidTarget):
                // A differentiable void method: its results are its out arguments.
                if (ParseInvocation(voidCall, TypeRef.Double) is DifferentiableCallExpr results)
                {
                    var unused = DeclareSynthetic("_void", TypeRef.Double);
                    output.Add(new DeclareStmt(origin, unused, TypeRef.Double, results with { ReturnsVoid = true }));
                }

                break;
            case IInvocationOperation { TargetMethod: { ReturnsVoid: false } valueTarget } discarded
                when TypeClassifier.IsDifferentiable(valueTarget) && TypeClassifier.ToTypeRef(valueTarget.ReturnType).IsFloating:
            {
                // A differentiable call whose value is discarded, made for the arrays it writes.
                var resultType = TypeClassifier.ToTypeRef(valueTarget.ReturnType);
                if (ParseInvocation(discarded, resultType) is DifferentiableCallExpr call)
                {
                    output.Add(new DeclareStmt(origin, DeclareSynthetic("_discarded", resultType), resultType, call));
                }

                break;
            }

            case IInvocationOperation bufferCall when ParseBufferCall(bufferCall, origin, output):
                break;
            case IInvocationOperation when statement.Syntax is ExpressionStatementSyntax { Expression: var call }:
                // Debug.Assert(x > 0), a log line: its arguments are passive and nothing reads a result, so it runs
                // once in the forward sweep and has no derivative.
                if (Template(call, TypeRef.Bool, TemplateUse.Consumed) is { } effect)
                {
                    output.Add(new EffectStmt(origin, effect));
                }
                else
                {
                    ReportTemplateFailure("differentiable code may call other code for its effect only with passive arguments: pass values, not ref or out locals or local arrays");
                }

                break;
            default:
                Unsupported(statement, "'" + origin + "'", "use local declarations, assignments, if/else and return");
                break;
        }
    }

    /// <summary>The local or parameter an assignment writes, or null (reported) when it writes anything else.</summary>
    private (string Id, TypeRef Type)? TargetOf(IOperation target, IOperation statement)
    {
        switch (target)
        {
            case ILocalReferenceOperation { Local: var viewLocal } when views.ContainsKey(viewLocal):
                ReportArrayReassignment(target, "Assigning '" + viewLocal.Name + "', which refers to another array,", "declare a new local for each array or part of one, or copy the elements in a loop instead of swapping arrays");
                return null;
            case ILocalReferenceOperation local when localIds.TryGetValue(local.Local, out var arrayId) && localArrayIds.Contains(arrayId):
                ReportArrayReassignment(target, "Assigning the local array '" + arrayId + "' itself", "write its elements instead (two local arrays of the same length can be swapped: var t = a; a = b; b = t;)");
                return null;
            case IFieldReferenceOperation or IPropertyReferenceOperation when StructFieldTarget(target) is { } field:
                return field;
            case IParameterReferenceOperation or ILocalReferenceOperation when inlineScopes.Count > 0:
                Unsupported(target, "Assigning '" + Origin(target.Syntax) + "' in a member used on struct values", "compute the value in one expression, or declare a new local");
                return null;
            case ILocalReferenceOperation local when localIds.TryGetValue(local.Local, out var id):
                return (id, TypeClassifier.ToTypeRef(local.Local.Type));
            case ILocalReferenceOperation:
                return null; // a local we already reported (unsupported type)
            case IParameterReferenceOperation when ActiveStruct(target) is { } assignedStruct:
                ReportWholeStructUse(assignedStruct, target);
                return null;
            case IParameterReferenceOperation parameter when !TypeClassifier.IsArrayOrSpan(parameter.Parameter.Type):
                return (parameter.Parameter.Name, TypeClassifier.ToTypeRef(parameter.Parameter.Type));
            case IParameterReferenceOperation parameter:
                Report(DiagnosticDescriptors.WriteToInput, target.Syntax.GetLocation(), method.Name, parameter.Parameter.Name);
                return null;
            case IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation array }:
                Report(DiagnosticDescriptors.WriteToInput, target.Syntax.GetLocation(), method.Name, array.Parameter.Name);
                return null;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation span }:
                Report(DiagnosticDescriptors.WriteToInput, target.Syntax.GetLocation(), method.Name, span.Parameter.Name);
                return null;
            case IArrayElementReferenceOperation { ArrayReference: var row } when IsRow(row):
                // rows[i][j] = v, row[j] = v: an element of a jagged parameter, an input.
                Report(DiagnosticDescriptors.WriteToInput, target.Syntax.GetLocation(), method.Name, RowArrayName(row)!);
                return null;
            case IInvalidOperation:
                HasInvalidCode = true;
                return null;
            default:
                Report(DiagnosticDescriptors.WriteToNonLocal, target.Syntax.GetLocation(), method.Name, Origin(target.Syntax));
                return null;
        }
    }

    private bool arrayReassignmentReported;

    /// <summary>
    /// A local array or view assigned another array: reported once per method, since a buffer swap (<c>t = a; a = b;
    /// b = t;</c>) is one construct spread over several statements, and its fix is the same for each.
    /// </summary>
    private void ReportArrayReassignment(IOperation target, string what, string advice)
    {
        if (!arrayReassignmentReported)
        {
            arrayReassignmentReported = true;
            Report(DiagnosticDescriptors.UnsupportedArray, target.Syntax.GetLocation(), what, advice);
        }
    }

    private string DeclareLocal(ILocalSymbol local, TypeRef type)
    {
        var id = DeclareSynthetic(local.Name, type);
        localIds[local] = id;
        return id;
    }

    /// <summary>A local with a method-unique id: <paramref name="name"/>, suffixed only on a clash.</summary>
    private string DeclareSynthetic(string name, TypeRef type)
    {
        var id = name;
        for (var k = 1; !usedIds.Add(id); k++)
        {
            id = name + "_" + k;
        }

        Locals.Add(new LocalModel(id, type));
        return id;
    }

    /// <summary><c>id + 1</c> or <c>id - 1</c> in C#'s promoted type, converted back to the variable's type.</summary>
    private static ExprModel Incremented(string id, TypeRef type, OperationKind kind)
    {
        var op = kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
        var operatorType = type.Kind == ValueKind.Integral && type.Name is not ("int" or "long" or "uint" or "ulong") ? TypeRef.Int : type;
        var sum = new BinaryExpr(operatorType, op, ConvertTo(new VariableExpr(type, id), operatorType), ConvertTo(One(type), operatorType));
        return ConvertTo(sum, type);
    }

    /// <summary>The exception of a <c>throw</c>: passive code, evaluated only on the path that throws.</summary>
    private TemplateExpr? ParseThrown(ExpressionSyntax exception)
    {
        Throws = true;
        var template = Template(exception, new TypeRef(ValueKind.Other, "global::System.Exception"), TemplateUse.Consumed);
        if (template is null)
        {
            ReportTemplateFailure("build the exception from values, static members and calls with passive arguments");
        }

        return template;
    }

    private void ReportTemplateFailure(string advice)
    {
        if (templateFailure is { } failure)
        {
            Report(DiagnosticDescriptors.UnsupportedConstruct, failure.Where, failure.What, advice);
        }
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params string[] arguments)
        => diagnostics.Add(DiagnosticInfo.Create(descriptor, LocationInfo.From(location), arguments));

    private void Unsupported(IOperation operation, string what, string advice)
        => Report(DiagnosticDescriptors.UnsupportedConstruct, operation.Syntax.GetLocation(), what, advice);

    /// <summary>
    /// A statement's source text on one line, for the comments of the generated code: each run of whitespace becomes
    /// one space. (A loop, not a compiled Regex: that would cost every fresh compiler process its start-up.)
    /// </summary>
    private static string Origin(SyntaxNode node)
    {
        var text = node.ToString();
        var line = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = line.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }

            line.Append(c);
        }

        return line.ToString();
    }
}
