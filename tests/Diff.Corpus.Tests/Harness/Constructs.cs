using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DiffGen.Corpus.Tests.Harness;

/// <summary>
/// Names the construct a DG diagnostic points at, from the syntax and symbols there (not from the message, whose
/// wording is shared by many constructs): "throw statement", "read of a static readonly array field",
/// "Debug.Assert call", "call to an instance method", ... These names group the blocked methods into the ranking
/// of what blocks real code.
/// </summary>
public static class Constructs
{
    public static string Describe(Compilation compilation, SyntaxTree tree, TextSpan span, string id = "")
    {
        if (span.End > tree.Length)
        {
            return "?";
        }

        var node = tree.GetRoot().FindNode(span, getInnermostNodeForTie: true);
        var model = compilation.GetSemanticModel(tree);
        switch (id)
        {
            case "DG0007":
                return "recursion (direct or mutual)";
            case "DG0017":
                return "a parameter named d + another parameter's name (gradient name clash)";
            case "DG0004":
                return node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.ReturnType is { } rt && model.GetTypeInfo(rt).Type?.SpecialType == SpecialType.System_Void
                    ? "void method (results through out)"
                    : "non-floating return type";
        }

        // Inside a call to a well-known passive API: name the call, not the argument.
        var call = node is ExpressionStatementSyntax statement
            ? statement.Expression as InvocationExpressionSyntax
            : node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (call is not null && model.GetSymbolInfo(call).Symbol is IMethodSymbol called
            && called.ContainingType?.ToDisplayString() is "System.Diagnostics.Debug" or "System.Diagnostics.Trace" or "System.Console")
        {
            return $"{called.ContainingType.Name}.{called.Name} call";
        }

        switch (node)
        {
            case MethodDeclarationSyntax m:
                return MethodDeclaration(m, model);
            case ParameterSyntax p:
                return p.Modifiers.Any(m => m.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword or SyntaxKind.InKeyword)
                    ? $"'{p.Modifiers.First(m => m.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword or SyntaxKind.InKeyword).Text}' parameter"
                    : ParameterType(model.GetDeclaredSymbol(p)?.Type);
            case ThrowStatementSyntax:
                return "throw statement";
            case ThrowExpressionSyntax:
                return "throw expression";
            case TryStatementSyntax:
                return "try/catch";
            case SwitchStatementSyntax:
                return "switch statement";
            case SwitchExpressionSyntax:
                return "switch expression";
            case IsPatternExpressionSyntax:
                return "is pattern";
            case GotoStatementSyntax or LabeledStatementSyntax:
                return "goto / label";
            case LocalFunctionStatementSyntax:
                return "local function";
            case LambdaExpressionSyntax or AnonymousMethodExpressionSyntax:
                return "lambda";
            case ForEachStatementSyntax:
                return "foreach";
            case DoStatementSyntax:
                return "do/while loop";
            case WhileStatementSyntax:
                return "while loop";
            case ForStatementSyntax:
                return "for loop";
            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax inv }:
                return "call statement (result discarded): " + CalleeKind(inv, model);
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: TupleExpressionSyntax } }:
                return "tuple deconstruction assignment";
            case LocalDeclarationStatementSyntax { Declaration.Type: RefTypeSyntax }:
                return "ref local";
            case LocalDeclarationStatementSyntax decl when decl.Declaration.Variables.Any(v => v.Initializer?.Value is CastExpressionSyntax or InvocationExpressionSyntax) && IsArray(decl.Declaration.Type, model):
                return "local array from a call or cast (Clone, ToArray, ...)";
            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax a } when IsArray(a.Left, model):
                return "assignment of a whole array (swap of array locals)";
            case ArgumentSyntax arg when arg.RefKindKeyword.Kind() is SyntaxKind.OutKeyword or SyntaxKind.RefKeyword:
                return $"'{arg.RefKindKeyword.Text}' argument";
            case ArgumentSyntax arg:
                return "argument: " + Expression(arg.Expression, model);
            case VariableDeclaratorSyntax when id == "DG0012":
                return "local array declared inside a loop or branch";
            case ExpressionSyntax callee when callee.Parent is InvocationExpressionSyntax inv0 && inv0.Expression == callee:
                return "call: " + CalleeKind(inv0, model);
            case ExpressionSyntax name when name.Parent is MemberAccessExpressionSyntax ma0 && ma0.Name == name && ma0.Parent is InvocationExpressionSyntax inv1 && inv1.Expression == ma0:
                return "call: " + CalleeKind(inv1, model);
            case ExpressionSyntax e:
                return Expression(e, model);
            case StatementSyntax st:
                return st.Kind().ToString();
        }

        return node.Kind().ToString();
    }

    private static string ParameterType(ITypeSymbol? type) => type switch
    {
        null => "parameter of an unknown type",
        IArrayTypeSymbol { Rank: > 1 } => "multidimensional array parameter (double[,])",
        IArrayTypeSymbol { ElementType: IArrayTypeSymbol } => "jagged array parameter (double[][])",
        IArrayTypeSymbol a => $"array parameter of {a.ElementType.Name} (not double/float/int)",
        INamedTypeSymbol { TypeKind: TypeKind.Enum } => "enum parameter",
        INamedTypeSymbol { TypeKind: TypeKind.Delegate } => "delegate parameter (Func<double, double>, ...)",
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } => "nullable parameter (double?)",
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => "struct parameter (Vector3d, ...)",
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => "interface parameter",
        INamedTypeSymbol n when n.ContainingNamespace?.ToDisplayString().StartsWith("System.Collections", StringComparison.Ordinal) == true => "collection parameter (List<double>, IList<T>, ...)",
        INamedTypeSymbol { TypeKind: TypeKind.Class } => "class parameter",
        _ => "parameter of type " + type.ToDisplayString(),
    };

    private static string MethodDeclaration(MethodDeclarationSyntax m, SemanticModel model)
    {
        var symbol = model.GetDeclaredSymbol(m);
        if (symbol is null)
        {
            return "method";
        }

        if (!symbol.IsStatic)
        {
            return symbol.IsOverride || symbol.IsAbstract || symbol.IsVirtual ? "instance method (virtual/override/abstract)" : "instance method";
        }

        if (symbol.IsGenericMethod)
        {
            return "generic method";
        }

        if (symbol.ReturnsVoid)
        {
            return "void method (results through out)";
        }

        return "method declaration";
    }

    private static string Expression(ExpressionSyntax e, SemanticModel model)
    {
        switch (e)
        {
            case ElementAccessExpressionSyntax ea:
            {
                var target = model.GetSymbolInfo(ea.Expression).Symbol;
                var type = model.GetTypeInfo(ea.Expression).Type;
                if (ea.ArgumentList.Arguments.Any(a => a.Expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } || a.Expression is RangeExpressionSyntax))
                {
                    return "index from end / range (v[^1], v[1..])";
                }

                if (type is IArrayTypeSymbol { Rank: > 1 })
                {
                    return "multidimensional array element (a[i, j])";
                }

                if (type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol })
                {
                    return "jagged array element (a[i][j])";
                }

                return target switch
                {
                    IFieldSymbol { IsStatic: true } f => $"element of a static{(f.IsReadOnly ? " readonly" : "")} array field",
                    IFieldSymbol => "element of an instance array field",
                    IPropertySymbol => "element of an array property",
                    _ => "element access: " + ea.Expression.Kind(),
                };
            }

            case MemberAccessExpressionSyntax ma:
            {
                var symbol = model.GetSymbolInfo(ma).Symbol;
                return symbol switch
                {
                    IPropertySymbol { Name: "Length" } when model.GetTypeInfo(ma.Expression).Type is IArrayTypeSymbol && model.GetSymbolInfo(ma.Expression).Symbol is IFieldSymbol => "Length of a static array field",
                    IPropertySymbol { Name: "Length" or "Count" } => "Length/Count",
                    IFieldSymbol { IsConst: true } => "const of another type",
                    IFieldSymbol { IsStatic: true } => "static field read",
                    IFieldSymbol => "field of a struct/class value",
                    IPropertySymbol => "property read",
                    IMethodSymbol => "method group",
                    _ => "member access",
                };
            }

            case InvocationExpressionSyntax inv:
                return "call: " + CalleeKind(inv, model);
            case IdentifierNameSyntax id:
                return model.GetSymbolInfo(id).Symbol switch
                {
                    IFieldSymbol { IsStatic: true, IsReadOnly: true } f when f.Type is IArrayTypeSymbol => "static readonly array field",
                    IFieldSymbol { IsStatic: true, IsConst: false } => "static field read",
                    IFieldSymbol => "instance field read",
                    IPropertySymbol => "property read",
                    ILocalSymbol l when l.Type is IArrayTypeSymbol => "local array",
                    _ => "identifier",
                };
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression }:
                return "string literal";
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression }:
                return "null check";
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } or RangeExpressionSyntax:
                return "index from end / range (v[^1], v[1..])";
            case ArrayCreationExpressionSyntax ac when ac.Type.RankSpecifiers.Any(r => r.Rank > 1):
                return "multidimensional local array (new double[n, m])";
            case ArrayCreationExpressionSyntax:
                return "array creation";
            case InterpolatedStringExpressionSyntax:
                return "interpolated string";
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } b when model.GetTypeInfo(b).Type?.SpecialType == SpecialType.System_String:
                return "string concatenation";
            case AssignmentExpressionSyntax a when a.Left is TupleExpressionSyntax:
                return "tuple deconstruction assignment";
            case AssignmentExpressionSyntax:
                return "assignment inside an expression";
            case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax when e.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PostIncrementExpression or SyntaxKind.PreDecrementExpression or SyntaxKind.PostDecrementExpression:
                return "embedded ++/--";
            case TupleExpressionSyntax:
                return "tuple";
            case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax:
                return "object creation: " + model.GetTypeInfo(e).Type?.Name;
            case CastExpressionSyntax c:
                return "cast to " + model.GetTypeInfo(c).Type?.ToDisplayString();
            case ConditionalAccessExpressionSyntax:
                return "?. access";
            case SwitchExpressionSyntax:
                return "switch expression";
            case IsPatternExpressionSyntax:
                return "is pattern";
            case ThrowExpressionSyntax:
                return "throw expression";
            case LambdaExpressionSyntax:
                return "lambda";
        }

        return e.Kind().ToString();
    }

    private static string CalleeKind(InvocationExpressionSyntax inv, SemanticModel model)
    {
        if (model.GetSymbolInfo(inv).Symbol is not IMethodSymbol m)
        {
            return "unresolved call";
        }

        var owner = m.ContainingType?.ToDisplayString() ?? "";
        if (m.MethodKind == MethodKind.LocalFunction)
        {
            return "local function";
        }

        if (owner is "System.Math" or "System.MathF" or "double" or "float" or "System.Double" or "System.Single")
        {
            return $"{m.ContainingType!.Name}.{m.Name}";
        }

        if (owner.StartsWith("System", StringComparison.Ordinal))
        {
            return $"BCL {m.ContainingType!.Name}.{m.Name}";
        }

        if (m.Parameters.Any(p => p.RefKind is RefKind.Out or RefKind.Ref))
        {
            return "user method with out/ref parameters";
        }

        if (m.IsExtensionMethod || m.ReducedFrom is not null)
        {
            return "extension method";
        }

        if (!m.IsStatic)
        {
            return "instance method";
        }

        if (m.ReturnsVoid)
        {
            return "user void method";
        }

        return m.GetAttributes().Any(a => a.AttributeClass?.Name == "DifferentiableAttribute")
            ? "[Differentiable] user method"
            : "user method without [Differentiable]";
    }

    private static bool IsArray(SyntaxNode typeOrExpression, SemanticModel model)
        => model.GetTypeInfo(typeOrExpression).Type is IArrayTypeSymbol;
}
