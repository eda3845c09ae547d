using System.Linq;
using DiffGen.Generator.Emitting;
using DiffGen.Generator.Model;
using DiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator;

/// <summary>
/// The incremental generator: for every <c>[Differentiable]</c> method, parse → lower → differentiate → emit.
/// This class only wires the stages; each lives in its own folder.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TypeClassifier.DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (syntax, cancellationToken) => MethodParser.Parse(syntax, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var generated = parsed
            .Select(static (method, _) => MethodGeneration.From(method))
            .WithTrackingName(TrackingNames.Generate);

        var diagnostics = generated
            .Select(static (g, _) => Boxed.Of(g.Diagnostics))
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list.Value.Where(d => !d.IsWarning))
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // Whole program: a caller of a method that failed gets no code (one error instead of compiler errors).
        var program = generated
            .Collect()
            .Select(static (all, _) => CallGraph.Resolve(all))
            .WithTrackingName(TrackingNames.CallGraph);
        var emittedIds = program.Select(static (p, _) => Boxed.Of(p.MethodIds));

        // Warnings are located in the user's syntax trees, so that #pragma warning disable applies to them, and only
        // for methods that get code (a method with no gradient because a callee failed has that error alone). Only
        // the (few) methods that have one re-run this on an edit; everything else stays cached.
        var warnings = generated
            .Select(static (g, _) => new MethodWarnings(g.MethodId, g.Diagnostics.Where(d => d.IsWarning).ToEquatableArray()))
            .Where(static w => w.Warnings.Count > 0)
            .Combine(emittedIds)
            .Where(static pair => pair.Right.Value.Contains(pair.Left.MethodId))
            .Select(static (pair, _) => pair.Left)
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(warnings, static (spc, pair) =>
        {
            var (method, compilation) = pair;
            foreach (var diagnostic in method.Warnings)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
            }
        });
        context.RegisterSourceOutput(program.Select(static (p, _) => Boxed.Of(p.Diagnostics)), static (spc, list) =>
        {
            foreach (var diagnostic in list.Value)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var types = program
            .Select(static (p, _) => Boxed.Of(p.Methods))
            .WithTrackingName(TrackingNames.Methods)
            .SelectMany(static (methods, _) => methods.Value
                .GroupBy(m => m.Containing)
                .OrderBy(g => g.Key.FullName, System.StringComparer.Ordinal)
                .Select(g => new GeneratedType(g.Key, g.OrderBy(m => m.Name, System.StringComparer.Ordinal).ThenBy(m => m.Code, System.StringComparer.Ordinal).ToEquatableArray())))
            .WithTrackingName(TrackingNames.Types);
        context.RegisterSourceOutput(types, static (spc, type) => spc.AddSource(type.HintName, FileEmitter.Emit(type)));

        TapeOpPipeline.Register(context, parsed, emittedIds);
    }
}
