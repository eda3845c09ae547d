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

    /// <summary><c>[Differentiable(WithRespectToThis = true)]</c>: the method asks for its receiver to be active.</summary>
    public static bool WithRespectToThis(IMethodSymbol method)
        => method.OriginalDefinition.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute
            && a.NamedArguments.Any(n => n.Key == "WithRespectToThis" && n.Value.Value is true));

    /// <summary><c>[Differentiable(Modes = …)]</c>: the <c>DiffModes</c> flags the method asks for (0: reverse mode only).</summary>
    public static int Modes(IMethodSymbol method)
        => method.OriginalDefinition.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute)
            .SelectMany(a => a.NamedArguments)
            .Where(n => n.Key == "Modes" && n.Value.Value is int)
            .Select(n => (int)n.Value.Value!)
            .FirstOrDefault();

    /// <summary>
    /// A parameter is active when it is double or float and not [NoDerivative]. The same rule is applied to a
    /// callee's parameters, so a caller passes exactly the gradient arguments the callee's pullback declares.
    /// </summary>
    public static bool IsActive(IParameterSymbol parameter)
        => (ToTypeRef(parameter.Type) is { Kind: ValueKind.Double or ValueKind.Float or ValueKind.Generic } or { Kind: ValueKind.Array, Element.IsFloating: true }
                && parameter.RefKind is RefKind.None or RefKind.In or RefKind.Ref
                || parameter.RefKind is RefKind.None or RefKind.In && (StructFieldsOf(parameter.Type) is not null || StructSpanOf(parameter.Type) is not null))
            && !HasAttribute(parameter, NoDerivativeAttribute);

    /// <summary>
    /// The fields of a struct that differentiates as a whole: every instance field is double or float (or a passive
    /// integer, bool or [NoDerivative] field), at least one is active, and each is a settable field or the backing
    /// field of a property with a setter or init accessor. System.Numerics' Vector2/3/4 are such structs. Null for
    /// any other type.
    /// </summary>
    public static System.Collections.Generic.List<StructField>? StructFieldsOf(ITypeSymbol type)
        => MayBeStruct(type) && StructFieldsCache.GetValue(type, static t => new StructFieldsEntry(StructFieldsOf(t, 0))).Fields is { } fields
            ? new System.Collections.Generic.List<StructField>(fields)
            : null;

    /// <summary>
    /// The first test of <see cref="StructFieldsOf(ITypeSymbol, int)"/>, before the table: most questions are about
    /// double, int or an array, and a table lookup (and entry) per operation was 3 % of a cold run.
    /// </summary>
    private static bool MayBeStruct(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false, SpecialType: SpecialType.None };

    /// <summary>
    /// <see cref="StructFieldsOf(ITypeSymbol)"/> per type symbol (the parser asks it for every operation on a struct
    /// value): computed once per symbol, that is once per compilation, and handed out as a copy.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ITypeSymbol, StructFieldsEntry> StructFieldsCache = new();

    private sealed class StructFieldsEntry
    {
        public StructFieldsEntry(System.Collections.Generic.List<StructField>? fields) => Fields = fields;

        public System.Collections.Generic.List<StructField>? Fields { get; }
    }

    /// <summary>
    /// <see cref="StructFieldsOf(ITypeSymbol)"/> with nesting: a field that is itself such a struct (a
    /// <c>Vector3 Position</c>) contributes its fields under its name (<c>Position.X</c>), in declaration order, so the
    /// list is the struct's floating-point layout.
    /// </summary>
    private static System.Collections.Generic.List<StructField>? StructFieldsOf(ITypeSymbol type, int depth)
    {
        if (depth > 4 || !MayBeStruct(type) || type is not INamedTypeSymbol named
            || named.ContainingNamespace?.ToDisplayString() is "System" or "System.Numerics" && !VectorRules.IsVector(named))
        {
            return null;
        }

        var fields = new System.Collections.Generic.List<StructField>();
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            var fieldType = ToTypeRef(field.Type);
            var nested = fieldType.Kind == ValueKind.Other ? StructFieldsOf(field.Type, depth + 1) : null;
            if (nested is null && fieldType.Kind is not (ValueKind.Double or ValueKind.Float or ValueKind.Integral or ValueKind.Bool))
            {
                return null;
            }

            var passive = !fieldType.IsFloating && nested is null || HasAttribute(field.AssociatedSymbol ?? field, NoDerivativeAttribute) || IsNoDerivativeRecordParameter(named, field);
            string member;
            bool initOnly;
            switch (field.AssociatedSymbol)
            {
                case IPropertySymbol { SetMethod: { } setter } property:
                    (member, initOnly) = (property.Name, setter.IsInitOnly);
                    break;
                case null when !field.IsReadOnly && field.CanBeReferencedByName:
                    (member, initOnly) = (field.Name, false);
                    break;
                default:
                    return null;
            }

            if (nested is null)
            {
                fields.Add(new StructField(member, fieldType, initOnly) { Passive = passive });
                continue;
            }

            foreach (var inner in nested)
            {
                fields.Add(inner with { Member = member + "." + inner.Member, Passive = passive || inner.Passive });
            }
        }

        return fields.Any(f => !f.Passive) ? fields : null;
    }

    /// <summary>
    /// A one-dimensional array, Span or ReadOnlySpan of a differentiable struct whose fields are all active and of one
    /// floating-point type, laid out one after another (so the span is a flat span of its fields): that struct's
    /// fields and their type. Null for anything else.
    /// </summary>
    public static (System.Collections.Generic.List<StructField> Fields, TypeRef Element, string StructName)? StructSpanOf(ITypeSymbol type)
    {
        if (ElementOf(type) is not INamedTypeSymbol element || StructFieldsOf(element) is not { } fields
            || fields.Any(f => f.Passive || f.Type != fields[0].Type)
            || element.GetAttributes().Any(a => a.AttributeClass?.Name == "StructLayoutAttribute"))
        {
            return null;
        }

        return (fields, fields[0].Type, element.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(TypeFormat));
    }

    /// <summary>The type of a parameter: <see cref="ToTypeRef"/>, or for a span of structs its flat-span form (<see cref="TypeRef.StructElement"/>).</summary>
    public static TypeRef ParameterTypeRef(ITypeSymbol type)
        => StructSpanOf(type) is { } structs
            ? new TypeRef(ValueKind.Array, type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(TypeFormat), structs.Element) { StructElement = structs.StructName }
            : ToTypeRef(type);

    /// <summary><c>Vector&lt;T&gt;</c>, <c>Vector128&lt;T&gt;</c>, <c>Vector256&lt;T&gt;</c>, …: hardware vectors, not differentiable values.</summary>
    public static bool IsSimdVector(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Vector" or "Vector64" or "Vector128" or "Vector256" or "Vector512", IsGenericType: true } simd
            && simd.ContainingNamespace?.ToDisplayString() is "System.Numerics" or "System.Runtime.Intrinsics";

    /// <summary>
    /// Why a struct (or SIMD vector) cannot be an active value, with what to do instead; null for other types, and for
    /// structs that can (<see cref="StructFieldsOf"/>).
    /// </summary>
    public static string? WhyNotDifferentiable(ITypeSymbol type)
    {
        if (IsSimdVector(type))
        {
            return "SIMD vectors are not differentiable values; write the computation over double or float (spans or arrays of them), or use System.Numerics.Vector2/3/4, and let the JIT vectorise the loops";
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } named || named.SpecialType != SpecialType.None || StructFieldsOf(named) is not null)
        {
            return null;
        }

        if (named.IsGenericType)
        {
            return "generic structs are not differentiable values; use a struct of double or float fields";
        }

        if (named.ContainingNamespace?.ToDisplayString() is "System" or "System.Numerics")
        {
            return named.Name == "Complex"
                ? "Complex is supported as passive data only ([NoDerivative], or values built from constants); pass the real and imaginary parts as double parameters to differentiate with respect to them"
                : "only System.Numerics.Vector2/3/4 of the library's structs are differentiable; pass the values as double or float parameters";
        }

        foreach (var field in named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            var member = field.AssociatedSymbol?.Name ?? field.Name;
            var fieldType = ToTypeRef(field.Type);
            if (fieldType.Kind is not (ValueKind.Double or ValueKind.Float or ValueKind.Integral or ValueKind.Bool))
            {
                return "its field '" + member + "' has type '" + Display(field.Type) + "'; a differentiable struct holds only double/float fields (and passive integer, bool or [NoDerivative] ones): move '" + member + "' out of the struct, or mark the parameter [NoDerivative]";
            }

            if (field.AssociatedSymbol is IPropertySymbol { SetMethod: null } || field.AssociatedSymbol is null && (field.IsReadOnly || !field.CanBeReferencedByName))
            {
                return "its field '" + member + "' cannot be set, so DiffGen cannot build the gradient (a struct of the same type): give it a setter or an init accessor, or make the field writable";
            }
        }

        return "none of its fields is an active double or float: mark the parameter [NoDerivative]";
    }

    /// <summary><c>record struct Body([NoDerivative] double Mass, …)</c>: the attribute sits on the primary constructor's parameter.</summary>
    private static bool IsNoDerivativeRecordParameter(INamedTypeSymbol type, IFieldSymbol field)
        => type.IsRecord && field.AssociatedSymbol is IPropertySymbol property
            && type.InstanceConstructors.Any(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax)
                && c.Parameters.Any(p => p.Name == property.Name && HasAttribute(p, NoDerivativeAttribute)));

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
