using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// The forward sweep: the primal, one statement per operation, exactly as the primal evaluates it (so the value
/// is bit-for-bit the primal's). Values defined inside branches are declared up front, because the reverse sweep
/// reads them after the branch has closed.
/// </summary>
internal static class ForwardSweep
{
    public static ImmutableArray<CodeStmt> Build(IrMethod method)
    {
        var hoisted = new List<CodeStmt>();
        var body = new List<CodeStmt>();
        Emit(method.Body, body, hoisted, nested: false);
        return hoisted.Concat(body).ToImmutableArray();
    }

    private static void Emit(IEnumerable<Instr> instrs, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested)
    {
        string? lastOrigin = null;
        foreach (var instr in instrs)
        {
            if (instr.Origin != lastOrigin)
            {
                output.Add(new CommentCode(instr.Origin));
                lastOrigin = instr.Origin;
            }

            switch (instr)
            {
                case DefInstr def when nested:
                    hoisted.Add(new DeclareCode(def.Target.Type, def.Target.Name, Code.Literal0(def.Target.Type)));
                    output.Add(new AssignCode(def.Target.Name, "=", ValueOf(def)));
                    break;
                case DefInstr def:
                    output.Add(new DeclareCode(def.Target.Type, def.Target.Name, ValueOf(def)));
                    break;
                case IfInstr branch:
                {
                    var whenTrue = new List<CodeStmt>();
                    var whenFalse = new List<CodeStmt>();
                    Emit(branch.Then, whenTrue, hoisted, nested: true);
                    Emit(branch.Else, whenFalse, hoisted, nested: true);
                    foreach (var phi in branch.Phis)
                    {
                        hoisted.Add(new DeclareCode(phi.Target.Type, phi.Target.Name, Code.Literal0(phi.Target.Type)));
                        whenTrue.Add(new AssignCode(phi.Target.Name, "=", Lowering.ToCode(phi.FromThen)));
                        whenFalse.Add(new AssignCode(phi.Target.Name, "=", Lowering.ToCode(phi.FromElse)));
                    }

                    output.Add(new IfCode(Lowering.ToCode(branch.Condition), whenTrue.ToImmutableArray(), whenFalse.ToImmutableArray()));
                    lastOrigin = null;
                    break;
                }
            }
        }
    }

    /// <summary>The right-hand side of a definition, spelled as the primal spelled the operation.</summary>
    private static CodeExpr ValueOf(DefInstr def)
        => def.Op switch
        {
            CopyOp copy => Lowering.ToCode(copy.Source),
            NegateOp negate => new UnaryCode("-", Lowering.ToCode(negate.Operand)),
            ArithmeticOp arithmetic => new BinaryCode(Lowering.BinaryText(arithmetic.Op), Lowering.ToCode(arithmetic.Left), Lowering.ToCode(arithmetic.Right)),
            ConvertOp convert => new CastCode(def.Target.Type.Name, Lowering.ToCode(convert.Source)),
            MathOp math => new CallCode(math.Target, math.Arguments.Select(Lowering.ToCode).ToImmutableArray()),
            CallOp call => new CallCode(call.Callee.Target, call.Arguments.Select(Lowering.ToCode).ToImmutableArray()),
            PassiveOp passive => passive.Code,
            _ => throw new System.InvalidOperationException("Unexpected op " + def.Op.GetType().Name),
        };
}
