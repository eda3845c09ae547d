using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Members of struct types used on struct values (<c>a + b</c>, <c>p.Energy()</c>, <c>p.Speed</c>, <c>new P(x, v)</c>,
/// <c>Scale(p, s)</c>) are differentiated by substituting their bodies: a body that is one expression (or local
/// declarations then a return, or a constructor's field assignments) is parsed with its parameters, <c>this</c> and
/// its locals bound to the caller's values. Nothing is called, so nothing needs a pullback of its own.
/// </summary>
internal sealed partial class BodyParser
{
    private const int MaximumInlineDepth = 8;

    /// <summary>What a member's parameters, locals and <c>this</c> stand for while its body is substituted.</summary>
    private sealed class InlineScope
    {
        public InlineScope(IMethodSymbol member, StructValue? receiver)
        {
            Member = member;
            Receiver = receiver;
        }

        public IMethodSymbol Member { get; }

        public StructValue? Receiver { get; set; }

        /// <summary>Parameter or local → its value: an <see cref="ExprModel"/> or a <see cref="StructValue"/>.</summary>
        public Dictionary<ISymbol, object> Values { get; } = new(SymbolEqualityComparer.Default);
    }

    private readonly Stack<InlineScope> inlineScopes = new();

    /// <summary>The value a parameter or local of the member being substituted stands for; null outside one.</summary>
    private object? BoundArgument(ISymbol symbol)
        => inlineScopes.Count > 0 && inlineScopes.Peek().Values.TryGetValue(symbol, out var value) ? value : null;

    /// <summary>Whether a call of <paramref name="member"/> is a vector rule or a body this file can substitute.</summary>
    private bool InlinesOrBuiltIn(IMethodSymbol member, IOperation? instance)
        => VectorRules.IsBuiltIn(member) || InlineBody(member) is not null && (instance is null || instance.Type is { } t && TypeClassifier.StructFieldsOf(t) is not null);

    /// <summary>
    /// Whether a call returning a number is made on struct values and should be substituted: a member of a struct
    /// type, or a method taking one that is not [Differentiable] (a [Differentiable] static method keeps its pullback).
    /// </summary>
    private bool SubstitutesScalarCall(IMethodSymbol member, IOperation? instance, IEnumerable<IOperation> arguments)
    {
        if (VectorRules.IsBuiltIn(member))
        {
            return true;
        }

        var onStruct = instance?.Type is { } receiverType && TypeClassifier.StructFieldsOf(receiverType) is not null && TryParseStructQuietly(instance);
        var takesStruct = arguments.Any(a => a.Type is { } argumentType && TypeClassifier.StructFieldsOf(argumentType) is not null);
        if (!onStruct && !takesStruct || InlineBody(member) is null)
        {
            return false;
        }

        // A [Differentiable] static method, or one differentiated with respect to its receiver, is called through its
        // pullback (by its ByFields shim when a struct argument is held as field values); a [Differentiable] method
        // with a passive receiver used on a struct value is substituted, as that receiver is not passive here.
        return !TypeClassifier.IsDifferentiable(member) || onStruct && !member.IsStatic && !TypeClassifier.WithRespectToThis(member);
    }

    /// <summary>Whether an instance is a struct value taken apart here (a struct local, an active parameter, …), without reporting.</summary>
    private bool TryParseStructQuietly(IOperation instance)
    {
        var diagnosticsBefore = diagnostics.Count;
        var handled = TryParseStruct(instance, out _);
        diagnostics.RemoveRange(diagnosticsBefore, diagnostics.Count - diagnosticsBefore);
        return handled;
    }

    /// <summary>A call whose result is a struct (an operator, a constructor, a method or property returning one).</summary>
    private StructValue? ParseStructCall(IOperation site, IMethodSymbol member, IOperation? instance, IOperation[] arguments)
        => (VectorRules.IsBuiltIn(member) ? BuiltInVectorCall(site, member, instance, arguments) : Inline(site, member, instance, arguments, structResult: true)) as StructValue;

    /// <summary>A call whose result is a number, made on struct values.</summary>
    private ExprModel? ParseScalarCall(IOperation site, IMethodSymbol member, IOperation? instance, IEnumerable<IOperation> arguments)
    {
        var ordered = arguments.ToArray();
        var result = VectorRules.IsBuiltIn(member) ? BuiltInVectorCall(site, member, instance, ordered) : Inline(site, member, instance, ordered, structResult: false);
        return result is ExprModel value ? ConvertTo(value, TypeClassifier.ToTypeRef(member.ReturnType)) : null;
    }

    /// <summary>The body substituted for a call: its value, a <see cref="StructValue"/> or <see cref="ExprModel"/>; null when reported.</summary>
    private object? Inline(IOperation site, IMethodSymbol member, IOperation? instance, IOperation[] arguments, bool structResult)
    {
        if (inlineScopes.Count >= MaximumInlineDepth || inlineScopes.Any(s => SymbolEqualityComparer.Default.Equals(s.Member, member)))
        {
            Unsupported(site, "The recursive use of '" + Shown(member) + "'", "write the recursion as a loop, or mark a static method taking the struct's fields [Differentiable]");
            return null;
        }

        if (InlineBody(member) is not { } body)
        {
            Unsupported(site, "'" + Origin(site.Syntax) + "'", "'" + Shown(member) + "' has no body DiffGen can read: give it one expression (=> …) or local declarations and one return");
            return null;
        }

        // The receiver and arguments are the caller's: parsed here, before the callee's scope is entered.
        StructValue? receiver = null;
        if (!member.IsStatic && member.MethodKind != MethodKind.Constructor)
        {
            if (instance is null || StructOperand(instance) is not { } parsedReceiver)
            {
                return null;
            }

            receiver = parsedReceiver;
        }

        var scope = new InlineScope(member, receiver);
        for (var i = 0; i < member.Parameters.Length; i++)
        {
            var parameter = member.Parameters[i];
            // A ref or in parameter is only read: a substituted body cannot assign its parameters (reported if it does).
            if (i >= arguments.Length || parameter.RefKind == RefKind.Out)
            {
                Unsupported(site, "'" + Origin(site.Syntax) + "'", "pass each argument of '" + Shown(member) + "' by value");
                return null;
            }

            object? argument = TypeClassifier.StructFieldsOf(parameter.Type) is not null
                ? StructOperand(arguments[i])
                : ParseValue(arguments[i], TypeClassifier.ToTypeRef(parameter.Type));
            if (argument is null)
            {
                return null;
            }

            argument = argument is ExprModel scalar && Uses(body, parameter) > 1 ? Hoisted(scalar, parameter.Name) : argument;

            scope.Values[parameter] = argument;
        }

        var model = semanticModel.Compilation.GetSemanticModel(body.SyntaxTree);
        var diagnosticsBefore = diagnostics.Count;
        var invalidBefore = HasInvalidCode;
        inlineScopes.Push(scope);
        object? result;
        try
        {
            result = member.MethodKind == MethodKind.Constructor
                ? InlineConstructor(member, body, model, site)
                : InlineExpressionBody(body, model, structResult, TypeClassifier.ToTypeRef(member.ReturnType));
        }
        finally
        {
            inlineScopes.Pop();
        }

        InlinedSource = true;
        if (result is null && diagnostics.Count > diagnosticsBefore)
        {
            // One error, at the use in the method being differentiated, saying what in the member's body failed.
            var inner = diagnostics[diagnosticsBefore];
            diagnostics.RemoveRange(diagnosticsBefore, diagnostics.Count - diagnosticsBefore);
            var reason = string.Format(DiagnosticDescriptors.ById(inner.Id).MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), inner.Arguments.ToArray<object>());
            Unsupported(
                site,
                "Using '" + Shown(member) + "' on struct values",
                "its body is differentiated where it is used, and there " + inner.Id + " applies: " + reason);
        }
        else if (result is null && HasInvalidCode && !invalidBefore)
        {
            HasInvalidCode = invalidBefore;
            Unsupported(site, "'" + Origin(site.Syntax) + "'", "'" + Shown(member) + "' could not be read");
        }

        return result;
    }

    /// <summary>The body parsed: local declarations bound in the scope, then the returned expression.</summary>
    private object? InlineExpressionBody(SyntaxNode body, SemanticModel model, bool structResult, TypeRef returnType)
    {
        var (statements, returned) = body switch
        {
            ArrowExpressionClauseSyntax arrow => (System.Array.Empty<StatementSyntax>(), arrow.Expression),
            BlockSyntax { Statements: var list } when list.Count > 0 && list[list.Count - 1] is ReturnStatementSyntax { Expression: { } last } => (list.Take(list.Count - 1).ToArray(), last),
            _ => (null, null),
        };
        if (statements is null || returned is null)
        {
            return null;
        }

        foreach (var statement in statements)
        {
            if (model.GetOperation(statement, cancellationToken) is not IVariableDeclarationGroupOperation group || !BindLocals(group))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, statement.GetLocation(), "'" + Origin(statement) + "'", "declare locals and return one expression");
                return null;
            }
        }

        if (model.GetOperation(returned, cancellationToken) is not { } operation)
        {
            return null;
        }

        return structResult ? StructOperand(operation) : ParseValue(operation, returnType);
    }

    /// <summary><c>var d = a - b;</c> in a substituted body: <c>d</c> stands for its value.</summary>
    private bool BindLocals(IVariableDeclarationGroupOperation group)
    {
        foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
        {
            if (declarator.GetVariableInitializer()?.Value is not { } initial)
            {
                return false;
            }

            object? value = TypeClassifier.StructFieldsOf(declarator.Symbol.Type) is not null ? StructOperand(initial) : ParseValue(initial, TypeClassifier.ToTypeRef(declarator.Symbol.Type));
            if (value is null)
            {
                return false;
            }

            value = value is ExprModel scalar && Uses(group.Syntax.Parent?.Parent ?? group.Syntax, declarator.Symbol) > 1 ? Hoisted(scalar, declarator.Symbol.Name) : value;

            inlineScopes.Peek().Values[declarator.Symbol] = value;
        }

        return true;
    }

    /// <summary>
    /// A constructor: a record struct's primary constructor sets each property from the parameter of its name; a
    /// written constructor's body assigns fields (<c>X = x;</c>, <c>this.V = v;</c>), each from the values so far.
    /// </summary>
    private StructValue? InlineConstructor(IMethodSymbol constructor, SyntaxNode body, SemanticModel model, IOperation site)
    {
        var type = constructor.ContainingType;
        var fields = TypeClassifier.StructFieldsOf(type)!;
        var scope = inlineScopes.Peek();
        var value = DefaultValue(type, fields);
        if (body is TypeDeclarationSyntax)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (value.IndexOf(parameter.Name) is var index and >= 0 && scope.Values[parameter] is ExprModel argument)
                {
                    value = value.With(index, ConvertTo(argument, fields[index].Type));
                }
                else if (value.HasNested(parameter.Name) && scope.Values[parameter] is StructValue nested)
                {
                    value = value.WithNested(parameter.Name, nested);
                }
            }

            return value;
        }

        var constructorSyntax = (ConstructorDeclarationSyntax)body;
        if (constructorSyntax.Initializer is not null)
        {
            Unsupported(site, "'" + Origin(site.Syntax) + "'", "its constructor calls another constructor (: this(…)): set the fields in the constructor itself");
            return null;
        }

        var statements = constructorSyntax.ExpressionBody is { } arrow
            ? new[] { (SyntaxNode)arrow.Expression }
            : constructorSyntax.Body!.Statements.Cast<SyntaxNode>().ToArray();
        foreach (var statement in statements)
        {
            scope.Receiver = value;
            var operation = model.GetOperation(statement, cancellationToken);
            if (operation is IExpressionStatementOperation expressionStatement)
            {
                operation = expressionStatement.Operation;
            }

            if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation } nestedTarget } nestedAssignment
                && value.HasNested(MemberName(nestedTarget)))
            {
                if (StructOperand(nestedAssignment.Value) is not { } nestedValue)
                {
                    return null;
                }

                value = value.WithNested(MemberName(nestedTarget), nestedValue);
                continue;
            }

            if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation, Member: var member } } assignment
                && value.IndexOf(member is IFieldSymbol { AssociatedSymbol: { } property } ? property.Name : member.Name) is var index and >= 0)
            {
                if (ParseValue(assignment.Value, fields[index].Type) is not { } assigned)
                {
                    return null;
                }

                value = value.With(index, assigned);
                continue;
            }

            if (operation is IVariableDeclarationGroupOperation group && BindLocals(group))
            {
                continue;
            }

            Unsupported(operation ?? site, "'" + Origin(statement) + "'", "a constructor used in differentiable code may only declare locals and assign the struct's fields");
            return null;
        }

        return value;
    }

    /// <summary>
    /// The syntax whose body is substituted for a call of <paramref name="member"/>: an expression body, a block of
    /// local declarations and one return, a constructor, or a record struct's declaration (its primary constructor).
    /// Null when the member has no such body in source.
    /// </summary>
    private static SyntaxNode? InlineBody(IMethodSymbol member)
    {
        if (member.DeclaringSyntaxReferences.Length != 1 || member.IsAbstract || member.IsExtern || member.IsGenericMethod)
        {
            return null;
        }

        var syntax = member.DeclaringSyntaxReferences[0].GetSyntax();
        return syntax switch
        {
            RecordDeclarationSyntax when member.MethodKind == MethodKind.Constructor && member.ContainingType.IsRecord => syntax,
            ConstructorDeclarationSyntax constructor when constructor.Body is not null || constructor.ExpressionBody is not null => syntax,
            BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow,
            BaseMethodDeclarationSyntax { Body: { } block } => block,
            AccessorDeclarationSyntax { ExpressionBody: { } arrow } => arrow,
            AccessorDeclarationSyntax { Body: { } block } => block,
            ArrowExpressionClauseSyntax arrow => arrow,
            _ => null,
        };
    }

    /// <summary>Whether the parse substituted a body from elsewhere, which the parse cache cannot track yet.</summary>
    public bool InlinedSource { get; private set; }

    /// <summary>A member as messages show it: <c>Vec2.operator +(Vec2, Vec2)</c>, <c>Body.Momentum.get</c>.</summary>
    private static string Shown(IMethodSymbol member) => member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    /// <summary>Where values computed once for a statement are declared (before it); null where nothing may move.</summary>
    private List<StmtModel>? hoistTarget;

    /// <summary>How many branches of an expression (<c>?:</c>, <c>&amp;&amp;</c>, a switch arm) enclose what is being parsed.</summary>
    private int conditionalDepth;

    /// <summary>
    /// A value a substituted body uses more than once (a local of the body, an argument, a vector's length): declared
    /// once before the statement when the statement always evaluates it, so it is not computed again at every use.
    /// Values in a branch of an expression, and simple ones, stay where they are.
    /// </summary>
    private ExprModel Hoisted(ExprModel value, string name)
    {
        if (hoistTarget is null || conditionalDepth > 0 || value is VariableExpr or LiteralExpr or OpaqueExpr || value.Type.Kind is not (ValueKind.Double or ValueKind.Float)
            || value is ConvertExpr { Operand: VariableExpr or LiteralExpr or OpaqueExpr } || ContainsCall(value))
        {
            return value;
        }

        var id = DeclareSynthetic(name, value.Type);
        hoistTarget.Add(new DeclareStmt(string.Empty, id, value.Type, value));
        return new VariableExpr(value.Type, id);
    }

    /// <summary>Calls with pullbacks or out results stay in place (their results and seeds are tied to the statement).</summary>
    private static bool ContainsCall(ExprModel value) => value switch
    {
        DifferentiableCallExpr or ThrowExpr or TemplateExpr => true,
        BinaryExpr b => ContainsCall(b.Left) || ContainsCall(b.Right),
        UnaryExpr u => ContainsCall(u.Operand),
        ConvertExpr c => ContainsCall(c.Operand),
        ConditionalExpr c => ContainsCall(c.Condition) || ContainsCall(c.WhenTrue) || ContainsCall(c.WhenFalse),
        MathCallExpr m => m.Arguments.Any(ContainsCall),
        _ => false,
    };

    /// <summary>How many times <paramref name="symbol"/> (a parameter or local) is named in <paramref name="body"/>.</summary>
    private static int Uses(SyntaxNode body, ISymbol symbol)
        => body is TypeDeclarationSyntax ? 1 // a record's primary constructor: each parameter sets its property once
        : body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Count(n => n.Identifier.ValueText == symbol.Name);

    /// <summary>
    /// Parses a return's value with somewhere to put what it computes once before it (see <see cref="Hoisted"/>): those
    /// statements go to <paramref name="output"/> first, with the return's origin.
    /// </summary>
    private T WithHoisting<T>(string origin, List<StmtModel> output, System.Func<T> parse)
    {
        var (outerHoist, outerDepth) = (hoistTarget, conditionalDepth);
        var hoisted = new List<StmtModel>();
        (hoistTarget, conditionalDepth) = (hoisted, 0);
        try
        {
            return parse();
        }
        finally
        {
            (hoistTarget, conditionalDepth) = (outerHoist, outerDepth);
            output.AddRange(hoisted.Select(s => s with { Origin = origin }));
        }
    }
}
