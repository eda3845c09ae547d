using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Syntax + semantic model → <see cref="ParseResult"/>: the only stage that sees symbols and syntax. Checks the
/// method's signature and containing types, then hands the body to <see cref="BodyParser"/>.
/// </summary>
internal static class MethodParser
{
    /// <summary>The transform: a result remembered from an earlier compilation when nothing it depends on changed.</summary>
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        => ParseCache.GetOrParse(context, cancellationToken, static (c, t) => ParseUncached(c, t));

    private static (ParseResult Result, bool Cacheable) ParseUncached(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var method = (IMethodSymbol)context.TargetSymbol;
        var methodId = method.GetDocumentationCommentId() ?? method.ToDisplayString();
        var location = LocationInfo.From(syntax.Identifier);
        try
        {
            return (ParseMethod(context.SemanticModel, syntax, method, methodId, location, cancellationToken), true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, method.Name, ex.GetType().Name + ": " + ex.Message);
            return (new ParseResult(null, methodId, location, new[] { diagnostic }.ToEquatableArray(), EquatableArray<CallSite>.Empty), false);
        }
    }

    private static ParseResult ParseMethod(
        SemanticModel semanticModel,
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        string methodId,
        LocationInfo? location,
        CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        CheckContainingTypes(syntax, method, diagnostics);
        var written = ArrayOutputs.WrittenParameters(method, semanticModel.Compilation);
        CheckSignature(syntax, method, location, written, diagnostics);
        // A generic method that is not generic math is one error (DG0015), not one per parameter of its type.
        var parameters = diagnostics.Any(d => d.Id == DiagnosticDescriptors.GenericMethod.Id) ? null : ParseParameters(syntax, method, written, diagnostics);

        if (diagnostics.Count > 0)
        {
            // The signature is unusable: report that alone rather than everything it makes the body look like.
            return new ParseResult(null, methodId, location, diagnostics.ToEquatableArray(), EquatableArray<CallSite>.Empty);
        }

        var body = semanticModel.GetOperation(syntax, cancellationToken) as IMethodBodyOperation;
        var block = body?.BlockBody ?? body?.ExpressionBody;
        if (block is null)
        {
            if (syntax.Body is null && syntax.ExpressionBody is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingBody, location, method.Name));
            }

