using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Which array parameters a <c>[Differentiable]</c> method writes into: <c>void Derivs(double t, ReadOnlySpan&lt;double&gt; y,
/// Span&lt;double&gt; dydt)</c> fills <c>dydt</c>, <c>double F(double[] x, double[] work)</c> uses <c>work</c> as scratch.
/// Such a parameter is an input (what it holds on entry) and an output (what it holds on return) at once, as a
/// <c>ref</c> scalar is. The method and its callers both ask this, from the method's syntax alone, so they agree.
/// </summary>
internal static class ArrayOutputs
{
    /// <summary>The ordinals of the <c>T[]</c> and <c>Span&lt;T&gt;</c> parameters (T double or float) the body writes.</summary>
    public static HashSet<int> WrittenParameters(IMethodSymbol method, Compilation compilation)
        => WrittenParameters(method, compilation, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

    /// <summary>
    /// The methods whose bodies were read while a parse was being recorded (see <see cref="Record"/>), with what was
    /// found and the bodies read: a parse depends on them beyond the declarations <see cref="ParseCache"/> compares.
    /// </summary>
    [System.ThreadStatic]
    private static List<BodyRead>? recording;

    /// <summary>Runs <paramref name="parse"/> and returns, beside its result, every method body it read to find written arrays.</summary>
    public static (T Result, List<BodyRead> Read) Record<T>(System.Func<T> parse)
    {
        var outer = recording;
        recording = new List<BodyRead>();
        try
        {
            var result = parse();
            return (result, recording);
        }
        finally
        {
            recording = outer;
        }
    }

    /// <summary>The written parameters as a comparable key ("0,2").</summary>
    public static string Key(HashSet<int> written) => string.Join(",", written.OrderBy(i => i));

    private static HashSet<int> WrittenParameters(IMethodSymbol method, Compilation compilation, HashSet<IMethodSymbol> visiting)
    {
        var written = new HashSet<int>();
        method = method.OriginalDefinition;
        var candidates = method.Parameters.Where(IsWritable).ToList();
        if (candidates.Count == 0 || !visiting.Add(method))
        {
            return written;
        }

        var bodies = new List<SyntaxNode>(1);
        foreach (var declaration in method.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<MethodDeclarationSyntax>())
        {
            var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                continue;
            }

            bodies.Add(body);

            // One walk of the body for every candidate parameter: the declarators that may view a parameter, the
            // nodes that may write one, and the calls that may pass one on (each list in document order).
            var declarators = new List<VariableDeclaratorSyntax>();
            var writes = new List<SyntaxNode>();
            var calls = new List<InvocationExpressionSyntax>();
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: not null } declarator:
                        declarators.Add(declarator);
                        break;
                    case AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                        writes.Add(node);
                        break;
                    case InvocationExpressionSyntax call:
                        writes.Add(call);
                        calls.Add(call);
                        break;
                }
            }

            foreach (var parameter in candidates)
            {
                // The parameter and the local spans that view it (var row = y.AsSpan(i, n)).
                var names = new HashSet<string> { parameter.Name };
                foreach (var declarator in declarators)
                {
                    if (Base(declarator.Initializer!.Value) is { } viewed && names.Contains(viewed))
                    {
                        names.Add(declarator.Identifier.ValueText);
                    }
                }

                if (writes.Any(node => Writes(node, names)) || PassedToWriter(calls, names, declaration.SyntaxTree, compilation, visiting))
                {
                    written.Add(parameter.Ordinal);
                }
            }
        }

        visiting.Remove(method);
        recording?.Add(new BodyRead(method, Key(written), bodies));
        return written;
    }

    /// <summary>A method whose body (or bodies, for a partial method) was read, and the written parameters found in it.</summary>
    internal sealed record BodyRead(IMethodSymbol Method, string Written, List<SyntaxNode> Bodies);

    private static bool IsWritable(IParameterSymbol parameter)
        => parameter.RefKind == RefKind.None
            && parameter.Type switch
            {
                IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single } => true,
                INamedTypeSymbol { Name: "Span", TypeArguments.Length: 1 } span
                    => span.TypeArguments[0].SpecialType is SpecialType.System_Double or SpecialType.System_Single
                        && span.ContainingNamespace?.ToDisplayString() == "System",
                _ => false,
            }
            || parameter.RefKind == RefKind.None && parameter.Type is IArrayTypeSymbol { Rank: 1 } or INamedTypeSymbol { Name: "Span" }
                && TypeClassifier.ElementOf(parameter.Type) is ITypeParameterSymbol element && GenericMathTypes.IsFloatingTypeParameter(element);

    /// <summary>The name an expression views: <c>y</c>, <c>y.AsSpan(…)</c>, <c>y.Slice(…)</c>, <c>y[a..b]</c>, <c>y.AsSpan()[…]</c>.</summary>
    private static string? Base(ExpressionSyntax expression)
        => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            ParenthesizedExpressionSyntax parenthesized => Base(parenthesized.Expression),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice" } member } => Base(member.Expression),
            ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } range when range.ArgumentList.Arguments[0].Expression is RangeExpressionSyntax => Base(range.Expression),
            _ => null,
        };

    /// <summary>An element write (<c>y[i] = …</c>, <c>y[i] += …</c>, <c>y[i]++</c>) or a bulk write (Fill, Clear, CopyTo, Array.Copy …) into one of the names.</summary>
    private static bool Writes(SyntaxNode node, HashSet<string> names)
    {
        bool IsElementOf(ExpressionSyntax target) => target is ElementAccessExpressionSyntax element && Base(element.Expression) is { } name && names.Contains(name);
        bool Names(ExpressionSyntax? expression) => expression is not null && Base(expression) is { } name && names.Contains(name);
        switch (node)
        {
            case AssignmentExpressionSyntax assignment:
                return IsElementOf(assignment.Left);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix:
                return IsElementOf(prefix.Operand);
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix:
                return IsElementOf(postfix.Operand);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call:
            {
                var name = member.Name.Identifier.ValueText;
                var arguments = call.ArgumentList.Arguments;
                return name switch
                {
                    "Fill" or "Clear" when arguments.Count <= 1 && member.Expression is not IdentifierNameSyntax { Identifier.ValueText: "Array" } => Names(member.Expression),
                    "Fill" or "Clear" or "Reverse" or "Sort" => arguments.Count > 0 && Names(arguments[0].Expression),
                    "CopyTo" or "TryCopyTo" => arguments.Count > 0 && Names(arguments[arguments.Count == 1 || member.Expression is not IdentifierNameSyntax { Identifier.ValueText: "MemoryExtensions" } ? 0 : 1].Expression),
                    "Copy" or "ConstrainedCopy" => arguments.Count == 3 && Names(arguments[1].Expression) || arguments.Count == 5 && Names(arguments[2].Expression),
                    _ => false,
                };
            }

            default:
                return false;
        }
    }

    /// <summary>Whether one of the names (or a view of it) is passed to a [Differentiable] method's parameter that method writes.</summary>
    private static bool PassedToWriter(List<InvocationExpressionSyntax> calls, HashSet<string> names, SyntaxTree tree, Compilation compilation, HashSet<IMethodSymbol> visiting)
    {
        SemanticModel? model = null;
        foreach (var call in calls)
        {
            var passed = call.ArgumentList.Arguments.Select((a, i) => (a, i)).Where(x => Base(x.a.Expression) is { } name && names.Contains(name)).ToList();
            if (passed.Count == 0)
            {
                continue;
            }

            if (!compilation.ContainsSyntaxTree(tree))
            {
                return false;
            }

            model ??= compilation.GetSemanticModel(tree);
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol callee || !TypeClassifier.IsDifferentiable(callee))
            {
                continue;
            }

            var calleeWrites = WrittenParameters(callee, compilation, visiting);
            foreach (var (argument, position) in passed)
            {
                var parameter = argument.NameColon is { } named
                    ? callee.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                    : position < callee.Parameters.Length ? callee.Parameters[position] : null;
                if (parameter is not null && calleeWrites.Contains(parameter.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
