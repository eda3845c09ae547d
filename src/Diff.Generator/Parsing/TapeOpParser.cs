using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// A <c>[TapeOp]</c> method → <see cref="TapeOpParseResult"/>: checks that the method can be lifted to an elementwise
/// tensor op (it is <c>[Differentiable]</c>, returns float, its first parameter is an active float and the others
/// are constants). Everything else about the method — static, partial, its body — is checked by
/// <see cref="MethodParser"/> for <c>[Differentiable]</c>; the op is emitted only when that succeeded.
/// </summary>
internal static class TapeOpParser
{
    public const string TapeOpAttribute = "DiffGen.TapeOpAttribute";

    public static TapeOpParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var method = (IMethodSymbol)context.TargetSymbol;
        var location = LocationInfo.From(syntax.Identifier);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ParseMethod(syntax, method, location);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, method.Name, ex.GetType().Name + ": " + ex.Message);
            return new TapeOpParseResult(null, new[] { diagnostic }.ToEquatableArray());
        }
    }

    private static TapeOpParseResult ParseMethod(MethodDeclarationSyntax syntax, IMethodSymbol method, LocationInfo? location)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (!TypeClassifier.IsDifferentiable(method))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TapeOpNotDifferentiable, location, method.Name));
        }

        var spanForm = method.Parameters.Length > 0 && TypeClassifier.IsArrayOrSpan(method.Parameters[0].Type);
        if (!method.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                spanForm ? DiagnosticDescriptors.TapeOpSpanSignature : DiagnosticDescriptors.TapeOpSignature,
                location,
                method.Name,
                "it is an instance method, and a tensor op calls a static one: make it static and pass what it reads from the instance as constants"));
        }

        if (method.ReturnType.SpecialType != SpecialType.System_Single || method.RefKind != RefKind.None)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                spanForm ? DiagnosticDescriptors.TapeOpSpanSignature : DiagnosticDescriptors.TapeOpSignature,
                LocationInfo.From(syntax.ReturnType),
                method.Name,
                $"it returns '{syntax.ReturnType}', but tensors hold float32 values: make it return float"));
        }

        if (method.Parameters.Length == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TapeOpSignature,
                location,
                method.Name,
                "it has no parameters: its first parameter, a float, receives each element of the tensor"));
        }

        if (spanForm)
        {
            return ParseSpanMethod(syntax, method, diagnostics);
        }

        var constants = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                continue; // DG0006, reported for [Differentiable]
            }

            var where = LocationInfo.From(syntax.ParameterList.Parameters[parameter.Ordinal]);
            var type = TypeClassifier.ToTypeRef(parameter.Type);
            var active = TypeClassifier.IsActive(parameter);
            if (parameter.Ordinal == 0)
            {
                if (type.Kind != ValueKind.Float)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TapeOpSignature,
                        where,
                        method.Name,
                        $"its first parameter '{parameter.Name}' is '{TypeClassifier.Display(parameter.Type)}', but it receives each element of a float32 tensor: make it float"));
                }
                else if (!active)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TapeOpSignature,
                        where,
                        method.Name,
                        $"its first parameter '{parameter.Name}' is [NoDerivative], but it is the one the op differentiates: remove [NoDerivative]"));
                }

                continue;
            }

            if (ParseConstant(syntax, method, parameter, DiagnosticDescriptors.TapeOpSignature, "an elementwise op", "only the first parameter varies per element", diagnostics) is { } constant)
            {
                constants.Add(constant);
            }
        }

        if (diagnostics.Count > 0 || method.Parameters.Length == 0 || method.Parameters[0].RefKind != RefKind.None)
        {
            return new TapeOpParseResult(null, diagnostics.ToEquatableArray());
        }

        return Model(method, TapeOpKind.Elementwise, new ParameterModel(method.Parameters[0].Name, TypeRef.Float, IsActive: true), null, constants);
    }

    /// <summary>
    /// The span forms: one active <c>ReadOnlySpan&lt;float&gt;</c> (a row op), a passive then an active one (a loss),
    /// or two active ones (the unit of a layer); then constants.
    /// </summary>
    private static TapeOpParseResult ParseSpanMethod(MethodDeclarationSyntax syntax, IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        const string Forms = "a span op is F(ReadOnlySpan<float> row, …), a loss F([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, …) or a layer unit F(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, …)";
        var spans = new List<IParameterSymbol>();
        var constants = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return new TapeOpParseResult(null, diagnostics.ToEquatableArray()); // DG0006, reported for [Differentiable]
            }

            var where = LocationInfo.From(syntax.ParameterList.Parameters[parameter.Ordinal]);
            if (constants.Count == 0 && TypeClassifier.IsArrayOrSpan(parameter.Type))
            {
                if (!IsReadOnlyFloatSpan(parameter.Type))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.TapeOpSpanSignature,
                        where,
                        method.Name,
                        $"parameter '{parameter.Name}' is '{TypeClassifier.Display(parameter.Type)}', but it receives a row of a float32 tensor: make it ReadOnlySpan<float>"));
                }
                else if (spans.Count == 2)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TapeOpSpanSignature, where, method.Name, $"parameter '{parameter.Name}' is a third span, but {Forms}"));
                }

                spans.Add(parameter);
                continue;
            }

            if (ParseConstant(syntax, method, parameter, DiagnosticDescriptors.TapeOpSpanSignature, "a span op", "only the leading spans vary per row", diagnostics) is { } constant)
            {
                constants.Add(constant);
            }
        }

        if (diagnostics.Count > 0)
        {
            return new TapeOpParseResult(null, diagnostics.ToEquatableArray());
        }

        var first = spans[0];
        var firstActive = TypeClassifier.IsActive(first);
        if (spans.Count == 1)
        {
            if (!firstActive)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TapeOpSpanSignature, LocationInfo.From(syntax.ParameterList.Parameters[0]), method.Name, $"its row parameter '{first.Name}' is [NoDerivative], but it is the one the op differentiates: remove [NoDerivative]"));
                return new TapeOpParseResult(null, diagnostics.ToEquatableArray());
            }

            return Model(method, TapeOpKind.Rowwise, SpanModel(first, true), null, constants);
        }

        var second = spans[1];
        var secondActive = TypeClassifier.IsActive(second);
        if (!secondActive)
        {
            var message = firstActive
                ? $"its second span '{second.Name}' is [NoDerivative]: for a loss, put the labels first and mark them [NoDerivative] — F([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)"
                : $"neither '{first.Name}' nor '{second.Name}' is differentiated: remove [NoDerivative] from '{second.Name}'";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TapeOpSpanSignature, LocationInfo.From(syntax.ParameterList.Parameters[1]), method.Name, message));
            return new TapeOpParseResult(null, diagnostics.ToEquatableArray());
        }

        return Model(method, firstActive ? TapeOpKind.Units : TapeOpKind.Loss, SpanModel(first, firstActive), SpanModel(second, true), constants);
    }

    private static ParameterModel SpanModel(IParameterSymbol parameter, bool active)
        => new(parameter.Name, TypeClassifier.ToTypeRef(parameter.Type), active);

    private static bool IsReadOnlyFloatSpan(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "ReadOnlySpan", IsGenericType: true } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && named.TypeArguments[0].SpecialType == SpecialType.System_Single;

    /// <summary>A further parameter: a constant of the op when passive and a number, integer or bool; else a diagnostic.</summary>
    private static ParameterModel? ParseConstant(MethodDeclarationSyntax syntax, IMethodSymbol method, IParameterSymbol parameter, DiagnosticDescriptor descriptor, string opKind, string varies, List<DiagnosticInfo> diagnostics)
    {
        var where = LocationInfo.From(syntax.ParameterList.Parameters[parameter.Ordinal]);
        var type = TypeClassifier.ToTypeRef(parameter.Type);
        if (TypeClassifier.IsActive(parameter))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                descriptor,
                where,
                method.Name,
                $"parameter '{parameter.Name}' would be differentiated, but {varies}: mark it [NoDerivative] to make it a constant of the op"));
            return null;
        }

        if (type.Kind is not (ValueKind.Float or ValueKind.Double or ValueKind.Integral or ValueKind.Bool))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                descriptor,
                where,
                method.Name,
                $"parameter '{parameter.Name}' has type '{TypeClassifier.Display(parameter.Type)}', but the constants of {opKind} are [NoDerivative] numbers, integers or bools"));
            return null;
        }

        return new ParameterModel(parameter.Name, type, IsActive: false);
    }

    /// <summary>
    /// Whether <paramref name="method"/> has exactly the leading parameters of <paramref name="kind"/> and no constants,
    /// so that it gets the <c>FActivation</c> (elementwise) or <c>FLoss</c> (loss) property.
    /// </summary>
    private static bool IsConstantFreeForm(IMethodSymbol method, TapeOpKind kind)
    {
        var parameters = method.Parameters;
        return kind switch
        {
            TapeOpKind.Elementwise => parameters.Length == 1 && !TypeClassifier.IsArrayOrSpan(parameters[0].Type),
            TapeOpKind.Loss => parameters.Length == 2
                && TypeClassifier.IsArrayOrSpan(parameters[0].Type) && !TypeClassifier.IsActive(parameters[0])
                && TypeClassifier.IsArrayOrSpan(parameters[1].Type) && TypeClassifier.IsActive(parameters[1]),
            _ => false,
        };
    }

    private static TapeOpParseResult Model(IMethodSymbol method, TapeOpKind kind, ParameterModel element, ParameterModel? second, List<ParameterModel> constants)
    {
        var containing = MethodParser.HierarchyOf(method);
        var typeNames = new List<string>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            typeNames.Insert(0, type.Name);
        }

        var overload = method.ContainingType.GetMembers(method.Name)
            .OfType<IMethodSymbol>()
            .Where(m => TypeClassifier.HasAttribute(m, TapeOpAttribute))
            .ToList()
            .FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));

        var model = new TapeOpModel(
            containing,
            method.GetDocumentationCommentId() ?? method.ToDisplayString(),
            method.Name,
            TypeClassifier.Accessibility(method.DeclaredAccessibility),
            kind,
            element,
            second,
            constants.ToEquatableArray(),
            string.Join(".", typeNames) + "." + method.Name,
            "_" + method.Name + kind.ToString() + (overload > 0 ? (overload + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty),
            constants.Count > 0 && method.ContainingType.GetMembers(method.Name)
                .OfType<IMethodSymbol>()
                .Any(m => TypeClassifier.HasAttribute(m, TapeOpAttribute) && IsConstantFreeForm(m, kind)));
        return new TapeOpParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }
}
