using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;

namespace DiffGen.Generator.Ir;

// The primal lowered to static single assignment: every assignment defines a new variable, so no value is ever
// overwritten and the reverse sweep reads the forward values directly (nothing stored, nothing allocated).
// Structured control flow is kept: an if carries the phi variables that merge its branches.

/// <summary>One SSA value: a generated C# local (or an original parameter) that is assigned exactly once.</summary>
internal sealed record SsaVar(string Name, TypeRef Type);

/// <summary>An operand: an SSA variable, or a passive, side-effect-free expression inlined where it is used.</summary>
internal abstract record Operand(TypeRef Type);

internal sealed record VarOperand(SsaVar Var) : Operand(Var.Type);

internal sealed record InlineOperand(TypeRef Type, CodeExpr Code) : Operand(Type);

/// <summary>An instruction, with the primal statement it comes from (printed as a comment).</summary>
internal abstract record Instr(string Origin);

/// <summary><paramref name="Target"/> = <paramref name="Op"/>.</summary>
internal sealed record DefInstr(string Origin, SsaVar Target, IrOp Op) : Instr(Origin);

/// <summary>A branch on a passive condition; each phi takes its value from the branch that ran.</summary>
internal sealed record IfInstr(
    string Origin,
    Operand Condition,
    ImmutableArray<Instr> Then,
    ImmutableArray<Instr> Else,
    ImmutableArray<Phi> Phis) : Instr(Origin);

internal sealed record Phi(SsaVar Target, Operand FromThen, Operand FromElse);

/// <summary>
/// A loop. <paramref name="Cells"/> are the variables the body assigns that live across iterations: mutable locals
/// initialised from their entry value and given their exit value at the end of every iteration. Inside the body,
/// everything else is SSA and local to one iteration, so the reverse sweep can recompute an iteration from its
/// cells alone: it restores them (recomputing counters, popping the rest from the tape), replays the body's
/// forward values it needs, and runs the body's reverse.
/// </summary>
/// <param name="Id">Unique in the method; names the iteration count local.</param>
/// <param name="Header">Evaluated on the cells before each iteration (null: always true).</param>
/// <param name="ExitFlag">True after an iteration that ran break or return (null: never).</param>
/// <param name="Footer">Evaluated on the cells after each iteration (do-while; null: none).</param>
/// <param name="TripCount">For a counted loop with no early exit: its iteration count, computed from the cells
/// before the loop runs (null: unknown until it has run).</param>
internal sealed record LoopInstr(
    string Origin,
    string Id,
    ImmutableArray<Cell> Cells,
    CodeExpr? Header,
    ImmutableArray<Instr> Body,
    Operand? ExitFlag,
    CodeExpr? Footer,
    CodeExpr? TripCount = null) : Instr(Origin);

/// <summary>A local array: a zeroed buffer of <paramref name="Length"/> elements, rented from the pool.</summary>
internal sealed record ArrayInstr(string Origin, string Array, TypeRef Type, Operand Length) : Instr(Origin);

/// <summary>
/// <c>Array[Index] = Value</c> on a local array. <paramref name="Saved"/> names the local that keeps the overwritten
/// element where the reverse sweep can restore it from (a loop's forward sweep records it on the tape instead).
/// </summary>
internal sealed record StoreInstr(string Origin, string Array, TypeRef ElementType, Operand Index, Operand Value, string Saved) : Instr(Origin);

/// <summary>
/// A statement kept for its effect in the forward sweep only: a passive call (<c>Debug.Assert</c>) or a throw. The
/// reverse sweep and recomputations skip it; nothing reads a value from it.
/// </summary>
internal sealed record EffectInstr(string Origin, CodeExpr Code, bool Throws) : Instr(Origin);

/// <param name="Stride">For a counter (assigned only by the loop's step, by a constant): the step; else null.</param>
internal sealed record Cell(SsaVar Var, Operand Entry, Operand Exit, int? Stride);

