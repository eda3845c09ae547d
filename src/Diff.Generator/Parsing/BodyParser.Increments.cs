using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Increments inside a statement (<c>a[k++] = v</c>, <c>s += c[--n]</c>, <c>var t = p[i++]</c>, the series term
/// <c>ser += cof[j] / ++y</c>): when the counter is an integer or floating-point local or parameter that the statement
/// mentions only there, <c>k++</c> reads <c>k</c> and <c>k = k + 1</c>
/// follows the statement, <c>++k</c> is <c>k = k + 1</c> before it, then reads <c>k</c> — what C# evaluates.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The increments of the statement being parsed that may be moved out of it, by operation.</summary>
    private Dictionary<IIncrementOrDecrementOperation, string> movableIncrements = new();

    private readonly List<StmtModel> incrementsBefore = new();
    private readonly List<StmtModel> incrementsAfter = new();

    /// <summary>Parses one statement with its embedded increments moved before or after it.</summary>
    private void WithMovedIncrements(IOperation statement, string origin, List<StmtModel> output, System.Action<List<StmtModel>> parse)
    {
        // Values a substituted struct member computes once and uses several times are declared before the statement
        // (after its moved ++k, which they may read).
        var outerHoist = hoistTarget;
        var outerDepth = conditionalDepth;
        var hoisted = new List<StmtModel>();
        var before = new List<StmtModel>();
        var rest = new List<StmtModel>();
        hoistTarget = hoisted;
        conditionalDepth = 0;
        try
        {
            WithMovedIncrementsCore(statement, origin, before, rest, parse);
        }
        finally
        {
            hoistTarget = outerHoist;
            conditionalDepth = outerDepth;
        }

        output.AddRange(before);
        output.AddRange(hoisted.Select(s => s with { Origin = origin }));
        output.AddRange(rest);
    }

    private void WithMovedIncrementsCore(IOperation statement, string origin, List<StmtModel> before, List<StmtModel> output, System.Action<List<StmtModel>> parse)
    {
        var increments = statement.Descendants().OfType<IIncrementOrDecrementOperation>()
            .Where(i => !ReferenceEquals(i, statement is IExpressionStatementOperation e ? e.Operation : null) && !InsideLambda(i, statement))
            .ToList();
        if (increments.Count == 0)
        {
            parse(output);
            return;
        }

        var previous = movableIncrements;
        movableIncrements = new Dictionary<IIncrementOrDecrementOperation, string>();
        foreach (var increment in increments)
        {
            var symbol = increment.Target switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            var mentions = symbol is null ? 0 : statement.Descendants().Count(d => d is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, symbol)
                || d is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, symbol));
            var type = TypeClassifier.ToTypeRef(increment.Target.Type);
            if (symbol is not null && mentions == 1 && (type.Kind == ValueKind.Integral || type.IsFloating)
                && (symbol is IParameterSymbol || localIds.ContainsKey((ILocalSymbol)symbol)))
            {
                movableIncrements[increment] = symbol is ILocalSymbol l ? localIds[l] : symbol.Name;
            }
        }

        incrementsBefore.Clear();
        incrementsAfter.Clear();
        var parsed = new List<StmtModel>();
        parse(parsed);
        before.AddRange(incrementsBefore.Select(s => s with { Origin = origin }));
        output.AddRange(parsed);
        output.AddRange(incrementsAfter.Select(s => s with { Origin = origin }));
        incrementsBefore.Clear();
        incrementsAfter.Clear();
        movableIncrements = previous;
    }

    /// <summary>An increment inside an expression: its value, with the update moved out of the statement; null when it cannot move.</summary>
    private ExprModel? MovedIncrement(IIncrementOrDecrementOperation increment)
    {
        if (!movableIncrements.TryGetValue(increment, out var id))
        {
            return null;
        }

        var type = TypeClassifier.ToTypeRef(increment.Target.Type);
        (increment.IsPostfix ? incrementsAfter : incrementsBefore).Add(new AssignStmt(string.Empty, id, Incremented(id, type, increment.Kind)));
        return new VariableExpr(type, id);
    }

    private static bool InsideLambda(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