            return new ParseResult(null, methodId, location, diagnostics.ToEquatableArray(), EquatableArray<CallSite>.Empty);
        }

        var bodyParser = new BodyParser(method, semanticModel, diagnostics, cancellationToken);
        var statements = bodyParser.ParseBody(block, method.Parameters.Where(p => written.Contains(p.Ordinal)));
        var calls = bodyParser.Calls.ToEquatableArray();

        if (diagnostics.Count > 0 || bodyParser.HasInvalidCode || parameters is null)
        {
            // Nothing is generated for a method with errors: its diagnostics say why, and user code that has
            // compiler errors of its own gets no extra noise from us.
            return new ParseResult(null, methodId, location, diagnostics.ToEquatableArray(), calls);
        }

        var model = new MethodModel(
            HierarchyOf(method),
            method.Name,
            TypeClassifier.Accessibility(method.DeclaredAccessibility),
            // A void method is lowered as one returning 0, a constant nobody differentiates; only its outs are results.
            method.ReturnsVoid ? TypeRef.Double : TypeClassifier.ToTypeRef(method.ReturnType),
            parameters.ToEquatableArray(),
            bodyParser.Locals.ToEquatableArray(),
            statements.ToEquatableArray()) { Throws = bodyParser.Throws, IsInstance = !method.IsStatic, IsVoid = method.ReturnsVoid, FlatArrays = bodyParser.FlatArrays.ToEquatableArray(), FieldInputs = bodyParser.FieldInputs.ToEquatableArray(), ArrayOutputs = bodyParser.ArrayOutputs.ToEquatableArray(), TypeParameters = GenericMathTypes.TypeParameters(method), Constraints = GenericMathTypes.Constraints(method) };
        return new ParseResult(model, methodId, location, EquatableArray<DiagnosticInfo>.Empty, calls);
    }

    private static void CheckContainingTypes(MethodDeclarationSyntax syntax, IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        foreach (var type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TypeNotPartial,
                    LocationInfo.From(type.Identifier),
                    type.Identifier.ValueText,
                    method.Name));
            }
        }
    }

    private static void CheckSignature(MethodDeclarationSyntax syntax, IMethodSymbol method, LocationInfo? location, HashSet<int> written, List<DiagnosticInfo> diagnostics)
    {
        if (!method.IsStatic && method.ContainingType.TypeKind == TypeKind.Interface)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, location, method.Name));
        }

        if (method.IsGenericMethod && GenericMathTypes.Check(method, syntax) is { } generic)
        {
            // Generic math (T where T : IFloatingPointIeee754<T>) is differentiated; anything else generic is not.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, generic.Where ?? location, method.Name, generic.Problem));
            return;
        }

        if (!(TypeClassifier.ToTypeRef(method.ReturnType).IsFloating || IsVoidWithResults(method) || method.ReturnsVoid && written.Count > 0) || method.RefKind != RefKind.None)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType,
                LocationInfo.From(syntax.ReturnType),
                method.Name,
                syntax.ReturnType.ToString()));
        }
    }

    /// <summary>
    /// A void method whose results are floating-point out parameters (<c>void SinCos(double x, out double s, out double c)</c>);
    /// one whose results are the arrays it writes is recognised from its body (<see cref="ArrayOutputs"/>).
    /// </summary>
    internal static bool IsVoidWithResults(IMethodSymbol method)
        => method.ReturnsVoid && method.Parameters.Any(p => p.RefKind is RefKind.Out or RefKind.Ref && TypeClassifier.ToTypeRef(p.Type).IsFloating);

    /// <summary>The parameters, each active or passive; null (with diagnostics) when one cannot be handled.</summary>
    private static List<ParameterModel>? ParseParameters(MethodDeclarationSyntax syntax, IMethodSymbol method, HashSet<int> written, List<DiagnosticInfo> diagnostics)
    {
        var result = new List<ParameterModel>();
        var ok = true;
        foreach (var parameter in method.Parameters)
        {
            var parameterSyntax = syntax.ParameterList.Parameters[parameter.Ordinal];
            var where = LocationInfo.From(parameterSyntax);
            var type = TypeClassifier.ToTypeRef(parameter.Type);
            var noDerivative = TypeClassifier.HasAttribute(parameter, TypeClassifier.NoDerivativeAttribute);
            if (written.Contains(parameter.Ordinal))
            {
                // An array the body writes: an input (its elements on entry) and an output (its elements on return).
                result.Add(new ParameterModel(parameter.Name, type, TypeClassifier.IsActive(parameter)) { IsArrayOutput = true, OutIsDifferentiable = !noDerivative });
                continue;
            }

            if (parameter.RefKind == RefKind.Out && type.Kind is not (ValueKind.Other or ValueKind.Array))
            {
                // A further result (double F(double x, out double dfdx)): its adjoint is an input of Pullback.
                result.Add(new ParameterModel(parameter.Name, type, false) { IsOut = true, OutIsDifferentiable = !noDerivative });
                continue;
            }

            if (parameter.RefKind == RefKind.Ref && type.Kind is ValueKind.Double or ValueKind.Float or ValueKind.Integral or ValueKind.Bool or ValueKind.Generic)
            {
                // An input and a further result (void Step(ref double x, double h)): its final value's adjoint is a seed.
                result.Add(new ParameterModel(parameter.Name, type, TypeClassifier.IsActive(parameter)) { IsRef = true, OutIsDifferentiable = !noDerivative });
                continue;
            }

            // An 'in' parameter is read-only: to differentiation an input like a value parameter.
            if (parameter.RefKind is not (RefKind.None or RefKind.In))
            {
                var modifier = parameter.RefKind switch
                {
                    RefKind.Out => "out",
                    RefKind.RefReadOnlyParameter => "ref readonly",
                    _ => "ref",
                };
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RefParameter, where, parameter.Name, modifier));
                ok = false;
            }
            else if (TypeClassifier.IsArrayOrSpan(parameter.Type) && type.Kind != ValueKind.Array)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedArray, where, "A parameter of type '" + TypeClassifier.Display(parameter.Type) + "'", BodyParser.ArrayAdvice));
                ok = false;
            }
            else if (!noDerivative && type.Kind == ValueKind.Other && !TypeClassifier.CarriesNoDerivative(parameter.Type) && TypeClassifier.StructFieldsOf(parameter.Type) is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, where, parameter.Name, TypeClassifier.Display(parameter.Type)));
                ok = false;
            }

            var structFields = !noDerivative ? TypeClassifier.StructFieldsOf(parameter.Type) : null;
            result.Add(new ParameterModel(parameter.Name, type, TypeClassifier.IsActive(parameter))
            {
                IsIn = parameter.RefKind == RefKind.In,
                StructFields = structFields?.ToEquatableArray() ?? EquatableArray<StructField>.Empty,
            });
        }

        var names = new HashSet<string>(result.Select(p => p.Name));
        foreach (var parameter in result.Where(p => p.IsActive && names.Contains(p.GradientName)))
        {
            var parameterSyntax = syntax.ParameterList.Parameters.First(p => p.Identifier.ValueText == parameter.GradientName);
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.GradientNameClash,
                LocationInfo.From(parameterSyntax.Identifier),
                parameter.Name,
                parameter.GradientName,
                method.Name));
            ok = false;
        }

        return ok ? result : null;
    }

    internal static TypeHierarchy HierarchyOf(IMethodSymbol method)
    {
        var types = new List<TypeDeclarationInfo>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            var name = type.TypeParameters.Length == 0
                ? type.Name
                : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">";
            types.Insert(0, new TypeDeclarationInfo(keyword, name));
        }

        var ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
        var fullName = method.ContainingType!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        return new TypeHierarchy(ns, types.ToEquatableArray(), fullName);
    }
}
