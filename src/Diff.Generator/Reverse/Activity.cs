using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Activity analysis: a value needs an adjoint only if it depends on an active input ("varied") and the result
/// depends on it ("useful"). Everything else gets no derivative code at all. With no loops in the IR, one forward
/// and one backward pass are exact.
/// </summary>
internal static class Activity
{
    public static HashSet<string> Analyze(IrMethod method)
    {
        var varied = new HashSet<string>(method.Model.Parameters.Where(p => p.IsActive).Select(p => p.Name));
        MarkVaried(method.Body, varied);

        var useful = new HashSet<string>();
        if (method.Result is VarOperand result)
        {
            useful.Add(result.Var.Name);
        }

        MarkUseful(method.Body, useful);
        useful.IntersectWith(varied);
        return useful;
    }

    private static void MarkVaried(IEnumerable<Instr> instrs, HashSet<string> varied)
    {
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr def when def.Target.Type.IsFloating && DifferentiableInputs(def.Op).Any(o => IsIn(o, varied)):
                    varied.Add(def.Target.Name);
                    break;
                case IfInstr branch:
                    MarkVaried(branch.Then, varied);
                    MarkVaried(branch.Else, varied);
                    foreach (var phi in branch.Phis.Where(p => p.Target.Type.IsFloating && (IsIn(p.FromThen, varied) || IsIn(p.FromElse, varied))))
                    {
                        varied.Add(phi.Target.Name);
                    }

                    break;
            }
        }
    }

    private static void MarkUseful(IReadOnlyList<Instr> instrs, HashSet<string> useful)
    {
        for (var i = instrs.Count - 1; i >= 0; i--)
        {
            switch (instrs[i])
            {
                case DefInstr def when useful.Contains(def.Target.Name):
                    foreach (var input in DifferentiableInputs(def.Op).OfType<VarOperand>())
                    {
                        useful.Add(input.Var.Name);
                    }

                    break;
                case IfInstr branch:
                    foreach (var phi in branch.Phis.Where(p => useful.Contains(p.Target.Name)))
                    {
                        Add(phi.FromThen, useful);
                        Add(phi.FromElse, useful);
                    }

                    MarkUseful(branch.Then, useful);
                    MarkUseful(branch.Else, useful);
                    break;
            }
        }
    }

    /// <summary>The operands a derivative can flow back to.</summary>
    public static IEnumerable<Operand> DifferentiableInputs(IrOp op)
        => op switch
        {
            CopyOp copy => new[] { copy.Source },
            NegateOp negate => new[] { negate.Operand },
            ArithmeticOp arithmetic => new[] { arithmetic.Left, arithmetic.Right },
            ConvertOp convert => new[] { convert.Source },
            MathOp math when !math.Rule.IsPiecewiseConstant => math.Arguments,
            CallOp call => call.Arguments.Where((_, i) => call.Callee.ActiveParameters[i]),
            _ => Enumerable.Empty<Operand>(),
        };

    private static bool IsIn(Operand operand, HashSet<string> set) => operand is VarOperand v && set.Contains(v.Var.Name);

    private static void Add(Operand operand, HashSet<string> set)
    {
        if (operand is VarOperand v)
        {
            set.Add(v.Var.Name);
        }
    }
}
