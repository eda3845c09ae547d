using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Folds an adjoint's zero start into its first contribution: <c>double _d_a = 0d; …; _d_a += e;</c> becomes
/// <c>double _d_a = e;</c> at the place of the contribution (and <c>_d_a = 0d; …; _d_a += e;</c> becomes
/// <c>_d_a = e;</c>), when nothing in between mentions <c>_d_a</c> and the first contribution is a plain statement of
/// the same block. The JIT cannot do it: <c>0 + e</c> is not <c>e</c> when e is −0, so every zero start otherwise
/// costs an addition on the adjoint's dependency chain (and a zeroed register), in every loop iteration.
/// </summary>
internal static class ZeroInitFolding
{
    public static ImmutableArray<CodeStmt> Fold(IEnumerable<CodeStmt> block)
    {
        var statements = block.Select(FoldNested).ToList();
        var names = new StatementNames();
        for (var i = 0; i < statements.Count; i++)
        {
            var (name, declared) = statements[i] switch
            {
                DeclareCode { Value: LiteralCode { Value: 0.0 } } d => (d.Name, true),
                AssignCode { Op: "=", Value: LiteralCode { Value: 0.0 } } a => (a.Name, false),
                _ => (null, false),
            };
            if (name is null)
            {
                continue;
            }

            // A break in between would leave the loop with the zero (or the old value): stop there.
            var next = statements.FindIndex(i + 1, s => names.Mentions(s, name) || Breaks(s));
            if (next < 0 || statements[next] is not AssignCode { Op: "+=" or "-=" } first || first.Name != name || IrQueries.Names(first.Value).Contains(name))
            {
                continue;
            }

            var value = first.Op == "+=" ? first.Value : Code.Negate(first.Value);
            statements[next] = declared ? new DeclareCode(((DeclareCode)statements[i]).Type, name, value) : new AssignCode(name, "=", value);
            statements.RemoveAt(i);
            i--;
        }

        return statements.ToImmutableArray();
    }

    private static CodeStmt FoldNested(CodeStmt statement)
        => statement switch
        {
            IfCode branch => branch with { Then = Fold(branch.Then), Else = Fold(branch.Else) },
            WhileCode loop => loop with { Body = Fold(loop.Body) },
            ReverseForCode loop => loop with { Body = Fold(loop.Body) },
            _ => statement,
        };

    /// <summary>Whether the statement is, or holds outside a loop of its own, a <c>break</c>.</summary>
    public static bool Breaks(CodeStmt statement)
        => statement switch
        {
            BreakCode => true,
            IfCode branch => branch.Then.Concat(branch.Else).Any(Breaks),
            _ => false,
        };
}

/// <summary>
/// Keeps negations off the adjoint chains, exactly (IEEE negation is exact and x + (−y) is x − y bit for bit):
/// <c>double _d_a = −e; …; _d_a += f;</c> becomes <c>double _d_a = f − e;</c>, and an adjoint that is only ever
/// <c>−e</c> (<c>double _d_t = −e;</c>, never assigned again) is replaced where it is added in by the opposite
/// operation on e (<c>x += _d_t * k</c> → <c>x -= e * k</c>; <c>double y = _d_t * −k</c> → <c>double y = e * k</c>). The
/// JIT keeps each of them as an xor with the sign mask.
/// </summary>
internal static class NegationFolding
{
    public static ImmutableArray<CodeStmt> Fold(IEnumerable<CodeStmt> block)
    {
        var statements = block.Select(FoldNested).ToList();
        var names = new StatementNames();
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is not DeclareCode { Value: UnaryCode { Op: "-", Operand: var e } } declaration)
            {
                continue;
            }

            var name = declaration.Name;
            var operandNames = new HashSet<string>(IrQueries.Names(e));
            var next = statements.FindIndex(i + 1, s => names.Mentions(s, name) || ZeroInitFolding.Breaks(s));
            if (next < 0)
            {
                continue;
            }

            if (statements[next] is AssignCode { Op: "+=" } first && first.Name == name && !IrQueries.Names(first.Value).Contains(name)
                && !statements.Skip(i + 1).Take(next - i - 1).Any(s => Assigns(s, operandNames)))
            {
                // −e + f is f − e.
                statements[next] = new DeclareCode(declaration.Type, name, Code.Binary("-", first.Value, e));
                statements.RemoveAt(i);
                i--;
                continue;
            }

