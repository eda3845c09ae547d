using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// <c>switch</c> statements and expressions become the if/else chains and conditionals they mean: each arm's test is
/// <c>(value) is pattern &amp;&amp; (guard)</c> as passive code, tried in order, the default last. A switch
/// expression that matches nothing throws <c>SwitchExpressionException</c>, as C# does.
/// </summary>
internal sealed partial class BodyParser
{
    private void ParseSwitch(ISwitchOperation operation, List<StmtModel> output)
    {
        if (operation.Syntax is not SwitchStatementSyntax syntax)
        {
            Unsupported(operation, "This switch", "use if/else instead");
            return;
        }

        var arms = new List<(TemplateExpr Test, string Origin, List<StmtModel> Body)>();
        List<StmtModel>? defaultBody = null;
        var ok = true;
        nesting++;
        foreach (var section in operation.Cases)
        {
            var sectionSyntax = (SwitchSectionSyntax)section.Syntax;
            TemplateExpr? test = null;
            var isDefault = false;
            foreach (var label in sectionSyntax.Labels)
            {
                var labelTest = label switch
                {
                    CaseSwitchLabelSyntax value => PatternTest(syntax.Expression, value.Value, null),
                    CasePatternSwitchLabelSyntax pattern => PatternTest(syntax.Expression, pattern.Pattern, pattern.WhenClause?.Condition),
                    _ => null,
                };
                if (label is DefaultSwitchLabelSyntax)
                {
                    isDefault = true;
                }
                else if (labelTest is null)
                {
                    ok = false;
                }
                else
                {
                    test = test is null ? labelTest : Join(Join(Verbatim("("), test), Join(Verbatim(") || ("), Join(labelTest, Verbatim(")"))));
                }
            }

            var body = SectionBody(operation, section);
            if (body is null)
            {
                ok = false;
                continue;
            }

            if (isDefault)
            {
                defaultBody = body; // tested last, wherever it is written
            }
            else if (test is not null)
            {
                arms.Add((test, Origin(sectionSyntax.Labels.Last()), body));
            }
        }

        nesting--;
        if (!ok)
        {
            return;
        }

        // From the last arm up: if (test) { body } else { the rest }.
        var chain = defaultBody ?? new List<StmtModel>();
        for (var i = arms.Count - 1; i >= 0; i--)
        {
            chain = new List<StmtModel> { new IfStmt(arms[i].Origin, arms[i].Test, arms[i].Body.ToEquatableArray(), chain.ToEquatableArray()) };
        }

        output.AddRange(chain);
    }

    /// <summary>A section's statements without the break that ends it; null (reported) when it breaks out elsewhere.</summary>
    private List<StmtModel>? SectionBody(ISwitchOperation operation, ISwitchCaseOperation section)
    {
        var statements = section.Body.ToList();
        if (statements.LastOrDefault() is IBranchOperation last && SymbolEqualityComparer.Default.Equals(last.Target, operation.ExitLabel))
        {
            statements.RemoveAt(statements.Count - 1);
        }

        var innerBreak = statements.SelectMany(s => s.DescendantsAndSelf()).OfType<IBranchOperation>()
            .FirstOrDefault(b => SymbolEqualityComparer.Default.Equals(b.Target, operation.ExitLabel));
        if (innerBreak is not null)
        {
            Unsupported(innerBreak, "A break out of the middle of a switch section", "end the section with its break, or use if/else");
            return null;
        }

        var body = new List<StmtModel>();
        ParseStatements(statements, body);
        return body;
    }

    private ExprModel? ParseSwitchExpression(ISwitchExpressionOperation operation, TypeRef type)
    {
        if (operation.Syntax is not SwitchExpressionSyntax syntax)
        {
            return UnsupportedValue(operation, type);
        }

        var tests = new List<TemplateExpr?>();
        var values = new List<ExprModel?>();
        for (var i = 0; i < operation.Arms.Length; i++)
        {
            var arm = syntax.Arms[i];
            var catchAll = arm.Pattern is DiscardPatternSyntax && arm.WhenClause is null;
            tests.Add(catchAll ? null : PatternTest(syntax.GoverningExpression, arm.Pattern, arm.WhenClause?.Condition));
            values.Add(ParseValue(operation.Arms[i].Value, type));
        }

        if (values.Any(v => v is null) || tests.Where((t, i) => t is null && !IsCatchAll(syntax.Arms[i])).Any())
        {
            return null;
        }

        // Nothing matched: C# throws SwitchExpressionException with the value.
        ExprModel result = Template(syntax.GoverningExpression, TypeRef.Bool, TemplateUse.Consumed) is { } unmatched
            ? new ThrowExpr(type, Join(Join(Verbatim("new global::System.Runtime.CompilerServices.SwitchExpressionException((object)("), unmatched), Verbatim("))")))
            : new ThrowExpr(type, Verbatim("new global::System.Runtime.CompilerServices.SwitchExpressionException()"));
        for (var i = values.Count - 1; i >= 0; i--)
        {
            result = tests[i] is { } test ? new ConditionalExpr(type, test, values[i]!, result) : values[i]!;
        }

        return result;
    }

    private static bool IsCatchAll(SwitchExpressionArmSyntax arm) => arm.Pattern is DiscardPatternSyntax && arm.WhenClause is null;
}
