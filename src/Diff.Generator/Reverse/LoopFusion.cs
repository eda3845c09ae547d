using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// A loop that only sums: its one active cell <c>s</c> is updated by <c>s = s ± t</c> and read nowhere else, so the
/// adjoint of <c>s</c> is the same in every iteration and the loop's reverse is linear in it. Such a loop needs no
/// reverse pass of its own: each iteration runs its derivative right after its value, with seed 1, into "unit"
/// accumulators; the reverse sweep later scales them by the adjoint of the final sum. That is one pass over the
/// data instead of a forward pass and a recomputing reverse pass (a loss summed over samples, a Rosenbrock, ...).
/// </summary>
internal static class LoopFusion
{
    private static bool HasOutArguments(IEnumerable<Instr> instrs)
        => instrs.Any(i => i switch
        {
            DefInstr { Op: CallOp call } => !call.Outs.IsEmpty,
            IfInstr b => HasOutArguments(b.Then) || HasOutArguments(b.Else),
            LoopInstr l => HasOutArguments(l.Body),
            _ => false,
        });

    /// <summary>The accumulator cell, when the loop can be fused.</summary>
    public static Cell? Accumulator(LoopInstr loop, ISet<string> active)
    {
        var activeCells = loop.Cells.Where(c => active.Contains(c.Var.Name)).ToList();
        if (activeCells.Count != 1 || IrQueries.StoresIn(loop.Body) || HasOutArguments(loop.Body))
        {
            return null; // (calls with out results define more than one value: not analysed here)
        }

        // A fused iteration runs its derivative (nested loops' reverses included, which restore their cells) before
        // the outer loop moves its cells on: a cell carried out of a nested loop into the next iteration would be read
        // after that restoration, so such loops are not fused.
        // (The one exception: the sum itself carried through a nested loop that only adds to it, see SumThrough.)
        var cell = activeCells[0];
        var through = SumThrough(loop, cell, active);
        var nestedCells = new HashSet<string>(NestedLoops(loop.Body).SelectMany(l => l.Cells.Select(c => c.Var.Name)));
        if (through is not null)
        {
            nestedCells.Remove(through.Var.Name);
        }

        if (nestedCells.Count > 0
            && (loop.Cells.Any(c => IrQueries.Names(Lowering.ToCode(c.Exit)).Any(nestedCells.Contains))
                || loop.Header is not null && IrQueries.Names(loop.Header).Any(nestedCells.Contains)
                || loop.Footer is not null && IrQueries.Names(loop.Footer).Any(nestedCells.Contains)
                || loop.ExitFlag is not null && IrQueries.Names(Lowering.ToCode(loop.ExitFlag)).Any(nestedCells.Contains)))
        {
            return null;
        }

        if (through is null
            && (cell.Exit is not VarOperand { Var: var exit }
                || loop.Body.OfType<DefInstr>().FirstOrDefault(d => d.Target == exit) is not { Op: ArithmeticOp { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarOperand { Var: var left } } }
                || left != cell.Var))
        {
            return null;
        }

        // s must be read exactly once in the body: by its own update.
        var reads = 0;
        CountReads(loop.Body, cell.Var.Name, ref reads);
        var other = (loop.Header is null ? 0 : Count(loop.Header, cell.Var.Name)) + (loop.Footer is null ? 0 : Count(loop.Footer, cell.Var.Name));
        return reads == 1 && other == 0 && !(loop.ExitFlag is VarOperand { Var: var flag } && flag == cell.Var) ? cell : null;
    }

    /// <summary>
    /// The cell of a nested loop (of the body's top level) that carries the sum through it: its entry is the sum's
    /// cell, its exit is the sum's exit, and that loop is itself a summing loop of it (<c>for j … energy += …</c> inside
    /// <c>for i</c>). The whole nest is then one sum; both loops are fused, the nested one with the sum's adjoint as its
    /// seed (so only when that adjoint is known before the loop). Null otherwise.
    /// </summary>
    public static Cell? SumThrough(LoopInstr loop, Cell sum, ISet<string> active)
        => sum.Exit is VarOperand { Var: var exit }
            && loop.Body.OfType<LoopInstr>().FirstOrDefault(l => l.Cells.Any(c => c.Var == exit)) is { } nested
            && nested.Cells.First(c => c.Var == exit) is { Entry: VarOperand { Var: var entry } } carried
            && entry == sum.Var
            && Accumulator(nested, active) == carried
                ? carried
                : null;

