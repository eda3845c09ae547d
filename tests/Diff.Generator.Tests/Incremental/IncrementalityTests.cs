using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using DiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests.Incremental;

/// <summary>
/// The generator must not redo work when the user edits code that does not concern it, and its cached values must
/// not pin the compilation (no symbols, syntax nodes or compilations held in pipeline outputs).
/// </summary>
public class IncrementalityTests
{
    private const string Differentiable = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Loss
        {
            [Differentiable]
            public static double Huber(double r, double delta) => Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);

            [Differentiable]
            public static double Twice(double r) => 2 * Huber(r, 1);
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
        TrackingNames.Parse, TrackingNames.Generate, TrackingNames.Methods, TrackingNames.Types,
        TrackingNames.Diagnostics, TrackingNames.CallGraph,
    };

    [Fact]
    public void An_edit_to_an_unrelated_file_leaves_every_step_cached_or_unchanged()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Differentiable, Unrelated), trackSteps: true);
        AssertUnrelatedEditStaysCached(first, Unrelated, TrackedSteps);
    }

    /// <summary>
    /// Edits the unrelated source (file Input1.cs of <paramref name="first"/>) and reruns the driver: every step in
    /// <paramref name="steps"/> must be tracked and Cached or Unchanged, and every output Cached.
    /// </summary>
    internal static void AssertUnrelatedEditStaysCached(GeneratorHarness first, string unrelated, IEnumerable<string> steps)
    {
        var unrelatedTree = first.Input.SyntaxTrees.Single(t => t.FilePath == "Input1.cs");
        var edited = first.Input.ReplaceSyntaxTree(
            unrelatedTree,
            CSharpSyntaxTree.ParseText(unrelated.Replace("\"Hello \"", "\"Hi \""), GeneratorHarness.ParseOptions, path: "Input1.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in steps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), "Step " + step + " was not tracked.");
            var reasons = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " re-ran with " + r));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_one_method_regenerates_its_type_and_nothing_else_changes()
    {
        var other = """
            using DiffGen;
            namespace App;
            public static partial class Other
            {
                [Differentiable] public static double Cube(double x) => x * x * x;
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Differentiable, other), trackSteps: true);
        var tree = first.Input.SyntaxTrees.Single(t => t.FilePath == "Input1.cs");
        var edited = first.Input.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(other.Replace("x * x * x", "x * x * x * x"), GeneratorHarness.ParseOptions, path: "Input1.cs"));

        var second = first.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        var types = second.TrackedSteps[TrackingNames.Types].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(types, o => o.Reason == IncrementalStepRunReason.Modified && o.Value.ToString()!.Contains("App.Other"));
        Assert.Contains(types, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged && o.Value.ToString()!.Contains("App.Loss"));
        Assert.Contains("x * x * x * x", second.GeneratedSources.Single(s => s.HintName.StartsWith("App.Other", StringComparison.Ordinal)).SourceText.ToString());
    }

    [Fact]
    public void No_pipeline_output_holds_a_symbol_a_syntax_node_or_a_compilation()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(Differentiable, Unrelated), trackSteps: true);
        var result = run.Driver.GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertHoldsNoCompilerObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    internal static void AssertHoldsNoCompilerObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location, $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence)
            {
                AssertHoldsNoCompilerObjects(item, $"{path}[{i++}]", visited);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoCompilerObjects(field.GetValue(value), path + "." + field.Name, visited);
        }
    }
}
