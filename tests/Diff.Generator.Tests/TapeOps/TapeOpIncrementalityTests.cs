using System.Collections.Immutable;
using DiffGen.Generator.Tests.Incremental;
using DiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests.TapeOps;

/// <summary>The <c>[TapeOp]</c> branch of the pipeline is as incremental as the rest (see <see cref="IncrementalityTests"/>).</summary>
public class TapeOpIncrementalityTests
{
    private const string Lifted = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Acts
        {
            [Differentiable, TapeOp] public static float Swish(float x) => x / (1f + MathF.Exp(-x));
            [Differentiable, TapeOp] public static float Clip(float x, [NoDerivative] float limit) => limit * MathF.Tanh(x / limit);
            [TapeOp] public static float Broken(float x) => x;
        }
        """;

    private const string Unrelated = """
        namespace App;
        public static class Greeter
        {
            public static string Hello(string name) => "Hello " + name;
        }
        """;

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.TapeOpParse, TrackingNames.TapeOpDiagnostics, TrackingNames.TapeOpRuntime, TrackingNames.TapeOps, TrackingNames.TapeOpTypes,
    };

    [Fact]
    public void An_edit_to_an_unrelated_file_leaves_every_TapeOp_step_cached_or_unchanged()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Lifted, Unrelated), trackSteps: true);
        Assert.Contains(first.GeneratedFiles, f => f.HintName == "App.Acts.TapeOps.g.cs");
        IncrementalityTests.AssertUnrelatedEditStaysCached(first, Unrelated, TrackedSteps);
    }

    [Fact]
    public void No_TapeOp_pipeline_output_holds_a_symbol_a_syntax_node_or_a_compilation()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(Lifted, Unrelated), trackSteps: true);
        var result = run.Driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                IncrementalityTests.AssertHoldsNoCompilerObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }
}
