using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Emitting;
using DiffGen.Generator.Model;
using DiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator;

/// <summary>
/// The <c>[TapeOp]</c> half of the generator: lifts <c>[Differentiable]</c> scalar functions to elementwise tensor ops.
/// A separate branch of the pipeline with its own outputs (<c>*.TapeOps.g.cs</c>), so methods without
/// <c>[TapeOp]</c> generate exactly what they did before.
/// </summary>
internal static class TapeOpPipeline
{
    /// <summary>The runtime type the emitted ops call; without it (no DiffGen runtime referenced) nothing is emitted.</summary>
    public const string LiftedOpsType = "DiffGen.Generated.LiftedOps";

    /// <param name="parsed">The parsed <c>[Differentiable]</c> methods: an op is emitted only when its method parsed cleanly.</param>
    /// <param name="emitted">The ids of the methods whose gradients are emitted (a caller of a failed method has none).</param>
    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed, IncrementalValueProvider<Boxed<EquatableArray<string>>> emitted)
    {
        var ops = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TapeOpParser.TapeOpAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (syntax, cancellationToken) => TapeOpParser.Parse(syntax, cancellationToken))
            .WithTrackingName(TrackingNames.TapeOpParse);

        var diagnostics = ops
            .Select(static (op, _) => Boxed.Of(op.Diagnostics))
            .WithTrackingName(TrackingNames.TapeOpDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list.Value)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var runtime = context.CompilationProvider
            .Select(static (compilation, _) => Boxed.Of(compilation.GetTypeByMetadataName(LiftedOpsType) is not null))
            .WithTrackingName(TrackingNames.TapeOpRuntime);

        // The [Differentiable] halves that parsed cleanly, by id: an op is emitted only beside its gradients, and an
        // elementwise op's vectorised body is printed from its method's model. None without the runtime's ops type.
        var differentiable = parsed
            .Where(static p => p.Method is not null)
            .Collect()
            .Combine(emitted)
            .Select(static (x, _) => Boxed.Of(x.Left.Where(p => x.Right.Value.Contains(p.MethodId)).ToEquatableArray()))
            .Combine(runtime)
            .Select(static (x, _) => x.Right.Value ? x.Left : Boxed.Of(EquatableArray<ParseResult>.Empty));

        var lifted = ops
            .Where(static op => op.Op is not null)
            .Select(static (op, _) => op.Op!)
            .Combine(differentiable)
            .Where(static x => x.Right.Value.Any(p => p.MethodId == x.Left.MethodId))
            .Select(static (x, _) =>
            {
                var op = x.Left;
                var method = op.Kind == TapeOpKind.Elementwise ? x.Right.Value.First(p => p.MethodId == op.MethodId).Method : null;
                return new LiftedOp(op, method);
            })
            .WithTrackingName(TrackingNames.TapeOpMethods)
            .Select(static (x, _) => TapeOpEmitter.Emit(x.Op, x.Method))
            .WithTrackingName(TrackingNames.TapeOps)
            .Collect()
            .SelectMany(static (methods, _) => methods
                .GroupBy(m => m.Containing)
                .OrderBy(g => g.Key.FullName, System.StringComparer.Ordinal)
                .Select(g => new GeneratedType(g.Key, g.OrderBy(m => m.Name, System.StringComparer.Ordinal).ThenBy(m => m.Code, System.StringComparer.Ordinal).ToEquatableArray())))
            .WithTrackingName(TrackingNames.TapeOpTypes);
        context.RegisterSourceOutput(lifted, static (spc, type) => spc.AddSource(TapeOpEmitter.HintName(type), FileEmitter.Emit(type)));
    }
}
