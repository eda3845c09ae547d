using System.Collections.Immutable;
using System.Linq;

namespace DiffGen.Generator.Ir;

/// <summary>
/// A C# expression as the generated code will spell it. The SSA IR uses it for passive operands, and the reverse
/// stage builds derivative expressions from it; the emitter prints it with the fewest parentheses that keep the
/// evaluation order (floating-point arithmetic is not associative, so order is never changed).
/// </summary>
internal abstract record CodeExpr;

/// <summary>A local, parameter or fully qualified member, e.g. <c>_t0</c> or <c>global::System.Math.PI</c>.</summary>
internal sealed record NameCode(string Name) : CodeExpr;

/// <summary>A literal; <paramref name="Value"/> is its numeric value when it has one.</summary>
internal sealed record LiteralCode(string Text, double? Value) : CodeExpr
{
    public bool IsNegative => Text.StartsWith("-", System.StringComparison.Ordinal);
}

internal sealed record BinaryCode(string Op, CodeExpr Left, CodeExpr Right) : CodeExpr;

internal sealed record UnaryCode(string Op, CodeExpr Operand) : CodeExpr;

internal sealed record CastCode(string Type, CodeExpr Operand) : CodeExpr;

internal sealed record ConditionalCode(CodeExpr Condition, CodeExpr WhenTrue, CodeExpr WhenFalse) : CodeExpr;

internal sealed record CallCode(string Target, ImmutableArray<CodeExpr> Arguments) : CodeExpr
{
    /// <summary>
    /// The derivative rule of the function called, when a rule's partial calls one (<c>Cos</c> in <c>Sin</c>'s): forward
    /// mode differentiates the partial again through it, without reading the target's spelling back.
    /// </summary>
    public Rules.MathRule? Rule { get; init; }

    /// <summary>The precision the rule is applied in (double, float or a generic T), beside <see cref="Rule"/>.</summary>
    public Model.TypeRef? RuleType { get; init; }
}

/// <summary><c>receiver.Method(arguments)</c>: a call on a value held in a local.</summary>
internal sealed record InstanceCallCode(CodeExpr Receiver, string Method, ImmutableArray<CodeExpr> Arguments) : CodeExpr;

/// <summary>An out argument: <c>out y_1</c>, or <c>out _</c> when <paramref name="Operand"/> is null.</summary>
internal sealed record OutArgumentCode(CodeExpr? Operand) : CodeExpr;

/// <summary>An argument passed by reference: <c>ref _d_x</c>.</summary>
internal sealed record RefArgumentCode(CodeExpr Operand) : CodeExpr;

/// <summary><c>array[index]</c>.</summary>
internal sealed record IndexCode(CodeExpr Array, CodeExpr Index) : CodeExpr;

/// <summary>
/// <paramref name="Length"/> elements of <paramref name="Array"/> from <paramref name="Start"/>: <c>a.Slice(s, n)</c>,
/// or <c>global::System.MemoryExtensions.AsSpan(a, s, n)</c> when <paramref name="OfArray"/>; with <c>.ToArray()</c>
/// when <paramref name="Copied"/> (a range of an array is a new array).
/// </summary>
internal sealed record SliceCode(CodeExpr Array, CodeExpr Start, CodeExpr Length, bool OfArray, bool Copied) : CodeExpr;

/// <summary><c>target with { Member = value }</c>: a struct with one init-only member replaced.</summary>
internal sealed record WithCode(CodeExpr Target, string Member, CodeExpr Value) : CodeExpr;

/// <summary><c>target.Member</c>, e.g. <c>v.Length</c>.</summary>
internal sealed record MemberCode(CodeExpr Target, string Member) : CodeExpr;

/// <summary>
/// Passive code copied from the primal (see <c>TemplateExpr</c>): verbatim text between holes, each hole an
/// expression of the generated code (<paramref name="Parts"/> has one more entry than <paramref name="Holes"/>).
/// </summary>
internal sealed record TemplateCode(ImmutableArray<string> Parts, ImmutableArray<CodeExpr> Holes) : CodeExpr
{
    public bool Equals(TemplateCode? other)
        => other is not null && Parts.SequenceEqual(other.Parts) && Holes.SequenceEqual(other.Holes);

    public override int GetHashCode() => Parts.Length == 0 ? 0 : Parts[0].GetHashCode() ^ Holes.Length;
}
