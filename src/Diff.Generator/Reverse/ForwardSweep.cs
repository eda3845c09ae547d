using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// The forward sweep: the primal, one statement per operation, exactly as the primal evaluates it (so the value is
/// bit-for-bit the primal's). Values defined inside branches are declared at the top of their region (the method,
/// or one loop iteration), because the reverse sweep reads them after the branch has closed. A loop whose reverse
/// runs straight after it ("taped") pushes the cells its plan names at the start of every iteration; a loop nested
/// in another runs plain, since the outer loop's reverse recomputes it, taped, iteration by iteration.
/// </summary>
internal sealed class ForwardSweep
{
    private readonly IReadOnlyDictionary<string, LoopPlan> plans;
    private readonly string? tape;

    public ForwardSweep(IReadOnlyDictionary<string, LoopPlan> plans, string? tape)
    {
        this.plans = plans;
        this.tape = tape;
    }

    /// <summary>One region: its hoisted declarations first, then its statements.</summary>
    public List<CodeStmt> Region(IEnumerable<Instr> instrs, bool tapeLoops)
    {
        var hoisted = new List<CodeStmt>();
        var body = new List<CodeStmt>();
        Emit(instrs, body, hoisted, nested: false, tapeLoops);
        return hoisted.Concat(body).ToList();
    }

    private void Emit(IEnumerable<Instr> instrs, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested, bool tapeLoops)
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
                case DefInstr def:
                    Define(def.Target, ValueOf(def), output, hoisted, nested);
                    break;
                case IfInstr branch:
                {
                    var whenTrue = new List<CodeStmt>();
                    var whenFalse = new List<CodeStmt>();
                    Emit(branch.Then, whenTrue, hoisted, nested: true, tapeLoops);
                    Emit(branch.Else, whenFalse, hoisted, nested: true, tapeLoops);
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

                case LoopInstr loop:
                    EmitLoop(loop, output, hoisted, nested, tapeLoops);
                    lastOrigin = null;
                    break;
            }
        }
    }

    private void EmitLoop(LoopInstr loop, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested, bool tapeLoops)
    {
        foreach (var cell in loop.Cells)
        {
            Define(cell.Var, Lowering.ToCode(cell.Entry), output, hoisted, nested);
        }

        Define(new SsaVar(loop.Id, TypeRef.Int), new LiteralCode("0", 0), output, hoisted, nested);

        var iteration = new List<CodeStmt>();
        if (tapeLoops && plans.TryGetValue(loop.Id, out var plan))
        {
            iteration.AddRange(plan.Pushed.Select(cell => new ExpressionCode(Code.Call(tape + ".Push", new NameCode(cell.Name)))));
        }

        iteration.AddRange(Region(loop.Body, tapeLoops: false));
        iteration.AddRange(BackEdge(loop));
        iteration.Add(new AssignCode(loop.Id, "+=", new LiteralCode("1", 1)));
        if (loop.ExitFlag is not null)
        {
            iteration.Add(new IfCode(Lowering.ToCode(loop.ExitFlag), ImmutableArray.Create<CodeStmt>(new BreakCode()), ImmutableArray<CodeStmt>.Empty));
        }

        if (loop.Footer is not null)
        {
            iteration.Add(new IfCode(new UnaryCode("!", loop.Footer), ImmutableArray.Create<CodeStmt>(new BreakCode()), ImmutableArray<CodeStmt>.Empty));
        }

        output.Add(new WhileCode(loop.Header ?? new LiteralCode("true", null), iteration.ToImmutableArray()));
    }

    /// <summary>
    /// Each cell takes its exit value. The copies are simultaneous: when an exit value reads another cell, all exit
    /// values go through temporaries first (<c>(a, b) = (b, a)</c> must not become <c>a = b; b = a;</c>).
    /// </summary>
    private static IEnumerable<CodeStmt> BackEdge(LoopInstr loop)
    {
        var changing = loop.Cells.Where(c => !(c.Exit is VarOperand v && v.Var == c.Var)).ToList();
        var cellNames = new HashSet<string>(loop.Cells.Select(c => c.Var.Name));
        var readsCell = changing.Any(c => c.Exit is VarOperand v && cellNames.Contains(v.Var.Name) && v.Var != c.Var);
        if (!readsCell)
        {
            return changing.Select(c => (CodeStmt)new AssignCode(c.Var.Name, "=", Lowering.ToCode(c.Exit)));
        }

        var copies = new List<CodeStmt>();
        copies.AddRange(changing.Select(c => new DeclareCode(c.Var.Type, c.Var.Name + "_next", Lowering.ToCode(c.Exit))));
        copies.AddRange(changing.Select(c => new AssignCode(c.Var.Name, "=", new NameCode(c.Var.Name + "_next"))));
        return copies;
    }

    private static void Define(SsaVar target, CodeExpr value, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested)
    {
        if (nested)
        {
            hoisted.Add(new DeclareCode(target.Type, target.Name, Code.Literal0(target.Type)));
            output.Add(new AssignCode(target.Name, "=", value));
        }
        else
        {
            output.Add(new DeclareCode(target.Type, target.Name, value));
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
            LoadOp load => new IndexCode(new NameCode(load.Array), Lowering.ToCode(load.Index)),
            PassiveOp passive => passive.Code,
            _ => throw new System.InvalidOperationException("Unexpected op " + def.Op.GetType().Name),
        };
}
