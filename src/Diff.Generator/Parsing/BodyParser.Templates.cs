using System.Collections.Generic;
using System.Linq;
using System.Text;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Passive code copied into the generated file: the primal's own syntax, re-spelled so it compiles there (types and
/// static members fully qualified, <c>nameof</c> folded, extension calls in static form) with every read of one of
/// the method's parameters or locals turned into a hole that prints the variable's current (SSA) value.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>How a template's value is used, which decides what it may read.</summary>
    private enum TemplateUse
    {
        /// <summary>Thrown or evaluated for its effect: it never flows into a value, so it may read anything.</summary>
        Consumed,

        /// <summary>A bool or integer value: passive by its type, so it may read differentiable values too.</summary>
        PassiveValue,

        /// <summary>
        /// A floating-point value or data of another type: passive only if nothing it reads can vary with the active
        /// inputs, else its derivative would be silently lost.
        /// </summary>
        Data,
    }

    /// <summary>Why the last template could not be built, and where (null when it was built).</summary>
    private (string What, Location Where)? templateFailure;

    /// <summary>The template of <paramref name="node"/>, or null (reason in <see cref="templateFailure"/>).</summary>
    private TemplateExpr? Template(SyntaxNode node, TypeRef type, TemplateUse use)
    {
        templateFailure = null;
        if (node.SyntaxTree != semanticModel.SyntaxTree || inlineScopes.Count > 0)
        {
            // Code of a member substituted from elsewhere is not copied as text: its names mean the caller's values.
            templateFailure = ("'" + Origin(node) + "'", node.GetLocation());
            return null;
        }

        var builder = new TemplateBuilder(this, node, use);
        builder.Visit(node);
        builder.Finish();
        if (builder.Failure is { } failure)
        {
            templateFailure = failure;
            return null;
        }

        return new TemplateExpr(type, builder.Parts.ToEquatableArray(), builder.Holes.ToEquatableArray());
    }

    /// <summary>
    /// <c>(value) is pattern</c> [<c>&amp;&amp; (guard)</c>]: one arm's test of a switch, as passive code (the value is
    /// re-evaluated per arm: it has no side effects). Null (reported) when a part cannot be copied.
    /// </summary>
    private TemplateExpr? PatternTest(SyntaxNode value, SyntaxNode pattern, SyntaxNode? guard)
    {
        TemplateExpr? test;
        if (pattern is Microsoft.CodeAnalysis.CSharp.Syntax.DiscardPatternSyntax)
        {
            // '_ when guard': C# has no 'is _', and the discard matches everything, so the guard alone is the test.
            test = guard is null ? Verbatim("true")
                : Template(guard, TypeRef.Bool, TemplateUse.PassiveValue) is { } alone ? Join(Join(Verbatim("("), alone), Verbatim(")")) : null;
        }
        else
        {
            var parts = new[] { Template(value, TypeRef.Bool, TemplateUse.PassiveValue), Template(pattern, TypeRef.Bool, TemplateUse.PassiveValue) };
            test = parts[0] is { } v && parts[1] is { } p ? Join(Join(Verbatim("("), v), Join(Verbatim(") is "), p)) : null;
            if (test is not null && guard is not null)
            {
                test = Template(guard, TypeRef.Bool, TemplateUse.PassiveValue) is { } g ? Join(Join(test, Verbatim(" && (")), Join(g, Verbatim(")"))) : null;
            }
        }

        if (test is null)
        {
            ReportTemplateFailure("switch on values, with constant, relational, and/or/not patterns and passive guards");
        }

        return test;
    }

    private static TemplateExpr Verbatim(string text)
        => new(TypeRef.Bool, new[] { text }.ToEquatableArray(), EquatableArray<ExprModel>.Empty);

    /// <summary>The text of <paramref name="a"/> followed by that of <paramref name="b"/>.</summary>
    private static TemplateExpr Join(TemplateExpr a, TemplateExpr b)
    {
        var parts = a.Parts.Take(a.Parts.Count - 1).Concat(new[] { a.Parts[a.Parts.Count - 1] + b.Parts[0] }).Concat(b.Parts.Skip(1));
        return new TemplateExpr(TypeRef.Bool, parts.ToEquatableArray(), a.Holes.Concat(b.Holes).ToEquatableArray());
    }

    /// <summary>Whether a read of <paramref name="symbol"/> may carry a derivative (conservatively, at parse time).</summary>
    private bool MayBeDifferentiable(ISymbol symbol)
        => symbol switch
        {
            IParameterSymbol parameter => TypeClassifier.IsActive(parameter),
            ILocalSymbol local => TypeClassifier.ToTypeRef(local.Type) is { IsFloating: true } or { IsArray: true, Element.IsFloating: true },
            _ => false,
        };

    private sealed class TemplateBuilder
    {
        private readonly BodyParser parser;
        private readonly SyntaxNode root;
        private readonly TemplateUse use;
        private readonly StringBuilder text = new();

        public TemplateBuilder(BodyParser parser, SyntaxNode root, TemplateUse use)
        {
            this.parser = parser;
            this.root = root;
            this.use = use;
        }

        public List<string> Parts { get; } = new();

        public List<ExprModel> Holes { get; } = new();

        public (string What, Location Where)? Failure { get; private set; }

        private SemanticModel Model => parser.semanticModel;

        public void Visit(SyntaxNode node)
        {
            if (Failure is not null)
            {
                return;
            }

            switch (node)
            {
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf
                    when Model.GetConstantValue(nameOf).Value is string name:
                    Append(SymbolDisplay.FormatLiteral(name, quote: true));
                    return;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                    when Model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { ReducedFrom: { } extension } reduced:
                    // x.Ext(a) → global::Ns.Extensions.Ext(x, a): the generated file has none of the user's usings.
                    Append(extension.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + access.Name.Identifier.ValueText);
                    if (access.Name is GenericNameSyntax generic)
                    {
                        Visit(generic.TypeArgumentList);
                    }

                    Append("(");
                    Visit(access.Expression);
                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        Append(", ");
                        Visit(argument);
                    }

                    Append(")");
                    return;
                case ThisExpressionSyntax or BaseExpressionSyntax when parser.method.IsStatic:
                    Fail("'" + node + "'", node);
                    return;
                case DeclarationExpressionSyntax or DeclarationPatternSyntax { Designation: not DiscardDesignationSyntax } or VarPatternSyntax
                    or RecursivePatternSyntax { Designation: SingleVariableDesignationSyntax }:
                    Fail("A declaration inside an expression ('" + node + "')", node);
                    return;
                case AssignmentExpressionSyntax assignment when WritesOwnVariable(assignment.Left):
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } increment when WritesOwnVariable(increment.Operand):
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } decrement when WritesOwnVariable(decrement.Operand):
                    Fail("An assignment inside an expression ('" + node + "')", node);
                    return;
                case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument when WritesOwnVariable(argument.Expression):
                    Fail("Passing '" + argument.Expression + "' by ref or out", node);
                    return;
                case ImplicitObjectCreationExpressionSyntax implicitNew when Model.GetTypeInfo(implicitNew).Type is { } created:
                    Append("new " + created.ToDisplayString(TypeClassifier.TypeFormat));
                    Visit(implicitNew.ArgumentList);
                    if (implicitNew.Initializer is not null)
                    {
                        Visit(implicitNew.Initializer);
                    }

                    return;
                case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax or RefExpressionSyntax:
                    Fail("'" + node + "'", node);
                    return;
                case IdentifierNameSyntax or GenericNameSyntax:
                {
                    // Renamed names keep the spacing of the token they replace.
                    var token = ((SimpleNameSyntax)node).Identifier;
                    var mark = (text.Length, Parts.Count);
                    if (token.HasLeadingTrivia && text.Length > 0 && text[text.Length - 1] != ' ')
                    {
                        text.Append(' ');
                    }

                    if (Rename((SimpleNameSyntax)node))
                    {
                        if (node.GetTrailingTrivia().Count > 0)
                        {
                            text.Append(' ');
                        }

                        return;
                    }

                    if (Parts.Count == mark.Count)
                    {
                        text.Length = mark.Length;
                    }

                    break;
                }
            }

            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.IsToken)
                {
                    AppendToken(child.AsToken());
                }
                else
                {
                    Visit(child.AsNode()!);
                }
            }
        }

        /// <summary>Spells a simple name for the generated file; false when it stays as written.</summary>
        private bool Rename(SimpleNameSyntax name)
        {
            if (IsMemberName(name) || name.Parent is NameColonSyntax or NameEqualsSyntax || name.IsVar)
            {
                return false;
            }

            var symbol = Model.GetSymbolInfo(name).Symbol;
            switch (symbol)
            {
                case ILocalSymbol or IParameterSymbol when IsDeclaredInside(symbol):
                    return false; // a lambda's own parameter or local
                case ILocalSymbol { IsConst: true, HasConstantValue: true } constant:
                    // A local constant has no variable in the generated code: its value, typed as declared.
                    Append("(" + (Ir.CSharpLiteral.FromConstant(constant.ConstantValue, TypeClassifier.ToTypeRef(constant.Type))
                        ?? SymbolDisplay.FormatPrimitive(constant.ConstantValue!, quoteStrings: true, useHexadecimalNumbers: false)) + ")");
                    return true;
                case ILocalSymbol or IParameterSymbol:
                    Hole(name, symbol);
                    return true;
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction }:
                    Fail("The local function '" + name + "'", name);
                    return true;
                case INamespaceSymbol ns:
                    Append(ns.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                    return true;
                case ITypeSymbol type:
                    Append(type.ToDisplayString(TypeClassifier.TypeFormat));
                    return true;
                case { IsStatic: true, ContainingType: { } containing } member and (IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol):
                    Append(containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member.Name);
                    if (name is GenericNameSyntax generic)
                    {
                        Visit(generic.TypeArgumentList);
                    }

                    return true;
                case IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol when !parser.method.IsStatic:
                    return false; // a member of the (passive) receiver: the generated instance method reads it the same way
                case IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol when name.Parent is not AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax }:
                    Fail("The instance member '" + name + "'", name);
                    return true;
                case null when Model.GetSymbolInfo(name).CandidateSymbols.Length == 0 && name.Identifier.ValueText != "nameof":
                    Fail("'" + name + "'", name);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A read of one of the method's parameters or locals: a hole for its current value.</summary>
        private void Hole(SimpleNameSyntax name, ISymbol symbol)
        {
            var type = symbol is ILocalSymbol local ? local.Type : ((IParameterSymbol)symbol).Type;
            string? id = symbol switch
            {
                ILocalSymbol l => parser.localIds.TryGetValue(l, out var localId) ? localId : null,
                IParameterSymbol p when SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, parser.method) => p.Name,
                _ => null,
            };
            if (id is null)
            {
                Fail("'" + name + "'", name);
                return;
            }

            if (parser.localArrayIds.Contains(id) && name.Parent is not (MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } or ElementAccessExpressionSyntax))
            {
                // Local arrays live in pooled spans in the generated code: only their length and elements read the same.
                Fail("Passing the local array '" + name + "' to other code", name);
                return;
            }

            if (use == TemplateUse.Data && parser.MayBeDifferentiable(symbol) && !IsCompared(name))
            {
                Fail("'" + root + "' computes a value from '" + name + "', which may carry a derivative, through code DiffGen does not differentiate; its derivative would be lost", name);
                return;
            }

            Parts.Add(text.ToString());
            text.Clear();
            Holes.Add(new VariableExpr(TypeClassifier.ToTypeRef(type), id));
        }

        /// <summary>A direct operand of a comparison or an <c>is</c> test: only a bool comes of it, which carries no derivative.</summary>
        private static bool IsCompared(SimpleNameSyntax name)
            => name.Parent switch
            {
                BinaryExpressionSyntax binary => binary.Kind() is SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                    or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression,
                IsPatternExpressionSyntax => true,
                _ => false,
            };

        private bool IsDeclaredInside(ISymbol symbol)
            => symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == root.SyntaxTree && root.Span.Contains(r.Span));

        /// <summary>The right-hand name of <c>a.Name</c>, <c>A.Name</c> or <c>a?.Name</c>, which stays as written.</summary>
        private static bool IsMemberName(SimpleNameSyntax name)
            => name.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Name == name,
                QualifiedNameSyntax qualified => qualified.Right == name,
                MemberBindingExpressionSyntax => true,
                AliasQualifiedNameSyntax alias => alias.Name == name,
                _ => false,
            };

        private bool WritesOwnVariable(ExpressionSyntax target)
            => Model.GetSymbolInfo(target).Symbol is ILocalSymbol or IParameterSymbol && Model.GetSymbolInfo(target).Symbol is { } s && !IsDeclaredInside(s);

        private void AppendToken(SyntaxToken token)
        {
            if (token.HasLeadingTrivia && token.LeadingTrivia.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia) && !IsComment(t)))
            {
                Fail("'" + token.Parent + "'", token.Parent!);
                return;
            }

            if (token.HasLeadingTrivia && text.Length > 0 && text[text.Length - 1] != ' ')
            {
                text.Append(' ');
            }

            text.Append(token.Text);
            if (token.HasTrailingTrivia)
            {
                text.Append(' ');
            }
        }

        private static bool IsComment(SyntaxTrivia trivia)
            => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

        private void Append(string value) => text.Append(value);

        private bool Fail(string what, SyntaxNode where)
        {
            Failure ??= (what, where.GetLocation());
            return true;
        }

        /// <summary>Closes the last part; called once the whole expression is visited.</summary>
        public void Finish()
        {
            Parts.Add(text.ToString().TrimEnd());
            Parts[0] = Parts[0].TrimStart();
            text.Clear();
        }
    }
}
