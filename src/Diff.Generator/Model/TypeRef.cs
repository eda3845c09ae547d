namespace DiffGen.Generator.Model;

/// <summary>What the generator needs to know about a value's type.</summary>
internal enum ValueKind
{
    Double,
    Float,
    Integral,
    Bool,
    Other,
}

/// <summary>A type as the generated code spells it, e.g. <c>double</c> or <c>global::System.Int64</c>.</summary>
internal sealed record TypeRef(ValueKind Kind, string Name)
{
    public static readonly TypeRef Double = new(ValueKind.Double, "double");
    public static readonly TypeRef Float = new(ValueKind.Float, "float");
    public static readonly TypeRef Bool = new(ValueKind.Bool, "bool");
    public static readonly TypeRef Int = new(ValueKind.Integral, "int");

    /// <summary>Floating-point values carry derivatives; everything else is passive.</summary>
    public bool IsFloating => Kind is ValueKind.Double or ValueKind.Float;

    public override string ToString() => Name;
}
