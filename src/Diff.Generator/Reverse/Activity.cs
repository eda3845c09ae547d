using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Activity analysis: a value needs an adjoint only if it depends on an active input ("varied") and the result
/// depends on it ("useful"). Everything else gets no derivative code at all. Straight-line code needs one pass each
/// way; a loop feeds its exit values back to its cells, so both passes repeat until nothing changes.
/// </summary>
internal static class Activity
{
    public static HashSet<string> Analyze(IrMethod method)
    {
        // Array names share the sets with SSA values: an array is varied once a varied value is stored into it.
        var varied = new HashSet<string>(method.Model.Parameters.Where(p => p.IsActive).Select(p => p.Name)
            .Concat(method.Model.FlatArrays.Where(f => f.GradientFlatId is not null).Select(f => f.FlatId))
            .Concat(method.Model.FieldInputs.Select(f => f.Id)));
        while (MarkVaried(method.Body, varied, varied))
        {
        }

        var useful = new HashSet<string>();
        if (method.Result is VarOperand result)
        {
            useful.Add(result.Var.Name);
        }

        foreach (var output in method.Outputs.Where(o => o.Parameter.IsActiveOutput).Select(o => o.Value).OfType<VarOperand>())
        {
            useful.Add(output.Var.Name);
        }

        foreach (var written in method.Model.ArrayOutputs.Where(o => method.Model.Parameters.Any(p => p.Name == o.Parameter && p.IsActiveOutput)))
        {
            // An array output's final elements are results, like the return value.
            useful.Add(written.Local);
        }

        while (MarkUseful(method.Body, useful))
        {
        }

        useful.IntersectWith(varied);
        return useful;
    }

