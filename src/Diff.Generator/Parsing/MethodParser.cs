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
            // A parse that substituted a struct member's body from elsewhere depends on that body, which the cache
            // does not track: such a method is parsed again on every run.
            var result = ParseMethod(context.SemanticModel, syntax, method, methodId, location, cancellationToken, out var inlinedSource);
            return (result, !inlinedSource);
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
        CancellationToken cancellationToken,
        out bool inlinedSource)
    {
        inlinedSource = false;
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

        var receiver = ActiveReceiver(syntax, method, diagnostics);
        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, methodId, location, diagnostics.ToEquatableArray(), EquatableArray<CallSite>.Empty);
        }

        var bodyParser = new BodyParser(method, semanticModel, diagnostics, cancellationToken) { ReceiverIsActive = receiver is not null };
        var statements = bodyParser.ParseBody(block, method.Parameters.Where(p => written.Contains(p.Ordinal)));
        var calls = bodyParser.Calls.ToEquatableArray();
        inlinedSource = bodyParser.InlinedSource;

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
            // A void method is lowered as one returning 0, a constant nobody differentiates; only its outs are results
            // (so is a method returning a struct, whose fields are out results).
            method.ReturnsVoid || StructResultOf(method) is not null ? TypeRef.Double : TypeClassifier.ToTypeRef(method.ReturnType),
            parameters.ToEquatableArray(),
            bodyParser.Locals.ToEquatableArray(),
            statements.ToEquatableArray()) { Throws = bodyParser.Throws, IsInstance = !method.IsStatic, IsVoid = method.ReturnsVoid || StructResultOf(method) is not null, StructResult = StructResultOf(method), FlatArrays = bodyParser.FlatArrays.ToEquatableArray(), FieldInputs = bodyParser.FieldInputs.ToEquatableArray(), ArrayOutputs = bodyParser.ArrayOutputs.ToEquatableArray(), ActiveReceiver = receiver, TypeParameters = GenericMathTypes.TypeParameters(method), Constraints = GenericMathTypes.Constraints(method), Modes = TypeClassifier.Modes(method) };
        return new ParseResult(model, methodId, location, EquatableArray<DiagnosticInfo>.Empty, calls);
    }

    /// <summary>
    /// The receiver of a <c>[Differentiable(WithRespectToThis = true)]</c> method as an active struct parameter named
    /// <c>this</c>; null for a passive receiver, or (reported) when it cannot be active.
    /// </summary>
    private static ParameterModel? ActiveReceiver(MethodDeclarationSyntax syntax, IMethodSymbol method, List<DiagnosticInfo> diagnostics)
    {
        if (!TypeClassifier.WithRespectToThis(method))
        {
            return null;
        }

        var attribute = syntax.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.ToString().Contains("WithRespectToThis"));
        var where = attribute is not null ? LocationInfo.From(attribute) : LocationInfo.From(syntax.Identifier);
        var reason = method.IsStatic ? "it is static and has no receiver: take the struct as a parameter instead"
            : method.ContainingType.TypeKind != TypeKind.Struct ? "'" + method.ContainingType.Name + "' is a class, shared by reference, so its fields are read as constants: make it a struct of double/float fields, or pass the values as parameters"
            : TypeClassifier.StructFieldsOf(method.ContainingType) is null ? "the fields of '" + method.ContainingType.Name + "' are not all double/float (or passive integer, bool or [NoDerivative] fields) with setters or init accessors: pass the values as parameters"
            : method.Parameters.Any(p => p.Name == "dthis") ? "a parameter is already named 'dthis', the receiver's gradient: rename it"
            : null;
        if (reason is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReceiverCannotBeActive, where, method.Name, reason));
            return null;
        }

        var fields = TypeClassifier.StructFieldsOf(method.ContainingType)!;
        return new ParameterModel("this", TypeClassifier.ToTypeRef(method.ContainingType), true) { StructFields = fields.ToEquatableArray() };
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

        if (!(TypeClassifier.ToTypeRef(method.ReturnType).IsFloating || IsVoidWithResults(method) || method.ReturnsVoid && written.Count > 0 || StructResultOf(method) is not null) || method.RefKind != RefKind.None)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType,
                LocationInfo.From(syntax.ReturnType),
                method.Name,
                syntax.ReturnType.ToString()));
        }
    }

    /// <summary>
    /// The struct a method returns, when it is a differentiable struct and the method has no other results (outs, refs,
    /// written arrays) and no parameter named like a result field; null otherwise.
    /// </summary>
    internal static StructResult? StructResultOf(IMethodSymbol method)
    {
        if (method.ReturnsVoid || TypeClassifier.StructFieldsOf(method.ReturnType) is not { } fields
            || method.Parameters.Any(p => p.RefKind is RefKind.Out or RefKind.Ref || fields.Any(f => Model.StructResult.ParameterName(f) == p.Name)))
        {
            return null;
        }

        return new StructResult(TypeClassifier.ToTypeRef(method.ReturnType), fields.ToEquatableArray());
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
            var type = TypeClassifier.ParameterTypeRef(parameter.Type);
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
            else if (!noDerivative && TypeClassifier.WhyNotDifferentiable(TypeClassifier.ElementOf(parameter.Type) ?? parameter.Type) is { } why)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StructNotDifferentiable, where, "Parameter '" + parameter.Name + "'", TypeClassifier.Display(parameter.Type), why));
                ok = false;
            }
            else if (!noDerivative && TypeClassifier.ElementOf(parameter.Type) is { } element && type.Kind != ValueKind.Array && TypeClassifier.StructFieldsOf(element) is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StructNotDifferentiable, where, "Parameter '" + parameter.Name + "'", TypeClassifier.Display(parameter.Type),
                    "a span or array of structs is read as one flat span of their fields, so every field must be active and of one type (all double or all float): move passive or differently typed fields out, or mark the parameter [NoDerivative]"));
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

        if (ok && StructResultOf(method) is { } structResult)
        {
            if (written.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), method.Name, syntax.ReturnType.ToString()));
                ok = false;
            }

            // The struct's fields are the results: out parameters after the method's own.
            foreach (var field in structResult.Fields)
            {
                result.Add(new ParameterModel(Model.StructResult.ParameterName(field), field.Type, false) { IsOut = true, OutIsDifferentiable = !field.Passive });
            }
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
