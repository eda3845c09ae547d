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
    /// <summary>The accumulator cell, when the loop can be fused.</summary>
    public static Cell? Accumulator(LoopInstr loop, ISet<string> active)
    {
        var activeCells = loop.Cells.Where(c => active.Contains(c.Var.Name)).ToList();
        if (activeCells.Count != 1 || IrQueries.StoresIn(loop.Body))
        {
            return null;
        }

        var cell = activeCells[0];
        if (cell.Exit is not VarOperand { Var: var exit }
            || loop.Body.OfType<DefInstr>().FirstOrDefault(d => d.Target == exit) is not { Op: ArithmeticOp { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarOperand { Var: var left } } }
            || left != cell.Var)
        {
            return null;
        }

        // s must be read exactly once in the body: by its own update.
        var reads = 0;
        CountReads(loop.Body, cell.Var.Name, ref reads);
        var other = (loop.Header is null ? 0 : Count(loop.Header, cell.Var.Name)) + (loop.Footer is null ? 0 : Count(loop.Footer, cell.Var.Name));
        return reads == 1 && other == 0 && !(loop.ExitFlag is VarOperand { Var: var flag } && flag == cell.Var) ? cell : null;
    }

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

/// <summary>What the forward sweep splices into a fused loop: the unit accumulators before it, the derivative in each iteration.</summary>
internal sealed record FusedLoop(ImmutableArray<CodeStmt> Before, ImmutableArray<CodeStmt> Iteration);
