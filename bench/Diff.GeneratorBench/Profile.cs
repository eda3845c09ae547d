using System.Diagnostics;
using DiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

/// <summary>
/// Where the generator's time goes, measured from outside (no instrumentation in the generator): each on a new
/// compilation of the same sources, the same <c>ForAttributeWithMetadataName</c> with a transform that does nothing
/// (Roslyn finding the methods), one that only binds each body to its <see cref="IOperation"/> tree (Roslyn's binding),
/// and DiffGen's generator (all of it: binding, our parse, lowering, differentiation, emitting).
/// </summary>
internal static class Profile
{
    public static string Split(DriverBench bench)
    {
        var find = Time(new FindOnly(), bench.NewCompilation());
        var bind = Time(new BindOnly(), bench.NewCompilation());
        var full = Time(new DifferentiableGenerator(), bench.NewCompilation());
        // The same cold run with step tracking: each named step's own time (IncrementalGeneratorRunStep.ElapsedTime).
        var tracked = DriverBench.Driver(new DifferentiableGenerator(), track: true).RunGenerators(bench.NewCompilation()).GetRunResult().Results.Single();
        var steps = string.Join(", ", tracked.TrackedSteps.Concat(tracked.TrackedOutputSteps)
            .Select(p => (p.Key, Ms: p.Value.Sum(s => s.ElapsedTime.TotalMilliseconds)))
            .Where(p => p.Ms >= 0.5)
            .OrderByDescending(p => p.Ms)
            .Select(p => $"{p.Key} {p.Ms:F0}"));
        return $"steps (ms): {steps}\n" +
               $"find {find:F1} ms, find + bind {bind:F1} ms, DiffGen {full:F1} ms: binding ≈ {bind - find:F1} ms, DiffGen's own work ≈ {full - bind:F1} ms (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})";
    }

    /// <summary>
    /// The edit sequence of the main benchmark with a generator that only finds the methods (Roslyn's own
    /// <c>ForAttributeWithMetadataName</c> work on a new compilation: a semantic model per file, each method's symbol
    /// and attributes) and with DiffGen, alternately, medians of <paramref name="repetitions"/>: what is left of a
    /// rerun above the floor any such generator pays.
    /// </summary>
    public static string Reruns(DriverBench bench, int repetitions)
    {
        var find = new List<Timing[]>();
        var full = new List<Timing[]>();
        for (var r = 0; r < repetitions; r++)
        {
            find.Add(bench.RunSequence(new FindOnly(), track: false));
            full.Add(bench.RunSequence(new DifferentiableGenerator(), track: false));
        }

        static string Median(List<Timing[]> runs, int s)
        {
            var wall = runs.Select(x => x[s].Wall).OrderBy(v => v).ToArray();
            return $"{wall[wall.Length / 2]:F1} ({wall[0]:F1}–{wall[^1]:F1})";
        }

        string[] names = { "cold", "add file", "edit other", "edit method" };
        return string.Join("\n", names.Select((n, s) => $"{n}: find only {Median(find, s)} ms, DiffGen {Median(full, s)} ms"))
               + $"\n(load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})";
    }

    public static string Startup()
    {
        const string source = """
            using System;
            using DiffGen;
            namespace OneMethod;
            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double x, double y)
                {
                    double r = Math.Sin(x) * y + x * x;
                    return r * r;
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs");
        var bind = Time(new BindOnly(), DriverBench.Compile(new[] { tree }));
        var first = Time(new DifferentiableGenerator(), DriverBench.Compile(new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs") }));
        var second = Time(new DifferentiableGenerator(), DriverBench.Compile(new[] { CSharpSyntaxTree.ParseText(source.Replace("x * x", "x * x * x"), new CSharpParseOptions(LanguageVersion.Latest), path: "Model.cs") }));
        return $"fresh process, one method: a bind-only generator first {bind:F1} ms (Roslyn's start-up), then DiffGen {first:F1} ms (its start-up: JIT, static initialisation), then DiffGen again on an edited copy {second:F1} ms";
    }

    private static double Time(IIncrementalGenerator generator, Compilation compilation)
    {
        var driver = DriverBench.Driver(generator);
        var stopwatch = Stopwatch.StartNew();
        driver.RunGenerators(compilation);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private sealed class FindOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                "DiffGen.DifferentiableAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (c, _) => c.TargetSymbol.Name);
            context.RegisterSourceOutput(names.Collect(), static (_, _) => { });
        }
    }

    private sealed class BindOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var counts = context.SyntaxProvider.ForAttributeWithMetadataName(
                "DiffGen.DifferentiableAttribute",
                static (node, _) => node is MethodDeclarationSyntax,
                static (c, t) => c.SemanticModel.GetOperation(c.TargetNode, t)?.Descendants().Count() ?? 0);
            context.RegisterSourceOutput(counts.Collect(), static (_, _) => { });
        }
    }
}
