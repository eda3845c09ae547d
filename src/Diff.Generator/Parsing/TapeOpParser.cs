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

        if (method.ReturnType.SpecialType != SpecialType.System_Single || method.RefKind != RefKind.None)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TapeOpSignature,
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

            if (active)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TapeOpSignature,
                    where,
                    method.Name,
                    $"parameter '{parameter.Name}' would be differentiated, but only the first parameter varies per element: mark it [NoDerivative] to make it a constant of the op"));
            }
            else if (type.Kind is not (ValueKind.Float or ValueKind.Double or ValueKind.Integral or ValueKind.Bool))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TapeOpSignature,
                    where,
                    method.Name,
                    $"parameter '{parameter.Name}' has type '{TypeClassifier.Display(parameter.Type)}', but the constants of an elementwise op are [NoDerivative] numbers, integers or bools"));
            }
            else
            {
                constants.Add(new ParameterModel(parameter.Name, type, IsActive: false));
            }
        }

        if (diagnostics.Count > 0 || method.Parameters.Length == 0 || method.Parameters[0].RefKind != RefKind.None)
        {
            return new TapeOpParseResult(null, diagnostics.ToEquatableArray());
        }

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
            new ParameterModel(method.Parameters[0].Name, TypeRef.Float, IsActive: true),
            constants.ToEquatableArray(),
            string.Join(".", typeNames) + "." + method.Name,
            "_" + method.Name + "Elementwise" + (overload > 0 ? (overload + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty));
        return new TapeOpParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }
}
