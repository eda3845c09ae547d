using DiffGen.Generator.Model;

namespace DiffGen.Generator.Ir;

/// <summary>
/// How generated code spells constants, functions and conversions of a generic floating-point type parameter
/// (<see cref="ValueKind.Generic"/>): on the type itself, as generic math does, so one generated method serves
/// <c>float</c>, <c>double</c> and <c>Half</c>: <c>T.Zero</c>, <c>T.One</c>, <c>T.CreateChecked(0.5d)</c>, <c>T.Exp</c>.
/// </summary>
internal static class GenericMath
{
    /// <summary>A constant of the type: <c>T.Zero</c>, <c>T.One</c>, <c>-T.One</c>, else <c>T.CreateChecked(value)</c>, negated outside.</summary>
    public static string Literal(TypeRef type, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return type.Name + ".CreateChecked(" + CSharpLiteral.Double(value) + ")";
        }

        var sign = value < 0 ? "-" : string.Empty;
        var magnitude = System.Math.Abs(value);
        return magnitude switch
        {
            0 => type.Name + ".Zero",
            1 => sign + type.Name + ".One",
            _ => sign + type.Name + ".CreateChecked(" + CSharpLiteral.Double(magnitude) + ")",
        };
    }

    /// <summary>A static function of the type, e.g. <c>T.Cos</c> (its interface constraint provides it).</summary>
    public static string Function(TypeRef type, string name) => type.Name + "." + name;

    /// <summary>
    /// <paramref name="value"/> converted to <paramref name="type"/>: a cast, or for a type parameter (which has no cast
    /// from double) <c>T.CreateTruncating(value)</c>, exact for values that came from T.
    /// </summary>
    public static CodeExpr Convert(TypeRef type, CodeExpr value)
        => type.Kind == ValueKind.Generic ? Code.Call(type.Name + ".CreateTruncating", value) : new CastCode(type.Name, value);
}
