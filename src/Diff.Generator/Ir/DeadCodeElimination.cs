using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace DiffGen.Generator.Ir;

/// <summary>
/// Drops definitions and phis whose value nobody reads (for instance the bookkeeping of a branch that returned),
/// so the generated code holds only what the result needs and compiles without "assigned but never used" warnings.
/// Every operation in the IR is free of side effects, so removing an unread one changes nothing.
/// </summary>
internal static class DeadCodeElimination
{
    public static IrMethod Run(IrMethod method)
    {
        var body = method.Body;
        while (true)
        {
            var used = new HashSet<string>();
            if (method.Result is VarOperand result)
            {
                used.Add(result.Var.Name);
            }

            foreach (var output in method.Outputs.Select(o => o.Value).OfType<VarOperand>())
            {
                used.Add(output.Var.Name);
            }

            CollectReads(body, used);
            var pruned = Prune(body, used);
            if (Count(pruned) == Count(body))
            {
                return method with { Body = pruned };
            }

            body = pruned;
        }
    }

    /// <summary>
    /// The part of <paramref name="instrs"/> needed to compute <paramref name="roots"/> (and to run the loops named in
    /// <paramref name="keepLoops"/>, whose reverse will follow): what a loop iteration's reverse must recompute.
    /// </summary>
    /// <remarks>
    /// Marked from the roots, not swept of unread names: a loop cell that only feeds itself (an inner dot product
    /// whose sum the reverse does not read) is dropped, and a loop kept only for its reverse keeps no more than what
    /// decides its trip count.
    /// </remarks>
    public static ImmutableArray<Instr> Slice(ImmutableArray<Instr> instrs, IEnumerable<string> roots, ISet<string> keepLoops)
    {
        var used = new HashSet<string>(roots);
        while (Mark(instrs, used, keepLoops))
        {
        }

        return Prune(instrs, used, keepLoops);
    }

    /// <summary>One backward marking pass over what <see cref="Prune"/> will keep; true when it marked something new.</summary>
    private static bool Mark(ImmutableArray<Instr> instrs, HashSet<string> used, ISet<string> keepLoops)
    {
        var changed = false;
        for (var i = instrs.Length - 1; i >= 0; i--)
        {
            switch (instrs[i])
            {
                case DefInstr def when Defines(def, used):
                    foreach (var operand in IrQueries.Operands(def.Op))
                    {
                        changed |= Read(operand, used);
                    }

                    break;
                case StoreInstr store:
                    changed |= used.Add(store.Array);
                    changed |= Read(store.Index, used);
                    changed |= Read(store.Value, used);
                    break;
                case ArrayInstr array when used.Contains(array.Array):
                    changed |= Read(array.Length, used);
                    break;
                case IfInstr branch:
                    foreach (var phi in branch.Phis.Where(p => used.Contains(p.Target.Name)))
                    {
                        changed |= Read(phi.FromThen, used);
                        changed |= Read(phi.FromElse, used);
                    }

                    changed |= Mark(branch.Then, used, keepLoops);
                    changed |= Mark(branch.Else, used, keepLoops);
                    if (branch.Phis.Any(p => used.Contains(p.Target.Name)) || Keeps(branch.Then, used, keepLoops) || Keeps(branch.Else, used, keepLoops))
                    {
                        changed |= Read(branch.Condition, used);
                    }

                    break;
                case LoopInstr loop when Keeps(loop, used, keepLoops):
                    foreach (var name in (loop.Header is null ? Enumerable.Empty<string>() : IrQueries.Names(loop.Header))
                                 .Concat(loop.Footer is null ? Enumerable.Empty<string>() : IrQueries.Names(loop.Footer)))
                    {
                        changed |= used.Add(name);
                    }

                    if (loop.ExitFlag is not null)
                    {
                        changed |= Read(loop.ExitFlag, used);
                    }

                    foreach (var cell in loop.Cells.Where(c => used.Contains(c.Var.Name)))
                    {
                        changed |= Read(cell.Entry, used);
                        changed |= Read(cell.Exit, used);
                    }

                    changed |= Mark(loop.Body, used, keepLoops);
                    break;
            }
        }

        return changed;
    }

    /// <summary>Whether <see cref="Prune"/> keeps any of the instructions.</summary>
    private static bool Keeps(ImmutableArray<Instr> instrs, HashSet<string> used, ISet<string> keepLoops)
        => instrs.Any(instr => instr switch
        {
            DefInstr def => Defines(def, used),
            StoreInstr => true,
            ArrayInstr array => used.Contains(array.Array),
            IfInstr branch => branch.Phis.Any(p => used.Contains(p.Target.Name)) || Keeps(branch.Then, used, keepLoops) || Keeps(branch.Else, used, keepLoops),
            LoopInstr loop => Keeps(loop, used, keepLoops),
            _ => false,
        });

