using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Which members of <c>System.Numerics.Vector2/3/4</c> DiffGen takes apart into float arithmetic on their components
/// (see <c>BodyParser.Vectors</c>), and the vectors' named constants.
/// </summary>
internal static class VectorRules
{
    /// <summary>Vector2, Vector3 or Vector4 of System.Numerics.</summary>
    public static bool IsVector(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Vector2" or "Vector3" or "Vector4", IsGenericType: false } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Numerics";

    /// <summary>A vector member with a rule here: operators, arithmetic, products, lengths, interpolation.</summary>
    public static bool IsBuiltIn(IMethodSymbol member)
        => IsVector(member.ContainingType) && member.Name switch
        {
            "op_Addition" or "op_Subtraction" or "op_Multiply" or "op_Division" or "op_UnaryNegation" or "op_UnaryPlus"
                or "Add" or "Subtract" or "Multiply" or "Divide" or "Negate" or "Dot" or "Length" or "LengthSquared"
                or "Distance" or "DistanceSquared" or "Normalize" or "Lerp" or "Min" or "Max" or "Abs" or "SquareRoot" => true,
            "Cross" => member.ContainingType.Name == "Vector3",
            _ => false,
        };

    /// <summary>The components of <c>Vector3.Zero</c>, <c>One</c>, <c>UnitX</c>, …; null for any other property.</summary>
    public static double[]? Constant(IPropertySymbol property)
    {
        if (!property.IsStatic || !IsVector(property.ContainingType))
        {
            return null;
        }

        var size = property.ContainingType.Name[6] - '0';
        var components = new double[size];
        switch (property.Name)
        {
            case "Zero":
                return components;
            case "One":
                for (var i = 0; i < size; i++)
                {
                    components[i] = 1;
                }

                return components;
            case "UnitX" or "UnitY" or "UnitZ" or "UnitW" when "XYZW".IndexOf(property.Name[4]) is var axis && axis < size:
                components[axis] = 1;
                return components;
            default:
                return null;
        }
    }
}
