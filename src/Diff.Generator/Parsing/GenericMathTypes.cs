using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Generic math at the level of symbols: which type parameters are floating-point values (<c>T</c> constrained to
/// <c>INumberBase&lt;T&gt;</c> or an interface that extends it, such as <c>IFloatingPointIeee754&lt;T&gt;</c>,
/// <c>IRootFunctions&lt;T&gt;</c> or <c>INumber&lt;T&gt;</c>, and not to integers), which generic methods can be
/// differentiated, and how their type parameters and constraints are spelled on the generated methods.
/// </summary>
internal static class GenericMathTypes
{
    private const string Numerics = "System.Numerics";

    /// <summary>A method's type parameter constrained to floating-point number interfaces.</summary>
    public static bool IsFloatingTypeParameter(ITypeParameterSymbol parameter)
        => parameter.TypeParameterKind == TypeParameterKind.Method && Implies(parameter, "INumberBase") && !Implies(parameter, "IBinaryInteger");

    /// <summary>Whether the constraints of <paramref name="parameter"/> include <c>System.Numerics.name&lt;parameter&gt;</c>.</summary>
    private static bool Implies(ITypeParameterSymbol parameter, string name)
        => parameter.ConstraintTypes.OfType<INamedTypeSymbol>()
            .SelectMany(c => new[] { c }.Concat(c.AllInterfaces))
            .Any(i => IsNumericsInterface(i, name) && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], parameter));

    private static bool IsNumericsInterface(INamedTypeSymbol type, string name)
        => type.TypeKind == TypeKind.Interface && type.Name == name && type.TypeArguments.Length >= 1 && type.ContainingNamespace?.ToDisplayString() == Numerics;

    /// <summary>
    /// A static member of a generic math interface reached through a floating-point type parameter (<c>T.Exp</c>,
    /// <c>T.One</c>, <c>T.CreateChecked</c>, the operators of <c>IAdditionOperators&lt;T, T, T&gt;</c>): that type parameter.
    /// </summary>
    public static ITypeParameterSymbol? ReceiverOf(ISymbol? member)
        => member is { IsStatic: true, ContainingType: { TypeKind: TypeKind.Interface, TypeArguments.Length: >= 1 } owner }
            && owner.ContainingNamespace?.ToDisplayString() == Numerics
            && owner.TypeArguments[0] is ITypeParameterSymbol parameter && IsFloatingTypeParameter(parameter)
            ? parameter
            : null;

    /// <summary>
    /// Why a generic [Differentiable] method cannot be differentiated, with where to say so; null when it can: it has
    /// one type parameter, constrained to floating-point number interfaces, and returns it.
    /// </summary>
    public static (string Problem, LocationInfo? Where)? Check(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        var where = syntax.TypeParameterList is { } list ? LocationInfo.From(list) : LocationInfo.From(syntax.Identifier);
        var floating = new List<ITypeParameterSymbol>();
        foreach (var parameter in method.TypeParameters)
        {
            var at = syntax.TypeParameterList?.Parameters.ElementAtOrDefault(parameter.Ordinal) is { } p ? LocationInfo.From(p) : where;
            if (IsFloatingTypeParameter(parameter))
            {
                floating.Add(parameter);
            }
            else if (parameter.ConstraintTypes.IsEmpty)
            {
                return ("its type parameter '" + parameter.Name + "' is unconstrained", at);
            }
            else if (Implies(parameter, "IBinaryInteger"))
            {
                return ("its type parameter '" + parameter.Name + "' is an integer type (IBinaryInteger<" + parameter.Name + ">)", at);
            }
            else
            {
                return ("the constraints of its type parameter '" + parameter.Name + "' are not floating-point number interfaces", at);
            }
        }

        if (floating.Count > 1)
        {
            return ("it has " + floating.Count + " floating-point type parameters", where);
        }

        // A void method's results are its out parameters or the spans it writes (void F<T>(ReadOnlySpan<T> x, Span<T> y)).
        var resultsOfT = method.ReturnsVoid && method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, floating[0])
            || TypeClassifier.ElementOf(p.Type) is { } element && SymbolEqualityComparer.Default.Equals(element, floating[0]));
        if (!resultsOfT && (method.ReturnType is not ITypeParameterSymbol returned || !SymbolEqualityComparer.Default.Equals(returned, floating[0])))
        {
            return ("its type parameter '" + floating[0].Name + "' is not the type of its value (it returns '" + TypeClassifier.Display(method.ReturnType) + "')", LocationInfo.From(syntax.ReturnType));
        }

        return null;
    }

    /// <summary>
    /// What the derivative code of <paramref name="rule"/> calls on <paramref name="parameter"/> that its constraints do
    /// not provide (the derivative of <c>T.Asin</c> takes <c>T.Sqrt</c>, of <c>T.Abs</c> compares with zero), said for a
    /// message; null when they provide everything. <paramref name="constant"/>: the arguments that are constants, whose
    /// partials are never emitted.
    /// </summary>
    public static string? MissingForDerivative(ITypeParameterSymbol parameter, MathRule rule, IReadOnlyList<bool> constant)
    {
        var type = new TypeRef(ValueKind.Generic, parameter.Name);
        var arguments = Enumerable.Range(0, rule.Arity).Select(i => (CodeExpr)new NameCode("a" + i)).ToList();
        var context = new RuleContext(type, arguments, new NameCode("value"));
        var used = new List<CodeExpr>();
        for (var i = 0; i < rule.Arity; i++)
        {
            if (!constant[i] && !rule.IntegerArguments.Contains(i) && rule.Partial(context, i) is { } partial)
            {
                used.Add(partial);
            }
        }

        foreach (var code in used.SelectMany(Walk))
        {
            switch (code)
            {
                case CallCode call when call.Target.StartsWith(parameter.Name + ".", System.StringComparison.Ordinal)
                    && call.Target.Substring(parameter.Name.Length + 1) is var function && !HasStaticMember(parameter, function):
                    return parameter.Name + "." + function + ", which its constraints do not provide (add " + InterfaceOf(function) + "<" + parameter.Name + ">)";
                case BinaryCode { Op: "<" or ">" or "<=" or ">=" } when !Implies(parameter, "IComparisonOperators"):
                    return "comparisons of " + parameter.Name + " values, which its constraints do not provide (add INumber<" + parameter.Name + ">)";
            }
        }

        return null;
    }

    /// <summary>Whether <c>T.name</c> exists: a static member of one of the interfaces <paramref name="parameter"/> is constrained to.</summary>
    public static bool HasStaticMember(ITypeParameterSymbol parameter, string name)
        => parameter.ConstraintTypes.OfType<INamedTypeSymbol>()
            .SelectMany(c => new[] { c }.Concat(c.AllInterfaces))
            .Any(i => i.GetMembers(name).Any(m => m.IsStatic));

    /// <summary>The generic math interface that provides a function, for advice.</summary>
    public static string InterfaceOf(string function)
        => function switch
        {
            "Sqrt" or "Cbrt" or "Hypot" or "RootN" => "IRootFunctions",
            "Sin" or "Cos" or "Tan" or "Asin" or "Acos" or "Atan" or "SinPi" or "CosPi" => "ITrigonometricFunctions",
            "Sinh" or "Cosh" or "Tanh" or "Asinh" or "Acosh" or "Atanh" => "IHyperbolicFunctions",
            "Exp" or "Exp2" or "Exp10" or "ExpM1" => "IExponentialFunctions",
            "Log" or "Log2" or "Log10" or "LogP1" or "Log2P1" => "ILogarithmicFunctions",
            "Pow" => "IPowerFunctions",
            "Floor" or "Ceiling" or "Round" or "Truncate" => "IFloatingPoint",
            "Abs" => "INumberBase",
            "Max" or "Min" or "Clamp" or "CopySign" or "Sign" => "INumber",
            _ => "IFloatingPointIeee754",
        };

    private static IEnumerable<CodeExpr> Walk(CodeExpr code)
    {
        yield return code;
        var children = code switch
        {
            BinaryCode b => new[] { b.Left, b.Right },
            UnaryCode u => new[] { u.Operand },
            CastCode c => new[] { c.Operand },
            ConditionalCode c => new[] { c.Condition, c.WhenTrue, c.WhenFalse },
            CallCode c => c.Arguments.ToArray(),
            _ => System.Array.Empty<CodeExpr>(),
        };
        foreach (var child in children.SelectMany(Walk))
        {
            yield return child;
        }
    }

    /// <summary>The type parameter list of the generated methods, e.g. <c>&lt;T&gt;</c>; empty for a method that has none.</summary>
    public static string TypeParameters(IMethodSymbol method)
        => method.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">";

    /// <summary>The constraint clauses, fully qualified, e.g. <c> where T : global::System.Numerics.IFloatingPointIeee754&lt;T&gt;</c>.</summary>
    public static string Constraints(IMethodSymbol method)
    {
        var clauses = new List<string>();
        foreach (var parameter in method.TypeParameters)
        {
            var parts = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                parts.Add("class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            parts.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(TypeClassifier.TypeFormat)));
            if (parameter.HasConstructorConstraint)
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                clauses.Add(" where " + parameter.Name + " : " + string.Join(", ", parts));
            }
        }

        return string.Concat(clauses);
    }
}
