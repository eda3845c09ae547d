namespace DiffGen.Generator.Model;

/// <summary>What the generator needs to know about a value's type.</summary>
internal enum ValueKind
{
    Double,
    Float,
    Integral,
    Bool,

    /// <summary>A double[]/float[]/Span/ReadOnlySpan of floating-point elements.</summary>
    Array,
    Other,

    /// <summary>
    /// A type parameter constrained to floating-point number interfaces (<c>T</c> in
    /// <c>static T F&lt;T&gt;(T x) where T : IFloatingPointIeee754&lt;T&gt;</c>): differentiated as float and double are,
    /// its constants and functions spelled on the type (<c>T.One</c>, <c>T.CreateChecked(0.5d)</c>, <c>T.Exp(x)</c>).
    /// </summary>
    Generic,
}

/// <summary>A type as the generated code spells it, e.g. <c>double</c> or <c>global::System.Int64</c>.</summary>
/// <param name="Element">For arrays and spans, the element type.</param>
internal sealed record TypeRef(ValueKind Kind, string Name, TypeRef? Element = null)
{
    public static readonly TypeRef Double = new(ValueKind.Double, "double");
    public static readonly TypeRef Float = new(ValueKind.Float, "float");
    public static readonly TypeRef Bool = new(ValueKind.Bool, "bool");
    public static readonly TypeRef Int = new(ValueKind.Integral, "int");

    /// <summary>Floating-point values carry derivatives; everything else is passive.</summary>
    public bool IsFloating => Kind is ValueKind.Double or ValueKind.Float or ValueKind.Generic;

    public bool IsArray => Kind == ValueKind.Array;

    /// <summary>A multidimensional array's rank (<c>double[,]</c>: 2); 1 for one-dimensional arrays, spans and scalars.</summary>
    public int Rank { get; init; } = 1;

    /// <summary>
    /// A jagged array (<c>double[][]</c>): an array of rows, each an array of <see cref="Element"/>. Its elements are
    /// read as <c>a[i][j]</c>; its gradient is a jagged array of the same shape.
    /// </summary>
    public bool IsJagged { get; init; }

    /// <summary>
    /// The gradient buffer of an array or span of this type: <c>Span&lt;element&gt;</c>, or for a multidimensional or
    /// jagged array an array of the same shape (<c>double[,]</c>, <c>double[][]</c>).
    /// </summary>
    public string SpanName => Rank > 1 || IsJagged ? Name : "global::System.Span<" + (StructElement ?? Element?.Name) + ">";

    /// <summary>
    /// A span or array of a differentiable struct whose fields all have type <see cref="Element"/>
    /// (<c>ReadOnlySpan&lt;Particle&gt;</c>): the struct's name. It is read as a flat span of its fields (element i's
    /// field j is flat element i·fields + j) and its gradient is a span of the same struct.
    /// </summary>
    public string? StructElement { get; init; }

    public static TypeRef SpanOf(TypeRef element) => new(ValueKind.Array, "global::System.Span<" + element.Name + ">", element);

    public override string ToString() => Name;
}
