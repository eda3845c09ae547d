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

            var next = statements.FindIndex(i + 1, s => Differentiator.Names(s).Contains(name));
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
}
