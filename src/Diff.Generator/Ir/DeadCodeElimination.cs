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

    private static ImmutableArray<Instr> Prune(ImmutableArray<Instr> instrs, HashSet<string> used)
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
                        Then = Prune(branch.Then, used),
                        Else = Prune(branch.Else, used),
                        Phis = branch.Phis.Where(p => used.Contains(p.Target.Name)).ToImmutableArray(),
                    };
                    if (pruned.Then.Length > 0 || pruned.Else.Length > 0 || pruned.Phis.Length > 0)
                    {
                        output.Add(pruned);
                    }

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
                    foreach (var operand in Operands(def.Op))
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
            }
        }
    }

    private static IEnumerable<Operand> Operands(IrOp op)
        => op switch
        {
            CopyOp copy => new[] { copy.Source },
            NegateOp negate => new[] { negate.Operand },
            ArithmeticOp arithmetic => new[] { arithmetic.Left, arithmetic.Right },
            ConvertOp convert => new[] { convert.Source },
            MathOp math => math.Arguments,
            CallOp call => call.Arguments,
            PassiveOp passive => new[] { new InlineOperand(Model.TypeRef.Bool, passive.Code) },
            _ => Enumerable.Empty<Operand>(),
        };

    private static void Read(Operand operand, HashSet<string> used)
    {
        switch (operand)
        {
            case VarOperand v:
                used.Add(v.Var.Name);
                break;
            case InlineOperand inline:
                ReadCode(inline.Code, used);
                break;
        }
    }

    private static void ReadCode(CodeExpr code, HashSet<string> used)
    {
        switch (code)
        {
            case NameCode name:
                used.Add(name.Name);
                break;
            case BinaryCode binary:
                ReadCode(binary.Left, used);
                ReadCode(binary.Right, used);
                break;
            case UnaryCode unary:
                ReadCode(unary.Operand, used);
                break;
            case CastCode cast:
                ReadCode(cast.Operand, used);
                break;
            case ConditionalCode conditional:
                ReadCode(conditional.Condition, used);
                ReadCode(conditional.WhenTrue, used);
                ReadCode(conditional.WhenFalse, used);
                break;
            case CallCode call:
                foreach (var argument in call.Arguments)
                {
                    ReadCode(argument, used);
                }

                break;
        }
    }

    private static int Count(ImmutableArray<Instr> instrs)
        => instrs.Sum(i => i is IfInstr b ? 1 + Count(b.Then) + Count(b.Else) + b.Phis.Length : 1);
}