/// <summary>The right-hand side of a definition.</summary>
internal abstract record IrOp;

internal sealed record CopyOp(Operand Source) : IrOp;

internal sealed record NegateOp(Operand Operand) : IrOp;

/// <summary>Floating-point + − × ÷ %.</summary>
internal sealed record ArithmeticOp(BinaryOp Op, Operand Left, Operand Right) : IrOp;

/// <summary>A numeric conversion to the target's type.</summary>
internal sealed record ConvertOp(Operand Source) : IrOp;

internal sealed record MathOp(MathRule Rule, string Target, ImmutableArray<Operand> Arguments) : IrOp;

/// <summary>A call to another differentiable method; its reverse is a call to the callee's pullback.</summary>
internal sealed record CallOp(DifferentiableCallExpr Callee, ImmutableArray<Operand> Arguments) : IrOp
{
    /// <summary>The receiver held in a local (see <see cref="DifferentiableCallExpr.Receiver"/>), as an operand.</summary>
    public Operand? Receiver { get; init; }

    /// <summary>Per argument, the SSA value an out argument defines (null for inputs).</summary>
    public ImmutableArray<SsaVar?> Outs { get; init; } = ImmutableArray<SsaVar?>.Empty;

    public System.Collections.Generic.IEnumerable<SsaVar> Defined => Outs.Where(o => o is not null).Select(o => o!);

    /// <summary>The arrays the callee writes (see <see cref="DifferentiableCallExpr.ArrayWrites"/>), with their destinations' parts as operands.</summary>
    public ImmutableArray<ArrayWriteOperands> Writes { get; init; } = ImmutableArray<ArrayWriteOperands>.Empty;

    /// <summary>The call of <paramref name="method"/> (the primal or its pullback) with these arguments, on the receiver if any.</summary>
    public CodeExpr Invoke(string method, ImmutableArray<CodeExpr> arguments)
        => Receiver is null ? new CallCode(method, arguments) : new InstanceCallCode(Lowering.ToCode(Receiver), method, arguments);
}

/// <summary>
/// Argument <paramref name="Argument"/> is the scratch array <paramref name="Scratch"/> the callee writes; it holds the
/// elements of <c>Destination.Slice(Start, Length)</c> when the call is made (and when its pullback is called).
/// </summary>
internal sealed record ArrayWriteOperands(int Argument, string Scratch, string Destination, Operand Start, Operand Length)
{
    /// <summary>The destination's part, <c>Destination.Slice(Start, Length)</c>.</summary>
    public CodeExpr Part(string array) => new SliceCode(new NameCode(array), Lowering.ToCode(Start), Lowering.ToCode(Length), OfArray: false, Copied: false);
}

/// <summary>An element of an array or span parameter: <c>Array[Index]</c>, or <c>Array[Row][Index]</c> of a jagged array.</summary>
internal sealed record LoadOp(string Array, Operand Index) : IrOp
{
    public Operand? Row { get; init; }

    /// <summary>The array (or jagged row) the element is read from, as code.</summary>
    public CodeExpr Source => Row is null ? new NameCode(Array) : new IndexCode(new NameCode(Array), Lowering.ToCode(Row));
}

/// <summary>A computation with no derivative, evaluated verbatim (conditions, integer arithmetic, passive calls).</summary>
internal sealed record PassiveOp(CodeExpr Code) : IrOp;

/// <summary>A lowered method: its body in SSA form and the operand it returns.</summary>
internal sealed record IrMethod(MethodModel Model, ImmutableArray<Instr> Body, Operand Result, NameAllocator Names)
{
    /// <summary>The final value of each <c>out</c> parameter (further results), in parameter order.</summary>
    public ImmutableArray<(ParameterModel Parameter, Operand Value)> Outputs { get; init; } = ImmutableArray<(ParameterModel, Operand)>.Empty;
}