    /// <summary>
    /// Whether <see cref="Prune"/> keeps a loop. The whole method (<paramref name="keepLoops"/> null) keeps a loop that
    /// throws or asserts, a recomputation does not: the forward sweep has already run those checks.
    /// </summary>
    private static bool Keeps(LoopInstr loop, HashSet<string> used, ISet<string>? keepLoops)
        => keepLoops?.Contains(loop.Id) == true || loop.Cells.Any(c => used.Contains(c.Var.Name)) || IrQueries.StoresIn(loop.Body)
            || (keepLoops is null && IrQueries.EffectsIn(loop.Body));

    /// <summary>Whether a definition is needed: its value, or (a call) one of the values its out arguments define.</summary>
    private static bool Defines(DefInstr def, HashSet<string> used)
        => used.Contains(def.Target.Name)
            || (def.Op is CallOp call && (call.Defined.Any(o => used.Contains(o.Name)) || call.Writes.Any(w => used.Contains(w.Scratch))));

    /// <summary>Every name the instructions read.</summary>
    public static HashSet<string> Reads(IEnumerable<Instr> instrs)
    {
        var used = new HashSet<string>();
        CollectReads(instrs, used);
        return used;
    }

    private static ImmutableArray<Instr> Prune(ImmutableArray<Instr> instrs, HashSet<string> used, ISet<string>? keepLoops = null)
    {
        var output = ImmutableArray.CreateBuilder<Instr>();
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr def when Defines(def, used):
                    output.Add(def);
                    break;
                case IfInstr branch:
                {
                    var pruned = branch with
                    {
                        Then = Prune(branch.Then, used, keepLoops),
                        Else = Prune(branch.Else, used, keepLoops),
                        Phis = branch.Phis.Where(p => used.Contains(p.Target.Name)).ToImmutableArray(),
                    };
                    if (pruned.Then.Length > 0 || pruned.Else.Length > 0 || pruned.Phis.Length > 0)
                    {
                        output.Add(pruned);
                    }

                    break;
                }

                case StoreInstr store:
                    output.Add(store); // writes memory later code (or a loop's recomputation) may read: always kept
                    break;
                case EffectInstr effect when keepLoops is null:
                    output.Add(effect); // the method's own checks stay; a recomputation (a slice) leaves them out
                    break;
                case ArrayInstr array when used.Contains(array.Array):
                    output.Add(array);
                    break;
                case LoopInstr loop when Keeps(loop, used, keepLoops):
                {
                    // A cell is kept while anything reads it; a loop without cells is kept only when asked to.
                    var cells = loop.Cells.Where(c => used.Contains(c.Var.Name)).ToImmutableArray();
                    output.Add(loop with { Cells = cells, Body = Prune(loop.Body, used, keepLoops) });
                    break;
                }
            }
        }

        return output.ToImmutable();
    }

    private static void CollectReads(IEnumerable<Instr> instrs, HashSet<string> used)
    {
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr def:
                    foreach (var operand in IrQueries.Operands(def.Op))
                    {
                        Read(operand, used);
                    }

                    break;
                case IfInstr branch:
                    Read(branch.Condition, used);
                    CollectReads(branch.Then, used);
                    CollectReads(branch.Else, used);
                    foreach (var phi in branch.Phis)
                    {
                        Read(phi.FromThen, used);
                        Read(phi.FromElse, used);
                    }

                    break;
                case StoreInstr store:
                    used.Add(store.Array);
                    Read(store.Index, used);
                    Read(store.Value, used);
                    break;
                case ArrayInstr array:
                    Read(array.Length, used);
                    break;
                case EffectInstr effect:
                    used.UnionWith(IrQueries.Names(effect.Code));
                    break;
                case LoopInstr loop:
                    foreach (var cell in loop.Cells)
                    {
                        Read(cell.Entry, used);
                        Read(cell.Exit, used);
                    }

                    if (loop.Header is not null)
                    {
                        used.UnionWith(IrQueries.Names(loop.Header));
                    }

                    if (loop.Footer is not null)
                    {
                        used.UnionWith(IrQueries.Names(loop.Footer));
                    }

                    if (loop.ExitFlag is not null)
                    {
                        Read(loop.ExitFlag, used);
                    }

                    CollectReads(loop.Body, used);
                    break;
            }
        }
    }

    /// <summary>Marks what an operand reads; true when something was new.</summary>
    private static bool Read(Operand operand, HashSet<string> used)
    {
        switch (operand)
        {
            case VarOperand v:
                return used.Add(v.Var.Name);
            case InlineOperand inline:
                var changed = false;
                foreach (var name in IrQueries.Names(inline.Code))
                {
                    changed |= used.Add(name);
                }

                return changed;
            default:
                return false;
        }
    }

    private static int Count(ImmutableArray<Instr> instrs)
        => instrs.Sum(i => i switch
        {
            IfInstr b => 1 + Count(b.Then) + Count(b.Else) + b.Phis.Length,
            LoopInstr l => 1 + Count(l.Body) + l.Cells.Length,
            _ => 1,
        });
}
