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
        if (!canBeUnbounded || Reads(method.Result, def.Target) || method.Outputs.Any(o => Reads(o.Value, def.Target)))
        {
            return false;
        }

        var usedInBranch = false;
        for (var j = index + 1; j < block.Count; j++)
        {
            switch (block[j])
            {
                case DefInstr later when Activity.DifferentiableInputs(later.Op).Any(o => Reads(o, def.Target)):
                    return false;
                case StoreInstr store when Reads(store.Value, def.Target):
                    return false;
                case LoopInstr loop when DeadCodeElimination.Reads(new[] { loop }).Contains(def.Target.Name):
                    return false;
                case IfInstr branch when DeadCodeElimination.Reads(new[] { branch }).Contains(def.Target.Name):
                    usedInBranch = true;
                    break;
            }
        }

        return usedInBranch;
    }

    private static bool Reads(Operand operand, SsaVar value) => operand is VarOperand v && v.Var == value;
}
