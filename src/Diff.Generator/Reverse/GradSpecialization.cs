using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Grad's own body, where it differs from "clear the buffers, then Pullback with seed 1". When the only writes to a
/// gradient buffer in the whole pullback are the adds of one carried stencil (see <see cref="StencilCarry"/>) in a
/// loop that runs at most once (at the top level of the forward sweep), every element the stencil touches gets
/// exactly one add, into a buffer Grad has just cleared: <c>0 + v</c>. Grad stores <c>v</c> instead, and clears
/// only the elements the stencil did not touch, after the loop (nothing reads the buffer in between). That removes
/// the clearing pass and a read-modify-write per element. The values are the same (0 + v is v, NaN and ±∞
/// included), except that an element whose only contribution is −0 is now −0 instead of +0.
/// </summary>
internal static class GradSpecialization
{
    /// <summary>
    /// The body for Grad and the gradient buffers it writes completely (Grad must not clear those), or null when no
    /// buffer qualifies (Grad then clears and calls Pullback).
    /// </summary>
    public static (AdjointBody Body, ImmutableHashSet<string> Written)? Apply(AdjointBody body, IEnumerable<string> gradientBuffers)
    {
        var forward = body.Forward;
        var written = ImmutableHashSet.CreateBuilder<string>();
        var names = new StatementNames();
        foreach (var buffer in gradientBuffers.OrderBy(b => b, System.StringComparer.Ordinal))
        {
            if (Rewrite(forward, body, buffer, names) is { } rewritten)
            {
                forward = rewritten;
                written.Add(buffer);
            }
        }

        return written.Count == 0 ? null : (body with { Forward = forward }, written.ToImmutable());
    }

    private static ImmutableArray<CodeStmt>? Rewrite(ImmutableArray<CodeStmt> forward, AdjointBody body, string buffer, StatementNames names)
    {
        // Nothing but the forward sweep's top level may mention the buffer: not the reverse sweep, the accumulation,
        // the clean-up or the result.
        if (body.Reverse.Concat(body.Accumulate).Concat(body.Cleanup).Any(s => names.Mentions(s, buffer))
            || IrQueries.Names(body.Result).Contains(buffer))
        {
            return null;
        }

        var mentions = Enumerable.Range(0, forward.Length).Where(i => names.Mentions(forward[i], buffer)).ToList();
        if (mentions.Count != 2 || forward[mentions[0]] is not WhileCode loop || forward[mentions[1]] is not IfCode flush)
        {
            return null;
        }

        // The loop: exactly one mention, a marked add at its top level; no break anywhere in it.
        var inLoop = loop.Body.Select((s, i) => (s, i)).Where(p => names.Mentions(p.s, buffer)).ToList();
        if (inLoop.Count != 1 || inLoop[0].s is not ElementAssignCode { Op: "+=", Stencil: { } stencil } store || store.Array != buffer
            || !store.Index.Equals(StencilCarry.Index(stencil.Counter, stencil.Low)) || IrQueries.Names(store.Value).Contains(buffer)
            || loop.Body.Any(ZeroInitFolding.Breaks))
        {
            return null;
        }

        // The flush: `if (counter != entry) { buffer[counter + low + k] += carry_k; … }` for k = 0 … window − 1.
        var condition = new BinaryCode("!=", new NameCode(stencil.Counter), stencil.Entry);
        if (!flush.Condition.Equals(condition) || !flush.Else.IsEmpty || flush.Then.Length != stencil.Window)
        {
            return null;
        }

        for (var k = 0; k < stencil.Window; k++)
        {
            if (flush.Then[k] is not ElementAssignCode { Op: "+=" } add || add.Stencil != stencil || add.Array != buffer
                || !add.Index.Equals(StencilCarry.Index(stencil.Counter, stencil.Low + k)) || IrQueries.Names(add.Value).Contains(buffer))
            {
                return null;
            }
        }

        // Between the loop and the flush nothing may change the counter or the entry.
        var counterAndEntry = new HashSet<string>(IrQueries.Names(condition));
        if (forward.Skip(mentions[0] + 1).Take(mentions[1] - mentions[0] - 1).Any(s => Assigns(s, counterAndEntry)) || loop.Body.Any(s => Assigns(s, new HashSet<string>(IrQueries.Names(stencil.Entry)))))
        {
            return null;
        }

        var loopBody = loop.Body.SetItem(inLoop[0].i, store with { Op = "=" });
        var stores = flush.Then.Select(s => (CodeStmt)((ElementAssignCode)s with { Op = "=" })).ToList();
        var span = new NameCode(buffer);
        stores.Add(new CommentCode("Grad: every element from the loop's first to here was stored once; the others are zero."));
        stores.Add(new ExpressionCode(Code.Call(
            "global::DiffGen.Generated.GradientKernels.ClearOutside",
            span,
            Plus(stencil.Entry, stencil.Low),
            Plus(new NameCode(stencil.Counter), stencil.Low + stencil.Window))));
        // (Not Span.Clear: a call after the loop, even one not taken, makes the JIT keep the loop's floating-point
        // cells in memory, since no floating-point register survives a call.)
        var clearAll = ImmutableArray.Create<CodeStmt>(new ExpressionCode(Code.Call(
            "global::DiffGen.Generated.GradientKernels.ClearOutside", span, new LiteralCode("0", 0), new LiteralCode("0", 0))));
        return forward
            .SetItem(mentions[0], loop with { Body = loopBody })
            .SetItem(mentions[1], flush with { Then = stores.ToImmutableArray(), Else = clearAll });
    }

    private static bool Assigns(CodeStmt statement, ISet<string> names)
        => statement switch
        {
            AssignCode a => names.Contains(a.Name),
            DeclareCode d => names.Contains(d.Name),
            IfCode b => b.Then.Concat(b.Else).Any(s => Assigns(s, names)),
            WhileCode w => w.Body.Any(s => Assigns(s, names)),
            ReverseForCode r => names.Contains(r.Counter) || r.Body.Any(s => Assigns(s, names)),
            _ => false,
        };

    /// <summary><c>e + k</c>, folded when e is an integer literal.</summary>
    private static CodeExpr Plus(CodeExpr e, int k)
    {
        if (e is LiteralCode literal && int.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var sum = value + k;
            return new LiteralCode(sum.ToString(CultureInfo.InvariantCulture), sum);
        }

        return k switch
        {
            0 => e,
            > 0 => new BinaryCode("+", e, new LiteralCode(k.ToString(CultureInfo.InvariantCulture), k)),
            _ => new BinaryCode("-", e, new LiteralCode((-k).ToString(CultureInfo.InvariantCulture), -k)),
        };
    }
}
