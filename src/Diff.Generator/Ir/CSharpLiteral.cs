using System;
using System.Globalization;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Ir;

/// <summary>
/// Spells constants as C# literals under the invariant culture, round-trippable ("R") and suffixed with their type,
/// whatever the machine's locale: the same input always gives the same bytes.
/// </summary>
internal static class CSharpLiteral
{
    public static string Double(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    public static string Float(float value)
    {
        if (float.IsNaN(value))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(value))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(value))
        {
            return "float.NegativeInfinity";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }

    /// <summary>A floating literal of <paramref name="type"/> (double or float) with the given value.</summary>
    public static string Of(TypeRef type, double value)
        => type.Kind == ValueKind.Generic ? GenericMath.Literal(type, value) : type.Kind == ValueKind.Float ? Float((float)value) : Double(value);

    /// <summary>Spells a compile-time constant of a supported type; null when the type has no literal form here.</summary>
    public static string? FromConstant(object? value, TypeRef type)
    {
        switch (value)
        {
            case double d:
                return Double(d);
            case float f:
                return Float(f);
            case bool b:
                return b ? "true" : "false";
            case int i:
                return i.ToString(CultureInfo.InvariantCulture);
            case long l:
                return l.ToString(CultureInfo.InvariantCulture) + "L";
            case uint u:
                return u.ToString(CultureInfo.InvariantCulture) + "U";
            case ulong ul:
                return ul.ToString(CultureInfo.InvariantCulture) + "UL";
            case short or ushort or byte or sbyte:
                return "((" + type.Name + ")" + Convert.ToString(value, CultureInfo.InvariantCulture) + ")";
            default:
                return null;
        }
    }

    /// <summary>The numeric value of a constant, when it has one (used to simplify rules such as Pow(x, 2)).</summary>
    public static double? NumericValue(object? value)
        => value switch
        {
            double d => d,
            float f => f,
            int or long or uint or ulong or short or ushort or byte or sbyte => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            _ => null,
        };

    /// <summary>The default value of a type, spelled as a literal.</summary>
    public static string Default(TypeRef type)
        => type.Kind switch
        {
            ValueKind.Double => "0d",
            ValueKind.Float => "0f",
            ValueKind.Generic => GenericMath.Literal(type, 0),
            ValueKind.Bool => "false",
            // A reference type's slot is assigned before it is read (it only starts at default): say so to nullable analysis.
            ValueKind.Other => "default(" + type.Name + ")!",
            _ => "default(" + type.Name + ")",
        };
}
