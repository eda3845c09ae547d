using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Ir;

/// <summary>
/// Loop-invariant code motion on the SSA IR: a floating-point definition at the top level of a loop body whose
/// operands are all defined outside the loop (<c>sigma * sigma</c>, <c>4.0 * epsilon</c> in a pair loop) is moved to
/// just before the loop, innermost loops first, so it can leave several levels. The forward then computes it once,
/// and, more to the point, its derivative is taken once: inside the loop its adjoint only accumulates. Only
/// operations that cannot throw and have no effect are moved (floating + − × ÷ %, negation, copies, conversions, and
/// the elementary functions below), so computing one for a loop that runs zero times changes nothing; the operation
/// and its operands are the same, so its value is bit for bit the one the loop computed.
/// </summary>
internal static class LoopInvariants
{
    private static readonly HashSet<string> Functions = new()
    {
        "Sin", "Cos", "Tan", "Atan", "Sinh", "Cosh", "Tanh", "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Abs", "Pow", "Atan2",
    };

    public static IrMethod Hoist(IrMethod method) => method with { Body = Hoist(method.Body) };

    private static ImmutableArray<Instr> Hoist(ImmutableArray<Instr> instrs)
    {
        var output = ImmutableArray.CreateBuilder<Instr>();
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case LoopInstr loop:
                {
                    var body = Hoist(loop.Body);
                    var definedInLoop = new HashSet<string>(loop.Cells.Select(c => c.Var.Name).Append(loop.Id));
                    Defined(body, definedInLoop);
                    var moved = new List<Instr>();
                    var kept = ImmutableArray.CreateBuilder<Instr>();
                    foreach (var inner in body)
                    {
                        if (inner is DefInstr def && Movable(def) && !IrQueries.Operands(def.Op).Any(o => Reads(o, definedInLoop)))
                        {
                            moved.Add(def);
                            definedInLoop.Remove(def.Target.Name); // what reads it may move too
                        }
                        else
                        {
                            kept.Add(inner);
                        }
                    }

                    output.AddRange(moved);
                    output.Add(loop with { Body = kept.ToImmutable() });
                    break;
                }

                case IfInstr branch:
                    output.Add(branch with { Then = Hoist(branch.Then), Else = Hoist(branch.Else) });
                    break;
                default:
                    output.Add(instr);
                    break;
            }
        }

        return output.ToImmutable();
    }

    private static bool Movable(DefInstr def)
        => def.Target.Type.IsFloating && def.Op switch
        {
            ArithmeticOp or NegateOp or CopyOp => true,
            ConvertOp convert => convert.Source.Type.IsFloating,
            MathOp math => Functions.Contains(math.Rule.Name) && math.Arguments.All(a => a.Type.IsFloating),
            _ => false,
        };

    private static bool Reads(Operand operand, ISet<string> names)
        => operand switch
        {
            VarOperand v => names.Contains(v.Var.Name),
            InlineOperand inline => IrQueries.Names(inline.Code).Any(names.Contains),
            _ => true,
        };

    /// <summary>Every name the instructions define, nested ones included (and the arrays they write).</summary>
    private static void Defined(IEnumerable<Instr> instrs, HashSet<string> names)
    {
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr def:
                    names.Add(def.Target.Name);
                    if (def.Op is CallOp call)
                    {
                        names.UnionWith(call.Defined.Select(d => d.Name));
                        names.UnionWith(call.Writes.SelectMany(w => new[] { w.Scratch, w.Destination }));
                    }

                    break;
                case IfInstr branch:
                    Defined(branch.Then, names);
                    Defined(branch.Else, names);
                    names.UnionWith(branch.Phis.Select(p => p.Target.Name));
                    break;
                case LoopInstr loop:
                    names.Add(loop.Id);
                    names.UnionWith(loop.Cells.Select(c => c.Var.Name));
                    Defined(loop.Body, names);
                    break;
                case StoreInstr store:
                    names.Add(store.Array);
                    names.Add(store.Saved);
                    break;
                case ArrayInstr array:
                    names.Add(array.Array);
                    break;
            }
        }
    }
}
