using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Ir;

internal sealed partial class Lowering
{
    /// <summary>
    /// A loop: the variables declared outside and assigned inside become cells; the body (then the step, which
    /// continue does not skip and break does) is lowered once, in SSA, from the cells' values.
    /// </summary>
    private void LowerLoop(LoopStmt loop)
    {
        var loopOrigin = loop.Origin;
        var assigned = new HashSet<string>(AssignedIds(loop.Body.Concat(loop.Step)));
        if (ContainsReturn(loop.Body))
        {
            assigned.Add(ReturnValue);
            assigned.Add(HasReturned);
        }

        var cellKeys = environment.Keys.Where(assigned.Contains).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var cells = new Dictionary<string, (SsaVar Var, Operand Entry)>();
        foreach (var key in cellKeys)
        {
            var cell = new SsaVar(CellName(key), variableTypes[key]);
            cells[key] = (cell, environment[key]);
            environment[key] = new VarOperand(cell);
        }

        var header = loop.Header is null ? null : ToCode(loop.Header);
        var tripCount = loop.CounterId is { } counterId && loop.Footer is null && cells.TryGetValue(counterId, out var counterCell)
            ? TripCount(loop.Header, counterId, counterCell.Var.Name, loop.CounterStep, assigned)
            : null;

        var outerBlock = block;
        var outerFlags = exitFlags;
        var outerLoads = loads;
        loads = new Dictionary<(string, Operand, Operand?), Operand>(); // a load outside may not hold in every iteration
        var outerBroken = environment.TryGetValue(HasBroken, out var broken) ? broken : null;
        var outerContinued = environment.TryGetValue(HasContinued, out var continued) ? continued : null;
        block = new List<Instr>();
        environment[HasBroken] = False;
        environment[HasContinued] = False;
        exitFlags = new List<string> { HasReturned, HasBroken, HasContinued };
        LowerStatements(loop.Body, 0);
        diverged = false; // an iteration that throws never reaches the back edge; the loop itself may end normally
        exitFlags = new List<string> { HasReturned, HasBroken };
        environment[HasContinued] = False;
        LowerStatements(loop.Step, 0);
        diverged = false;

        var exitFlag = new[] { environment[HasBroken], environment[HasReturned] }.Where(f => f != False).ToList();
        Operand? exit = null;
        if (exitFlag.Count > 0)
        {
            origin = loopOrigin;
            exit = exitFlag.Count == 1 && exitFlag[0] is VarOperand
                ? exitFlag[0]
                : Define(TypeRef.Bool, names.Temp("_c"), new PassiveOp(exitFlag.Select(ToCode).Aggregate((a, b) => new BinaryCode("||", a, b))));
        }

        var body = block.ToImmutableArray();
        var cellList = cellKeys.Select(key => new Cell(
            cells[key].Var,
            cells[key].Entry,
            environment[key],
            key == loop.CounterId ? loop.CounterStep : InductionStep(cells[key].Var, environment[key], body))).ToImmutableArray();

        block = outerBlock;
        exitFlags = outerFlags;
        var written = new HashSet<string>(IrQueries.Stores(body).Select(s => s.Array));
        loads = outerLoads.Where(l => !written.Contains(l.Key.Array)).ToDictionary(l => l.Key, l => l.Value);
        Restore(HasBroken, outerBroken);
        Restore(HasContinued, outerContinued);
        foreach (var key in cellKeys)
        {
            environment[key] = new VarOperand(cells[key].Var);
        }

        var footer = loop.Footer is null ? null : ToCode(loop.Footer);
        origin = loopOrigin;
        block.Add(new LoopInstr(loopOrigin, names.Temp("_n"), cellList, header, body, exit, footer, exit is null ? tripCount : null));
    }

    /// <summary>
    /// The step of an int cell that every iteration moves by a constant (<c>idx++</c> at the top level of the body, not
    /// in a branch, so it runs in every iteration that reaches the back edge): an induction variable, whose value at
    /// the start of iteration k is its entry value + k·step, like a counter's. Null for any other cell.
    /// </summary>
    private static int? InductionStep(SsaVar cell, Operand exit, ImmutableArray<Instr> body)
    {
        if (cell.Type != TypeRef.Int || exit is not VarOperand { Var: var next }
            || body.OfType<DefInstr>().FirstOrDefault(d => d.Target == next) is not { Op: PassiveOp { Code: BinaryCode { Op: "+" or "-" } step } }
            || step.Left is not NameCode { Name: var read } || read != cell.Name
            || step.Right is not LiteralCode { Text: var text }
            || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var constant)
            || constant == 0)
        {
            return null;
        }

