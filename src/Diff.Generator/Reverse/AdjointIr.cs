using System.Collections.Immutable;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

// The derivative code as statements: what the emitter prints, with no decisions left to make.

internal abstract record CodeStmt;

/// <summary><c>Type Name = Value;</c> (or <c>Type Name;</c>).</summary>
internal sealed record DeclareCode(TypeRef Type, string Name, CodeExpr? Value) : CodeStmt;

/// <summary><c>Name Op Value;</c> where Op is <c>=</c>, <c>+=</c> or <c>-=</c>.</summary>
internal sealed record AssignCode(string Name, string Op, CodeExpr Value) : CodeStmt;

internal sealed record IfCode(CodeExpr Condition, ImmutableArray<CodeStmt> Then, ImmutableArray<CodeStmt> Else) : CodeStmt;

/// <summary>An expression evaluated for its effect: a pullback call.</summary>
internal sealed record ExpressionCode(CodeExpr Expression) : CodeStmt;

internal sealed record CommentCode(string Text) : CodeStmt;

/// <summary><c>throw Exception;</c>: a primal's argument check, kept in the forward sweep.</summary>
internal sealed record ThrowCode(CodeExpr Exception) : CodeStmt;

/// <summary><c>while (Condition) { Body }</c>.</summary>
internal sealed record WhileCode(CodeExpr Condition, ImmutableArray<CodeStmt> Body) : CodeStmt;

/// <summary><c>for (int Counter = From; Counter &gt;= 0; Counter--) { Body }</c>: a loop's iterations in reverse.</summary>
internal sealed record ReverseForCode(string Counter, CodeExpr From, ImmutableArray<CodeStmt> Body) : CodeStmt;

internal sealed record BreakCode : CodeStmt;

/// <summary><c>Array[Index] Op Value;</c>: accumulation into a gradient buffer.</summary>
/// <param name="Stencil">Set by <see cref="StencilCarry"/> on the adds that complete an element of a carried stencil.</param>
internal sealed record ElementAssignCode(string Array, CodeExpr Index, string Op, CodeExpr Value, StencilStore? Stencil = null) : CodeStmt
{
    /// <summary>For a jagged gradient buffer, the row: <c>Array[Row][Index] op Value</c> (null for every other buffer).</summary>
    public CodeExpr? Row { get; init; }
}

/// <summary>
/// Marks the adds of one carried stencil (see <see cref="StencilCarry"/>): in the loop, <c>Array[Counter + Low] +=</c>
/// once per iteration, the counter stepping by +1 from <paramref name="Entry"/>; after it, when it ran,
/// <c>Array[Counter + Low + k] +=</c> for k = 0 … Window − 1. Between them every element of
/// [Entry + Low, exit counter + Low + Window) gets exactly one add, in index order, and no other.
/// </summary>
internal sealed record StencilStore(string Counter, CodeExpr Entry, int Low, int Window);

/// <summary>What the reverse sweep needs the forward sweep of a loop to record: these cells, pushed in this order at the start of every iteration.</summary>
/// <param name="LogsStores">The loop writes array elements: each iteration logs them for the reverse to undo.</param>
/// <param name="Values">Values of the body recorded when computed (pushed after the cells), popped instead of recomputed.</param>
/// <param name="RecordsNested">
/// The loop's iterations are recorded, not recomputed, by its nested loops (see
/// <c>ReverseSweep.RecordsNested</c>): the forward runs them taped, its own stores push only the overwritten element
/// (popped where the reverse restores it), and the cells and values are pushed at the end of each iteration.
/// </param>
internal sealed record LoopPlan(ImmutableArray<SsaVar> Pushed, bool LogsStores, ImmutableArray<SsaVar> Values, bool RecordsNested = false);

/// <summary>
/// The body of a generated pullback: the forward sweep, the reverse sweep, the accumulation of each active
/// parameter's adjoint into its <c>ref</c> gradient parameter, and the value returned.
/// </summary>
internal sealed record AdjointBody(
    ImmutableArray<CodeStmt> Forward,
    ImmutableArray<CodeStmt> Reverse,
    ImmutableArray<CodeStmt> Accumulate,
    CodeExpr Result,
    string? TapeName,
    ImmutableArray<CodeStmt> Cleanup)
{
    /// <summary>The method has active parameters, but the result depends on none of them.</summary>
    public bool IgnoresInputs { get; init; }
}
