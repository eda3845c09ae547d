using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// A value computed before a branch and used only inside it (<c>var s = Math.Sqrt(x); return x &gt; 0 ? s : 0;</c>):
/// on the path that does not use it, its adjoint stays exactly 0, and 0 times a partial derivative that is infinite
/// there (½/√0) would make the gradient NaN where the primal is flat. Such a value passes its adjoint on only when
/// it is not zero. Only definitions whose partials can be unbounded are guarded, so other code is unchanged.
/// </summary>
internal sealed partial class ReverseSweep
{
    private static readonly HashSet<string> UnboundedPartials = new()
    {
        "Sqrt", "Cbrt", "Log", "Log10", "Log2", "Pow", "Asin", "Acos", "Atanh", "Acosh", "Tan",
    };

    /// <summary>Whether <paramref name="def"/>'s propagation must be guarded: see the type's summary.</summary>
    private bool UsedOnlyInBranches(DefInstr def, IReadOnlyList<Instr> block, int index, IrMethod method)
    {
        var canBeUnbounded = def.Op switch
        {
            ArithmeticOp { Op: BinaryOp.Divide or BinaryOp.Multiply } => true,
            MathOp math => UnboundedPartials.Contains(math.Rule.Name),
            _ => false,
        };
        return canBeUnbounded && BranchOnly(block, method).Contains(def.Target.Name) && index >= 0;
    }

    private HashSet<string>? branchOnly;

    /// <summary>
    /// The top-level values whose adjoint can only come from inside branches: every differentiable use is inside an
    /// if that follows, or in a value that is itself such a value (so a zero adjoint reaches them unchanged).
    /// </summary>
    private HashSet<string> BranchOnly(IReadOnlyList<Instr> block, IrMethod method)
    {
        if (branchOnly is not null)
        {
            return branchOnly;
        }

        branchOnly = new HashSet<string>();
        for (var i = block.Count - 1; i >= 0; i--)
        {
            if (block[i] is not DefInstr def || Reads(method.Result, def.Target) || method.Outputs.Any(o => Reads(o.Value, def.Target)))
            {
                continue;
            }

            var usedInBranch = false;
            var unconditional = false;
            for (var j = i + 1; j < block.Count && !unconditional; j++)
            {
                switch (block[j])
                {
                    case DefInstr later when Activity.DifferentiableInputs(later.Op).Any(o => Reads(o, def.Target)):
                        unconditional = !branchOnly.Contains(later.Target.Name);
                        usedInBranch |= !unconditional;
                        break;
                    case StoreInstr store when Reads(store.Value, def.Target):
                    case LoopInstr loop when DeadCodeElimination.Reads(new[] { loop }).Contains(def.Target.Name):
                        unconditional = true;
                        break;
                    case IfInstr branch when DeadCodeElimination.Reads(new[] { branch }).Contains(def.Target.Name):
                        usedInBranch = true;
                        break;
                }
            }

            if (usedInBranch && !unconditional)
            {
                branchOnly.Add(def.Target.Name);
            }
        }

        return branchOnly;
    }

    private static bool Reads(Operand operand, SsaVar value) => operand is VarOperand v && v.Var == value;
}
