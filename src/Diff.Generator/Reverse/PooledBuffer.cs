using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Generated code's temporary arrays (local arrays, their gradients, scratch and unit buffers): a zeroed span over
/// an <c>ArrayPool</c> buffer named <c>{span}_buffer</c>, given back when done, so nothing is allocated per call.
/// </summary>
internal static class PooledBuffer
{
    /// <summary><c>T[] span_buffer = Rent(length); Span&lt;T&gt; span = AsSpan(span_buffer, 0, length); span.Clear();</c></summary>
    public static IEnumerable<CodeStmt> Rent(TypeRef element, string span, CodeExpr length)
        => RentUncleared(element, span, length).Append(new ExpressionCode(Code.Call(span + ".Clear")));

    /// <summary>As <see cref="Rent"/>, without the clearing: for a span the next statement fills whole.</summary>
    public static IEnumerable<CodeStmt> RentUncleared(TypeRef element, string span, CodeExpr length)
    {
        yield return new DeclareCode(new TypeRef(ValueKind.Other, element.Name + "[]"), Buffer(span), Code.Call(Pool(element) + ".Rent", length));
        yield return new DeclareCode(TypeRef.SpanOf(element), span, Code.Call("global::System.MemoryExtensions.AsSpan", new NameCode(Buffer(span)), new LiteralCode("0", 0), length));
    }

    public static CodeStmt Return(TypeRef element, string span) => new ExpressionCode(Code.Call(Pool(element) + ".Return", new NameCode(Buffer(span))));

    /// <summary><c>T[]? span_buffer = null; Span&lt;T&gt; span = default;</c>: declared where every sweep sees it, rented later.</summary>
    public static IEnumerable<CodeStmt> DeclareEmpty(TypeRef element, string span)
    {
        yield return new DeclareCode(new TypeRef(ValueKind.Other, element.Name + "[]?"), Buffer(span), new LiteralCode("null", null));
        yield return new DeclareCode(TypeRef.SpanOf(element), span, new LiteralCode("default", null));
    }

    /// <summary>The assignments of <see cref="Rent"/> into variables declared by <see cref="DeclareEmpty"/>.</summary>
    public static IEnumerable<CodeStmt> RentInto(TypeRef element, string span, CodeExpr length)
    {
        yield return new AssignCode(Buffer(span), "=", Code.Call(Pool(element) + ".Rent", length));
        yield return new AssignCode(span, "=", Code.Call("global::System.MemoryExtensions.AsSpan", new NameCode(Buffer(span)), new LiteralCode("0", 0), length));
        yield return new ExpressionCode(Code.Call(span + ".Clear"));
    }

    /// <summary>Gives back a buffer declared by <see cref="DeclareEmpty"/> if its branch rented it.</summary>
    public static CodeStmt ReturnIfRented(TypeRef element, string span)
        => new IfCode(
            new BinaryCode("!=", new NameCode(Buffer(span)), new LiteralCode("null", null)),
            System.Collections.Immutable.ImmutableArray.Create(Return(element, span)),
            System.Collections.Immutable.ImmutableArray<CodeStmt>.Empty);

    private static string Buffer(string span) => span + "_buffer";

    private static string Pool(TypeRef element) => "global::System.Buffers.ArrayPool<" + element.Name + ">.Shared";
}