        return step.Op == "+" ? constant : -constant;
    }

    /// <summary>
    /// The iteration count of a counted loop, <c>for (…; i &lt; n; i++)</c> and its mirror images, as an expression of
    /// the counter's entry value (read through its cell, before the loop runs) and a bound the loop never assigns
    /// (int, and free of calls and element reads, so evaluating it once is the same as evaluating it every time).
    /// Valid only while nothing leaves the loop early; null for any other header.
    /// </summary>
    private CodeExpr? TripCount(ExprModel? header, string counterId, string cell, int step, ISet<string> assigned)
    {
        if (header is not BinaryExpr { Left.Type: var leftType, Right.Type: var rightType } comparison
            || leftType != TypeRef.Int || rightType != TypeRef.Int)
        {
            return null;
        }

        // counter OP bound, or bound OP counter turned around.
        var (op, bound) = comparison switch
        {
            { Left: VariableExpr { Id: var id } } when id == counterId => (comparison.Op, comparison.Right),
            { Right: VariableExpr { Id: var id } } when id == counterId => (Mirror(comparison.Op), comparison.Left),
            _ => (BinaryOp.Equals, (ExprModel?)null),
        };
        if (bound is null || !IsInvariantBound(bound, assigned))
        {
            return null;
        }

        var n = ToCode(bound);
        CodeExpr i = new NameCode(cell);
        var zero = new LiteralCode("0", 0);
        var one = new LiteralCode("1", 1);
        return (op, step) switch
        {
            (BinaryOp.LessThan, 1) => new ConditionalCode(new BinaryCode(">", n, i), new BinaryCode("-", n, i), zero),
            (BinaryOp.LessThanOrEqual, 1) => new ConditionalCode(new BinaryCode(">=", n, i), new BinaryCode("+", new BinaryCode("-", n, i), one), zero),
            (BinaryOp.GreaterThan, -1) => new ConditionalCode(new BinaryCode(">", i, n), new BinaryCode("-", i, n), zero),
            (BinaryOp.GreaterThanOrEqual, -1) => new ConditionalCode(new BinaryCode(">=", i, n), new BinaryCode("+", new BinaryCode("-", i, n), one), zero),
            _ => null,
        };
    }

    private static BinaryOp Mirror(BinaryOp op)
        => op switch
        {
            BinaryOp.LessThan => BinaryOp.GreaterThan,
            BinaryOp.LessThanOrEqual => BinaryOp.GreaterThanOrEqual,
            BinaryOp.GreaterThan => BinaryOp.LessThan,
            BinaryOp.GreaterThanOrEqual => BinaryOp.LessThanOrEqual,
            _ => BinaryOp.Equals,
        };

    private static bool IsInvariantBound(ExprModel bound, ISet<string> assigned)
        => bound switch
        {
            LengthExpr { Row: { } row } => IsInvariantBound(row, assigned),
            LiteralExpr or LengthExpr or OpaqueExpr => true,
            VariableExpr variable => !assigned.Contains(variable.Id),
            ConvertExpr convert => IsInvariantBound(convert.Operand, assigned),
            UnaryExpr unary => IsInvariantBound(unary.Operand, assigned),
            BinaryExpr binary => IsInvariantBound(binary.Left, assigned) && IsInvariantBound(binary.Right, assigned),
            ConditionalExpr conditional => IsInvariantBound(conditional.Condition, assigned) && IsInvariantBound(conditional.WhenTrue, assigned) && IsInvariantBound(conditional.WhenFalse, assigned),
            _ => false,
        };

    /// <summary>Puts back an enclosing loop's break/continue flag (or removes it outside any loop).</summary>
    private void Restore(string key, Operand? value)
    {
        if (value is null)
        {
            environment.Remove(key);
        }
        else
        {
            environment[key] = value;
        }
    }

    private string CellName(string key)
        => key switch
        {
            ReturnValue => names.Temp("_ret"),
            HasReturned => names.Temp("_returned"),
            _ => names.Next(key),
        };

    /// <summary>The variables the statements assign, by assignment or as a call's out or ref argument.</summary>
    private static IEnumerable<string> AssignedIds(IEnumerable<StmtModel> statements)
        => statements.SelectMany(s => s switch
        {
            AssignStmt a => new[] { a.Id }.Concat(WrittenByCalls(a.Value)),
            DeclareStmt { Initializer: { } value } => WrittenByCalls(value),
            ReturnStmt r => WrittenByCalls(r.Value),
            StoreStmt store => WrittenByCalls(store.Value),
            IfStmt i => AssignedIds(i.Then).Concat(AssignedIds(i.Else)),
            LoopStmt l => AssignedIds(l.Body).Concat(AssignedIds(l.Step)),
            _ => Enumerable.Empty<string>(),
        });

    /// <summary>The locals that calls inside an expression write through out and ref arguments.</summary>
    private static IEnumerable<string> WrittenByCalls(ExprModel expression)
        => expression switch
        {
            DifferentiableCallExpr call => call.Arguments.Select((a, i) => call.Writes(i) && a is VariableExpr v ? v.Id : null).Where(id => id is not null).Select(id => id!)
                .Concat(call.Arguments.SelectMany(WrittenByCalls)),
            BinaryExpr b => WrittenByCalls(b.Left).Concat(WrittenByCalls(b.Right)),
            UnaryExpr u => WrittenByCalls(u.Operand),
            ConvertExpr c => WrittenByCalls(c.Operand),
            ConditionalExpr c => WrittenByCalls(c.WhenTrue).Concat(WrittenByCalls(c.WhenFalse)),
            MathCallExpr m => m.Arguments.SelectMany(WrittenByCalls),
            _ => Enumerable.Empty<string>(),
        };

    private static bool ContainsReturn(IEnumerable<StmtModel> statements)
        => statements.Any(s => s switch
        {
            ReturnStmt => true,
            IfStmt i => ContainsReturn(i.Then) || ContainsReturn(i.Else),
            LoopStmt l => ContainsReturn(l.Body),
            _ => false,
        });
}
