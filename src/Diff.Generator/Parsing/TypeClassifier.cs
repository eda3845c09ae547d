using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>Maps Roslyn types to what differentiation cares about, and decides which parameters are active.</summary>
internal static class TypeClassifier
{
    public const string DifferentiableAttribute = "DiffGen.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "DiffGen.NoDerivativeAttribute";

    /// <summary>How generated code spells types: fully qualified, keywords for the built-ins, nullable annotations kept.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static TypeRef ToTypeRef(ITypeSymbol? type)
    {
        if (type is null)
        {
            return new TypeRef(ValueKind.Other, "object");
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1, ElementType: var rowElement } }
            && ToTypeRef(rowElement) is { Kind: ValueKind.Double or ValueKind.Float } jaggedElement)
        {
            // double[][]: rows of elements, read as a[i][j] (see BodyParser.Jagged).
            return new TypeRef(ValueKind.Array, type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(TypeFormat), jaggedElement) { IsJagged = true };
        }

        if (ElementOf(type) is { } element && ToTypeRef(element) is { Kind: ValueKind.Double or ValueKind.Float or ValueKind.Integral or ValueKind.Bool or ValueKind.Generic } elementRef)
        {
            return new TypeRef(ValueKind.Array, type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(TypeFormat), elementRef);
        }

        if (type is IArrayTypeSymbol { Rank: > 1 } matrix && ToTypeRef(matrix.ElementType) is { Kind: ValueKind.Double or ValueKind.Float or ValueKind.Integral or ValueKind.Bool } matrixElement)
        {
            // double[,]: differentiated as its elements in row-major order (see BodyParser.Matrices).
            return new TypeRef(ValueKind.Array, type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(TypeFormat), matrixElement) { Rank = matrix.Rank };
        }

        if (type is ITypeParameterSymbol parameter && GenericMathTypes.IsFloatingTypeParameter(parameter))
        {
            // T where T : IFloatingPointIeee754<T> (or a narrower number interface): a floating-point value.
            return new TypeRef(ValueKind.Generic, parameter.Name);
        }

        var kind = type.SpecialType switch
        {
            SpecialType.System_Double => ValueKind.Double,
            SpecialType.System_Single => ValueKind.Float,
            SpecialType.System_Boolean => ValueKind.Bool,
            SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
                or SpecialType.System_UInt64 => ValueKind.Integral,
            _ => ValueKind.Other,
        };
        return new TypeRef(kind, type.ToDisplayString(TypeFormat));
    }

    /// <summary>Arrays and spans of any element type.</summary>
    public static bool IsArrayOrSpan(ITypeSymbol type) => ElementOf(type) is not null;

    /// <summary>The element type of a one-dimensional array, Span or ReadOnlySpan; null for anything else.</summary>
    public static ITypeSymbol? ElementOf(ITypeSymbol type)
        => type switch
        {
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, Name: "Span" or "ReadOnlySpan" } named
                when named.ContainingNamespace?.ToDisplayString() == "System" => named.TypeArguments[0],
            _ => null,
        };

    /// <summary>
    /// Types that hold no floating-point value (enums, strings, chars): a parameter of one is passive
    /// without [NoDerivative], as integers are.
    /// </summary>
    public static bool CarriesNoDerivative(ITypeSymbol type)
        => type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_String or SpecialType.System_Char;

    public static bool HasAttribute(ISymbol symbol, string metadataName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == metadataName);

    public static bool IsDifferentiable(IMethodSymbol method) => HasAttribute(method.OriginalDefinition, DifferentiableAttribute);

    /// <summary>
    /// A parameter is active when it is double or float and not [NoDerivative]. The same rule is applied to a
    /// callee's parameters, so a caller passes exactly the gradient arguments the callee's pullback declares.
    /// </summary>
    public static bool IsActive(IParameterSymbol parameter)
        => (ToTypeRef(parameter.Type) is { Kind: ValueKind.Double or ValueKind.Float or ValueKind.Generic } or { Kind: ValueKind.Array, Element.IsFloating: true }
                && parameter.RefKind is RefKind.None or RefKind.In or RefKind.Ref
                || parameter.RefKind is RefKind.None or RefKind.In && StructFieldsOf(parameter.Type) is not null)
            && !HasAttribute(parameter, NoDerivativeAttribute);

    /// <summary>
    /// The fields of a struct that differentiates as a whole: every instance field is double or float, and each is a
    /// settable field or the backing field of a property with a setter or init accessor. Null for any other type.
    /// </summary>
    public static System.Collections.Generic.List<StructField>? StructFieldsOf(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false } named || named.SpecialType != SpecialType.None
            || named.ContainingNamespace?.ToDisplayString() is "System" or "System.Numerics")
        {
            return null;
        }

        var fields = new System.Collections.Generic.List<StructField>();
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            var fieldType = ToTypeRef(field.Type);
            if (!fieldType.IsFloating)
            {
                return null;
            }

            switch (field.AssociatedSymbol)
            {
                case IPropertySymbol { SetMethod: { } setter } property:
                    fields.Add(new StructField(property.Name, fieldType, setter.IsInitOnly));
                    break;
                case null when !field.IsReadOnly && field.CanBeReferencedByName:
                    fields.Add(new StructField(field.Name, fieldType, false));
                    break;
                default:
                    return null;
            }
        }

        return fields.Count > 0 ? fields : null;
    }

    public static string Accessibility(Microsoft.CodeAnalysis.Accessibility accessibility)
        => accessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

    /// <summary>A type as users read it in messages: <c>double[]</c>, never the inferred <c>double[]?</c> of a <c>var</c>.</summary>
    public static string Display(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();

    /// <summary>A method as users read it in messages: <c>Helper(double)</c>.</summary>
    public static string Display(IMethodSymbol method)
        => method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";

    /// <summary>Fully qualified static member access for generated code, e.g. <c>global::Ns.Outer.Inner.Area</c>.</summary>
    public static string QualifiedMember(ISymbol member)
        => member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member.Name;
}
