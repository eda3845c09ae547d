using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Forward;

/// <summary>Every SSA value of a method: its scalar parameters and everything its body defines.</summary>
internal static class SsaValues
{
    public static IEnumerable<SsaVar> Of(IrMethod method)
        => method.Model.Parameters.Where(p => !p.Type.IsArray).Select(p => new SsaVar(p.Name, p.Type)).Concat(In(method.Body));

    private static IEnumerable<SsaVar> In(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            DefInstr { Op: CallOp call } def => new[] { def.Target }.Concat(call.Defined),
            DefInstr def => new[] { def.Target },
            IfInstr branch => In(branch.Then).Concat(In(branch.Else)).Concat(branch.Phis.Select(p => p.Target)),
            LoopInstr loop => loop.Cells.Select(c => c.Var).Concat(In(loop.Body)),
            _ => Enumerable.Empty<SsaVar>(),
        });
}
