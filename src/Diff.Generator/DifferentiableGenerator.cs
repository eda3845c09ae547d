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
            .Select(static (g, _) => g.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var recursion = parsed
            .Select(static (p, _) => new ParseResult(null, p.MethodId, null, EquatableArray<DiagnosticInfo>.Empty, p.Calls))
            .Collect()
            .Select(static (all, _) => CallGraph.FindRecursion(all))
            .WithTrackingName(TrackingNames.CallGraph);
        context.RegisterSourceOutput(recursion, static (spc, list) =>
        {
            foreach (var diagnostic in list)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var types = generated
            .Where(static g => g.Method is not null)
            .Select(static (g, _) => g.Method!)
            .WithTrackingName(TrackingNames.Methods)
            .Collect()
            .SelectMany(static (methods, _) => methods
                .GroupBy(m => m.Containing)
                .OrderBy(g => g.Key.FullName, System.StringComparer.Ordinal)
                .Select(g => new GeneratedType(g.Key, g.OrderBy(m => m.Name, System.StringComparer.Ordinal).ThenBy(m => m.Code, System.StringComparer.Ordinal).ToEquatableArray())))
            .WithTrackingName(TrackingNames.Types);
        context.RegisterSourceOutput(types, static (spc, type) => spc.AddSource(type.HintName, FileEmitter.Emit(type)));

        TapeOpPipeline.Register(context, parsed);
    }
}