    /// <summary>One forward pass; true when it marked something new.</summary>
    private static bool MarkVaried(IEnumerable<Instr> instrs, HashSet<string> varied, HashSet<string> activeArrays)
    {
        var changed = false;
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr { Op: LoadOp load } def when def.Target.Type.IsFloating && activeArrays.Contains(load.Array):
                    changed |= varied.Add(def.Target.Name);
                    break;
                case DefInstr { Op: CallOp { Writes.IsEmpty: false } writing } when writing.Writes.Any(w => !varied.Contains(w.Scratch))
                    && (TouchesActiveArray(writing, activeArrays) || DifferentiableInputs(writing).Any(o => IsIn(o, varied)) || writing.Writes.Any(w => varied.Contains(w.Destination))):
                    // The arrays a call writes vary when anything it reads does (their entry elements included).
                    foreach (var write in writing.Writes)
                    {
                        changed |= varied.Add(write.Scratch);
                    }

                    changed |= varied.Add(((DefInstr)instr).Target.Name);
                    break;
                case DefInstr { Op: CallOp call } def when def.Target.Type.IsFloating && TouchesActiveArray(call, activeArrays):
                    changed |= varied.Add(def.Target.Name);
                    changed |= MarkOuts(call, varied);
                    break;
                case DefInstr { Op: CallOp call } def when DifferentiableInputs(call).Any(o => IsIn(o, varied)):
                    changed |= varied.Add(def.Target.Name);
                    changed |= MarkOuts(call, varied);
                    break;
                case DefInstr def when def.Target.Type.IsFloating && DifferentiableInputs(def.Op).Any(o => IsIn(o, varied)):
                    changed |= varied.Add(def.Target.Name);
                    break;
                case StoreInstr store when IsIn(store.Value, varied):
                    changed |= varied.Add(store.Array);
                    break;
                case IfInstr branch:
                    changed |= MarkVaried(branch.Then, varied, activeArrays);
                    changed |= MarkVaried(branch.Else, varied, activeArrays);
                    foreach (var phi in branch.Phis.Where(p => p.Target.Type.IsFloating && (IsIn(p.FromThen, varied) || IsIn(p.FromElse, varied))))
                    {
                        changed |= varied.Add(phi.Target.Name);
                    }

                    break;
                case LoopInstr loop:
                    foreach (var cell in loop.Cells.Where(c => c.Var.Type.IsFloating && IsIn(c.Entry, varied)))
                    {
                        changed |= varied.Add(cell.Var.Name);
                    }

                    changed |= MarkVaried(loop.Body, varied, activeArrays);
                    foreach (var cell in loop.Cells.Where(c => c.Var.Type.IsFloating && IsIn(c.Exit, varied)))
                    {
                        changed |= varied.Add(cell.Var.Name);
                    }

                    break;
            }
        }

        return changed;
    }

    /// <summary>One backward pass; true when it marked something new.</summary>
    private static bool MarkUseful(IReadOnlyList<Instr> instrs, HashSet<string> useful)
    {
        var changed = false;
        for (var i = instrs.Count - 1; i >= 0; i--)
        {
            switch (instrs[i])
            {
                case DefInstr def when useful.Contains(def.Target.Name) || (def.Op is CallOp c && (c.Defined.Any(o => useful.Contains(o.Name)) || c.Writes.Any(w => useful.Contains(w.Scratch)))):
                    if (def.Op is CallOp { Writes.IsEmpty: false } writer)
                    {
                        // Its written arrays' entry elements come from their destinations.
                        foreach (var write in writer.Writes)
                        {
                            changed |= useful.Add(write.Destination);
                        }
                    }

                    foreach (var input in DifferentiableInputs(def.Op).OfType<VarOperand>())
                    {
                        changed |= useful.Add(input.Var.Name);
                    }

                    if (def.Op is LoadOp load)
                    {
                        changed |= useful.Add(load.Array);
                    }

                    if (def.Op is CallOp call)
                    {
                        // Arrays, and struct parameters passed whole, reach the callee by name.
                        foreach (var array in call.Arguments.Where(a => a.Type.IsArray || a.Type.Kind == Model.ValueKind.Other).Select(IrQueries.ArrayName))
                        {
                            changed |= array is not null && useful.Add(array);
                        }
                    }

                    break;
                case StoreInstr store when useful.Contains(store.Array):
                    changed |= Add(store.Value, useful);
                    break;
                case IfInstr branch:
                    foreach (var phi in branch.Phis.Where(p => useful.Contains(p.Target.Name)))
                    {
                        changed |= Add(phi.FromThen, useful);
                        changed |= Add(phi.FromElse, useful);
                    }

                    changed |= MarkUseful(branch.Then, useful);
                    changed |= MarkUseful(branch.Else, useful);
                    break;
                case LoopInstr loop:
                    foreach (var cell in loop.Cells.Where(c => useful.Contains(c.Var.Name)))
                    {
                        changed |= Add(cell.Exit, useful);
                    }

                    changed |= MarkUseful(loop.Body, useful);
                    foreach (var cell in loop.Cells.Where(c => useful.Contains(c.Var.Name)))
                    {
                        changed |= Add(cell.Entry, useful);
                    }

                    break;
            }
        }

        return changed;
    }

    /// <summary>Marks a call's floating-point out results that the callee differentiates; true when one was new.</summary>
    private static bool MarkOuts(CallOp call, HashSet<string> varied)
    {
        var changed = false;
        for (var i = 0; i < call.Outs.Length; i++)
        {
            if (call.Outs[i] is { } written && call.Callee.IsActiveOut(i))
            {
                changed |= varied.Add(written.Name);
            }
        }

        return changed;
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
            CallOp call => call.Arguments.Where((a, i) => call.Callee.ActiveParameters[i] && !a.Type.IsArray),
            _ => Enumerable.Empty<Operand>(),
        };

    /// <summary>Whether a call passes an active array to an active parameter: its pullback adds into that array's gradient.</summary>
    public static bool TouchesActiveArray(CallOp call, ISet<string> activeArrays)
        => call.Arguments.Where((a, i) => call.Callee.ActiveParameters[i] && IrQueries.ArrayName(a) is { } name && activeArrays.Contains(name)).Any();

    private static bool IsIn(Operand operand, HashSet<string> set) => operand is VarOperand v && set.Contains(v.Var.Name);

    private static bool Add(Operand operand, HashSet<string> set) => operand is VarOperand v && set.Add(v.Var.Name);
}
