using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Skips the reverse of a loop when no adjoint flows into it: wraps it in <c>if (_d_cell != 0 || …)</c> over the
/// adjoints of its active cells. A loop whose result a <c>Math.Max</c> or a branch discarded (the first pass of a
/// log-sum-exp, where only the winning component's adjoint is nonzero) then costs nothing in the reverse. Only where
/// that can happen: some use of a cell's final value leads, through any definitions, to a <c>Max</c>/<c>Min</c>, a
/// branch's phi or a definition inside a branch; elsewhere the test would cost a branch for nothing. Its reverse
/// is linear in those adjoints, so with all of them zero it would only add zeros (up to 0·∞ = NaN, which the skip
/// turns into 0, as the existing zero-adjoint guards do). Only where the cells' adjoints are its only inputs and
/// skipping leaves no state behind: not when the loop stores into arrays (the reverse reads their elements'
/// adjoints and restores the elements), calls something that writes arrays, or uses the tape (its pops must run).
/// </summary>
internal static class ZeroAdjointSkip
{
    public static IEnumerable<CodeStmt> Guard(IrMethod method, LoopInstr loop, List<CodeStmt> loopReverse, IReadOnlyList<(string Name, TypeRef Type)> cellAdjoints, bool usesTape)
    {
        if (cellAdjoints.Count == 0 || IrQueries.StoresIn(loop.Body) || WritesThroughCalls(loop.Body) || usesTape
            || !MayBeDiscarded(method.Body, loop.Cells.Select(c => c.Var.Name)))
        {
            return loopReverse;
        }

        var condition = cellAdjoints
            .Select(a => Code.Binary("!=", new NameCode(a.Name), Code.Literal0(a.Type)))
            .Aggregate((left, right) => Code.Binary("||", left, right));
        return new CodeStmt[]
        {
            new CommentCode("Skipped when no adjoint flows into the loop: its reverse would only add zeros."),
            new IfCode(condition, loopReverse.ToImmutableArray(), ImmutableArray<CodeStmt>.Empty),
        };
    }

    /// <summary>Whether a value derived from <paramref name="names"/> meets a Max/Min, a phi, or is used inside a branch.</summary>
    private static bool MayBeDiscarded(ImmutableArray<Instr> body, IEnumerable<string> names)
    {
        var reached = new HashSet<string>(names);
        var grew = true;
        var discarded = false;
        while (grew && !discarded)
        {
            grew = false;
            Walk(body, inBranch: false);
        }

        return discarded;

        bool Reads(Operand operand) => operand switch
        {
            VarOperand v => reached.Contains(v.Var.Name),
            InlineOperand inline => IrQueries.Names(inline.Code).Any(reached.Contains),
            _ => false,
        };

        void Walk(ImmutableArray<Instr> instrs, bool inBranch)
        {
            foreach (var instr in instrs)
            {
                switch (instr)
                {
                    case DefInstr def when IrQueries.Operands(def.Op).Any(Reads):
                        discarded |= inBranch || def.Op is MathOp { Rule.Name: "Max" or "Min" };
                        grew |= reached.Add(def.Target.Name);
                        break;
                    case IfInstr branch:
                        discarded |= branch.Phis.Any(p => Reads(p.FromThen) || Reads(p.FromElse));
                        Walk(branch.Then, inBranch: true);
                        Walk(branch.Else, inBranch: true);
                        break;
                    case LoopInstr nested:
                        foreach (var cell in nested.Cells.Where(c => Reads(c.Entry) || Reads(c.Exit)))
                        {
                            grew |= reached.Add(cell.Var.Name);
                        }

                        Walk(nested.Body, inBranch);
                        break;
                }
            }
        }
    }

    private static bool WritesThroughCalls(IEnumerable<Instr> instrs)
        => instrs.Any(i => i switch
        {
            DefInstr { Op: CallOp call } => !call.Writes.IsEmpty || call.Outs.Any(o => o is not null),
            IfInstr branch => WritesThroughCalls(branch.Then) || WritesThroughCalls(branch.Else),
            LoopInstr nested => WritesThroughCalls(nested.Body),
            _ => false,
        });
}
