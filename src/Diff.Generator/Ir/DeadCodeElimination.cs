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
    public static ImmutableArray<Instr> Slice(ImmutableArray<Instr> instrs, IEnumerable<string> roots, ISet<string> keepLoops)
    {
        var body = instrs;
        while (true)
        {
            var used = new HashSet<string>(roots);
            CollectReads(body, used);
            var pruned = Prune(body, used, keepLoops);
            if (Count(pruned) == Count(body))
            {
                return pruned;
            }

            body = pruned;
        }
    }

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
                case DefInstr def when used.Contains(def.Target.Name):
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
                case ArrayInstr array when used.Contains(array.Array):
                    output.Add(array);
                    break;
                case LoopInstr loop when keepLoops?.Contains(loop.Id) == true || loop.Cells.Any(c => used.Contains(c.Var.Name)) || IrQueries.StoresIn(loop.Body):
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

    private static void Read(Operand operand, HashSet<string> used)
    {
        switch (operand)
        {
            case VarOperand v:
                used.Add(v.Var.Name);
                break;
            case InlineOperand inline:
                used.UnionWith(IrQueries.Names(inline.Code));
                break;
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
