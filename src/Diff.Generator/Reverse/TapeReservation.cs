using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Makes room on the tape before values are pushed, so that a push is a store and never a call
/// (<c>DiffGen.Generated.LocalTape</c>): a call inside a loop, even on a path never taken, makes the JIT keep the
/// loop's floating-point values in memory, because no xmm register survives a call. Every loop body that pushes
/// (itself or in a nested loop) starts with <c>_tape.Reserve(n)</c>, n being its own level's push statements plus
/// those of every enclosing level (the method body included). That keeps one invariant: at the top of an iteration
/// there is room for everything its level and the levels around it can still push. A level's own pushes, counted
/// in both branches of every <c>if</c>, run at most once per iteration, and a nested loop's iterations reserve again
/// for their own pushes on top of what their enclosing levels still owe; an early exit only pushes less. Pops only
/// make room. The method body's own pushes are reserved once, before the forward sweep.
/// </summary>
internal static class TapeReservation
{
    public static (ImmutableArray<CodeStmt> Forward, ImmutableArray<CodeStmt> Reverse) Apply(
        ImmutableArray<CodeStmt> forward, ImmutableArray<CodeStmt> reverse, string tape)
    {
        var push = tape + ".Push";
        var top = Own(forward, push) + Own(reverse, push);
        var reservedForward = Rewrite(forward, push, tape, top);
        if (top > 0)
        {
            reservedForward = reservedForward.Insert(0, Reserve(tape, top));
        }

        return (reservedForward, Rewrite(reverse, push, tape, top));
    }

    /// <summary>The loops of <paramref name="statements"/> that push, each with its reservation first.</summary>
    private static ImmutableArray<CodeStmt> Rewrite(ImmutableArray<CodeStmt> statements, string push, string tape, int enclosing)
        => statements.Select(statement => statement switch
        {
            WhileCode loop when PushesAnywhere(loop.Body, push) => loop with { Body = Reserved(loop.Body, push, tape, enclosing) },
            ReverseForCode loop when PushesAnywhere(loop.Body, push) => loop with { Body = Reserved(loop.Body, push, tape, enclosing) },
            IfCode branch when PushesAnywhere(branch.Then, push) || PushesAnywhere(branch.Else, push) =>
                branch with { Then = Rewrite(branch.Then, push, tape, enclosing), Else = Rewrite(branch.Else, push, tape, enclosing) },
            _ => statement,
        }).ToImmutableArray();

    private static ImmutableArray<CodeStmt> Reserved(ImmutableArray<CodeStmt> body, string push, string tape, int enclosing)
    {
        // With nothing owed at this level or around it, only the nested loops reserve, for themselves.
        var room = enclosing + Own(body, push);
        var rewritten = Rewrite(body, push, tape, room);
        return room > 0 ? rewritten.Insert(0, Reserve(tape, room)) : rewritten;
    }

    private static CodeStmt Reserve(string tape, int pushes)
        => new ExpressionCode(Code.Call(tape + ".Reserve", new LiteralCode(pushes.ToString(System.Globalization.CultureInfo.InvariantCulture), null)));

    /// <summary>The push statements of this level: in its branches, not in its nested loops.</summary>
    private static int Own(IEnumerable<CodeStmt> statements, string push)
        => statements.Sum(statement => statement switch
        {
            ExpressionCode { Expression: CallCode call } when call.Target == push => 1,
            IfCode branch => Own(branch.Then, push) + Own(branch.Else, push),
            _ => 0,
        });

    private static bool PushesAnywhere(IEnumerable<CodeStmt> statements, string push)
        => statements.Any(statement => statement switch
        {
            ExpressionCode { Expression: CallCode call } => call.Target == push,
            IfCode branch => PushesAnywhere(branch.Then, push) || PushesAnywhere(branch.Else, push),
            WhileCode loop => PushesAnywhere(loop.Body, push),
            ReverseForCode loop => PushesAnywhere(loop.Body, push),
            _ => false,
        });
}