    private static IEnumerable<LoopInstr> NestedLoops(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            LoopInstr l => new[] { l }.Concat(NestedLoops(l.Body)),
            IfInstr b => NestedLoops(b.Then).Concat(NestedLoops(b.Else)),
            _ => Enumerable.Empty<LoopInstr>(),
        });

    /// <summary>
    /// The adjoint of the loop's final sum, as an expression of values computed before the loop, when there is one:
    /// when the code after the loop is linear in the sum (the sum flows to the result through +, −, copies, and ×
    /// or ÷ by values that were known before the loop, and nothing else reads it), its adjoint is the seed times a
    /// product of those values (<c>return total / samples</c> gives <c>seed / samples</c>). Then the loop can run its
    /// derivative with the final seed straight into the gradients, with no unit accumulators and no scaling pass.
    /// </summary>
    public static CodeExpr? SeedBeforeLoop(LoopInstr loop, SsaVar sum, IReadOnlyList<Instr> tail, Operand result, CodeExpr seed)
    {
        // Values the loop or the code after it defines are not known before the loop.
        var later = new HashSet<string>(Defined(new Instr[] { loop }).Concat(Defined(tail)));
        bool Known(Operand operand) => operand switch
        {
            VarOperand v => !later.Contains(v.Var.Name),
            InlineOperand inline => !IrQueries.Names(inline.Code).Any(later.Contains),
            _ => false,
        };

        // Forward: every value that depends on the sum, each checked to be linear in it.
        var dependent = new HashSet<string> { sum.Name };
        bool Depends(Operand operand) => operand is VarOperand v && dependent.Contains(v.Var.Name);
        var linear = new List<DefInstr>();
        foreach (var instr in tail)
        {
            if (instr is not DefInstr def)
            {
                if (DeadCodeElimination.Reads(new[] { instr }).Any(dependent.Contains))
                {
                    return null; // a branch, loop or store reads the sum
                }

                continue;
            }

            if (!IrQueries.Operands(def.Op).Any(o => IrQueries.Names(Lowering.ToCode(o)).Any(dependent.Contains)))
            {
                continue;
            }

            var isLinear = def.Op switch
            {
                CopyOp or NegateOp => true,
                ArithmeticOp { Op: BinaryOp.Add or BinaryOp.Subtract } => true,
                ArithmeticOp { Op: BinaryOp.Multiply } m => (Depends(m.Left) && !Depends(m.Right) && Known(m.Right)) || (Depends(m.Right) && !Depends(m.Left) && Known(m.Left)),
                ArithmeticOp { Op: BinaryOp.Divide } d => Depends(d.Left) && !Depends(d.Right) && Known(d.Right),
                _ => false,
            };
            if (!isLinear || def.Target.Type != sum.Type)
            {
                return null;
            }

            dependent.Add(def.Target.Name);
            linear.Add(def);
        }

        if (!Depends(result))
        {
            return null;
        }

        // Backward: the adjoints of those values, as expressions, from the seed down to the sum.
        var adjoints = new Dictionary<string, CodeExpr> { [((VarOperand)result).Var.Name] = seed };
        void Add(Operand to, CodeExpr contribution)
        {
            if (Depends(to))
            {
                var name = ((VarOperand)to).Var.Name;
                adjoints[name] = adjoints.TryGetValue(name, out var sofar) ? Code.Binary("+", sofar, contribution) : contribution;
            }
        }

        for (var i = linear.Count - 1; i >= 0; i--)
        {
            if (!adjoints.TryGetValue(linear[i].Target.Name, out var g))
            {
                continue;
            }

            switch (linear[i].Op)
            {
                case CopyOp copy:
                    Add(copy.Source, g);
                    break;
                case NegateOp negate:
                    Add(negate.Operand, Code.Negate(g));
                    break;
                case ArithmeticOp { Op: BinaryOp.Add } add:
                    Add(add.Left, g);
                    Add(add.Right, g);
                    break;
                case ArithmeticOp { Op: BinaryOp.Subtract } subtract:
                    Add(subtract.Left, g);
                    Add(subtract.Right, Code.Negate(g));
                    break;
                case ArithmeticOp { Op: BinaryOp.Multiply } multiply:
                    Add(multiply.Left, Code.Scale(g, Lowering.ToCode(multiply.Right), sum.Type));
                    Add(multiply.Right, Code.Scale(g, Lowering.ToCode(multiply.Left), sum.Type));
                    break;
                case ArithmeticOp { Op: BinaryOp.Divide } divide:
                    Add(divide.Left, Code.Binary("/", g, Lowering.ToCode(divide.Right)));
                    break;
            }
        }

        return adjoints.TryGetValue(sum.Name, out var adjoint) ? adjoint : null;
    }

    /// <summary>Every name the instructions define, nested ones included.</summary>
    private static IEnumerable<string> Defined(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            DefInstr d => new[] { d.Target.Name },
            IfInstr b => Defined(b.Then).Concat(Defined(b.Else)).Concat(b.Phis.Select(p => p.Target.Name)),
            LoopInstr l => l.Cells.Select(c => c.Var.Name).Concat(Defined(l.Body)).Append(l.Id),
            ArrayInstr a => new[] { a.Array },
            StoreInstr s => new[] { s.Saved },
            _ => Enumerable.Empty<string>(),
        });

    private static void CountReads(IEnumerable<Instr> instrs, string name, ref int reads)
    {
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr def:
                    foreach (var operand in IrQueries.Operands(def.Op))
                    {
                        reads += Count(Lowering.ToCode(operand), name);
                    }

                    break;
                case IfInstr branch:
                    reads += Count(Lowering.ToCode(branch.Condition), name);
                    CountReads(branch.Then, name, ref reads);
                    CountReads(branch.Else, name, ref reads);
                    reads += branch.Phis.Sum(p => Count(Lowering.ToCode(p.FromThen), name) + Count(Lowering.ToCode(p.FromElse), name));
                    break;
                case LoopInstr loop:
                    reads += loop.Cells.Sum(c => Count(Lowering.ToCode(c.Entry), name) + Count(Lowering.ToCode(c.Exit), name));
                    reads += (loop.Header is null ? 0 : Count(loop.Header, name)) + (loop.Footer is null ? 0 : Count(loop.Footer, name));
                    CountReads(loop.Body, name, ref reads);
                    break;
                default:
                    reads += 1000; // anything else: do not fuse
                    break;
            }
        }
    }

    private static int Count(CodeExpr code, string name) => IrQueries.Names(code).Count(n => n == name);
}

/// <summary>What the forward sweep splices into a fused loop: the accumulators before it, the derivative in each iteration, what the accumulators still hold after it.</summary>
internal sealed record FusedLoop(ImmutableArray<CodeStmt> Before, ImmutableArray<CodeStmt> Iteration, ImmutableArray<CodeStmt> After);