            // Every later mention must be x ±= name or x ±= name * k, with e unchanged until the last of them.
            var rest = statements.Skip(i + 1).ToList();
            var last = rest.FindLastIndex(s => names.Mentions(s, name));
            if (rest.Any(s => Assigns(s, new HashSet<string> { name })) || rest.Take(last + 1).Any(s => Assigns(s, operandNames)) || !rest.All(s => Rewritable(s, name)))
            {
                continue;
            }

            statements.RemoveAt(i);
            for (var k = i; k < statements.Count; k++)
            {
                statements[k] = Substitute(statements[k], name, e);
            }

            i--;
        }

        return statements.ToImmutableArray();
    }

    private static CodeStmt FoldNested(CodeStmt statement)
        => statement switch
        {
            IfCode branch => branch with { Then = Fold(branch.Then), Else = Fold(branch.Else) },
            WhileCode loop => loop with { Body = Fold(loop.Body) },
            ReverseForCode loop => loop with { Body = Fold(loop.Body) },
            _ => statement,
        };

    /// <summary>Whether the statement (or one nested in it) assigns one of the names.</summary>
    private static bool Assigns(CodeStmt statement, ISet<string> names)
        => statement switch
        {
            AssignCode a => names.Contains(a.Name),
            DeclareCode d => names.Contains(d.Name),
            ElementAssignCode e => names.Contains(e.Array),
            IfCode b => b.Then.Concat(b.Else).Any(s => Assigns(s, names)),
            WhileCode w => w.Body.Any(s => Assigns(s, names)),
            ReverseForCode r => r.Body.Any(s => Assigns(s, names)),
            ExpressionCode => true, // a call may write through ref or span arguments
            _ => false,
        };

    /// <summary>Whether every mention of <paramref name="name"/> in the statement is a rewritable contribution.</summary>
    private static bool Rewritable(CodeStmt statement, string name)
        => statement switch
        {
            AssignCode { Op: "+=" or "-=" } a when Term(a.Value, name) is not null => true,
            DeclareCode { Value: BinaryCode { Op: "*", Left: NameCode n, Right: var k } } when n.Name == name && Code.Negate(k) is not UnaryCode && !IrQueries.Names(k).Contains(name) => true,
            ElementAssignCode { Op: "+=" or "-=" } a when Term(a.Value, name) is not null && !IrQueries.Names(a.Index).Contains(name) && (a.Row is null || !IrQueries.Names(a.Row).Contains(name)) => true,
            IfCode b => !IrQueries.Names(b.Condition).Contains(name) && b.Then.Concat(b.Else).All(s => Rewritable(s, name)),
            WhileCode w => !IrQueries.Names(w.Condition).Contains(name) && w.Body.All(s => Rewritable(s, name)),
            ReverseForCode r => !IrQueries.Names(r.From).Contains(name) && r.Body.All(s => Rewritable(s, name)),
            _ => !Differentiator.Names(statement).Contains(name),
        };

    /// <summary>For <c>name</c> or <c>name * k</c> (k not mentioning name): k, or a literal 1 for the bare name.</summary>
    private static CodeExpr? Term(CodeExpr value, string name)
        => value switch
        {
            NameCode n when n.Name == name => new LiteralCode("1", 1),
            BinaryCode { Op: "*", Left: NameCode n, Right: var k } when n.Name == name && !IrQueries.Names(k).Contains(name) => k,
            _ => null,
        };

    private static CodeStmt Substitute(CodeStmt statement, string name, CodeExpr e)
    {
        CodeExpr Replace(CodeExpr value) => Term(value, name) is LiteralCode { Text: "1" } && value is NameCode ? e : Code.Binary("*", e, ((BinaryCode)value).Right);
        string Flip(string op) => op == "+=" ? "-=" : "+=";
        return statement switch
        {
            AssignCode { Op: "+=" or "-=" } a when Term(a.Value, name) is not null => new AssignCode(a.Name, Flip(a.Op), Replace(a.Value)),
            DeclareCode { Value: BinaryCode { Op: "*", Left: NameCode n, Right: var k } } d when n.Name == name => d with { Value = Code.Binary("*", e, Code.Negate(k)) },
            ElementAssignCode { Op: "+=" or "-=" } a when Term(a.Value, name) is not null => a with { Op = Flip(a.Op), Value = Replace(a.Value) },
            IfCode b => b with { Then = b.Then.Select(s => Substitute(s, name, e)).ToImmutableArray(), Else = b.Else.Select(s => Substitute(s, name, e)).ToImmutableArray() },
            WhileCode w => w with { Body = w.Body.Select(s => Substitute(s, name, e)).ToImmutableArray() },
            ReverseForCode r => r with { Body = r.Body.Select(s => Substitute(s, name, e)).ToImmutableArray() },
            _ => statement,
        };
    }
}
