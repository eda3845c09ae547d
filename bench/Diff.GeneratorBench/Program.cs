using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Basic.Reference.Assemblies;
using DiffGen;
using DiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

// The generator alone, in memory: 100 [Differentiable] methods (ten of the benchmark workloads' primals, ten copies
// each in their own namespace), one file per method, plus one ordinary file without any. Per repetition, on a fresh
// compilation and a fresh GeneratorDriver:
//   cold          the first run
//   add file      rerun after adding an unrelated file (no [Differentiable] in it)
//   edit other    rerun after editing the ordinary file
//   edit method   rerun after editing one [Differentiable] method's body
// Times are wall-clock around GeneratorDriver.RunGenerators (the generator's own ElapsedTime too) and the process's
// CPU time over the same call (on a shared, loaded machine the wall time includes time the cores spent on others'
// work; the CPU time includes the runtime's background threads: GC, tiered JIT), median of N
// repetitions (default 5) after one warm-up repetition (the warm-up's cold run, which includes JIT, is reported
// separately). A second pass with trackIncrementalGeneratorSteps reports how many outputs of each named step were
// Cached / Unchanged / Modified / New after each edit.
//
//   dotnet run -c Release --project bench/Diff.GeneratorBench [-- repetitions]
//   ... -- dump DIR     write the generated sources to DIR (to diff two builds of the generator)
//   ... -- file PATH [N] one file of many methods: an edit inside one of them, and an edit in another file
//   ... -- 7 reruns     the same edits with a generator that only finds the methods, alternately: Roslyn's floor
if (args.Length > 0 && args[0] == "startup")
{
    // A fresh process and one small method, as in a command-line build: how much of the first run is Roslyn's own
    // first binding (a generator that only binds the body, run first) and how much is the generator's (its JIT and
    // static initialisation included).
    Console.WriteLine(Profile.Startup());
    return 0;
}

if (args.Length > 1 && args[0] == "dump")
{
    // The generated sources of the 100 methods, to compare two builds of the generator byte for byte (diff -r).
    var result = DriverBench.Driver(new DifferentiableGenerator()).RunGenerators(new DriverBench().NewCompilation()).GetRunResult();
    Directory.CreateDirectory(args[1]);
    foreach (var source in result.Results.Single().GeneratedSources)
    {
        File.WriteAllText(Path.Combine(args[1], source.HintName), source.SourceText.ToString());
    }

    Console.WriteLine($"{result.Results.Single().GeneratedSources.Length} files, {result.Diagnostics.Length} diagnostics");
    return 0;
}

if (args.Length > 1 && args[0] == "file")
{
    // One file of many methods (e.g. tests/Diff.Corpus.Tests/Corpus/Graphics/Easing.cs): an edit inside one method's
    // body gives the whole file a new tree, so every method in it parses again; an edit in another file reuses them.
    Console.WriteLine(DriverBench.SameFile(File.ReadAllText(args[1]), args.Length > 2 ? int.Parse(args[2]) : 5));
    return 0;
}

var repetitions = args.Length > 0 ? int.Parse(args[0]) : 5;
var bench = new DriverBench();
if (args.Length > 1 && args[1] == "reruns")
{
    bench.RunSequence(track: false);
    Console.WriteLine(Profile.Reruns(bench, repetitions));
    return 0;
}

if (args.Length > 1 && args[1] == "profile")
{
    bench.RunSequence(track: false);
    for (var r = 0; r < repetitions; r++)
    {
        Console.WriteLine(Profile.Split(bench));
    }

    return 0;
}

Console.WriteLine($"{bench.MethodCount} [Differentiable] methods in {bench.FileCount} files ({bench.TotalLines} lines), {Environment.ProcessorCount} cores, load {LoadAverage()}");

var first = bench.RunSequence(track: false);
Console.WriteLine($"first run in the process (JIT included): cold {first[0].Wall:F1} ms wall, {first[0].Cpu:F1} ms CPU (generator {first[0].Generator:F1} ms), " +
                  $"add file {first[1].Wall:F1} ms, edit other {first[2].Wall:F1} ms, edit method {first[3].Wall:F1} ms; " +
                  $"{bench.LastGeneratedFiles} generated files, {bench.LastErrors} errors");

var samples = new List<Timing[]>();
for (var r = 0; r < repetitions; r++)
{
    samples.Add(bench.RunSequence(track: false));
}

Console.WriteLine();
Console.WriteLine($"| Scenario | Median wall (ms) | Min | Max | Median generator ElapsedTime (ms) | Median process CPU (ms) | Min CPU | wall per method (ms) |");
Console.WriteLine($"|---|--:|--:|--:|--:|--:|--:|--:|");
string[] names = { "cold (fresh driver, new compilation)", "rerun after adding an unrelated file", "rerun after editing an unrelated file", "rerun after editing one method" };
for (var s = 0; s < names.Length; s++)
{
    var wall = samples.Select(x => x[s].Wall).OrderBy(v => v).ToArray();
    var gen = samples.Select(x => x[s].Generator).OrderBy(v => v).ToArray();
    var cpu = samples.Select(x => x[s].Cpu).OrderBy(v => v).ToArray();
    var median = wall[wall.Length / 2];
    Console.WriteLine($"| {names[s]} | {median:F1} | {wall[0]:F1} | {wall[^1]:F1} | {gen[gen.Length / 2]:F1} | {cpu[cpu.Length / 2]:F1} | {cpu[0]:F1} | {median / bench.MethodCount:F2} |");
}

Console.WriteLine();
Console.WriteLine($"GC over the process so far: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2 collections, {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms paused, {GC.GetTotalAllocatedBytes() / 1048576} MB allocated");
Console.WriteLine();
Console.WriteLine("Step outputs by reason (pass with trackIncrementalGeneratorSteps: true):");
var tracked = bench.RunSequence(track: true);
Console.WriteLine($"(timings of the tracked pass: cold {tracked[0].Wall:F1} ms, add file {tracked[1].Wall:F1} ms, edit other {tracked[2].Wall:F1} ms, edit method {tracked[3].Wall:F1} ms)");
for (var s = 1; s < names.Length; s++)
{
    Console.WriteLine($"  {names[s]}:");
    foreach (var line in tracked[s].Reasons)
    {
        Console.WriteLine($"    {line}");
    }
}

return 0;

static string LoadAverage()
{
    try
    {
        return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "?";
    }
}

internal sealed record Timing(double Wall, double Generator, double Cpu, IReadOnlyList<string> Reasons);

internal sealed class DriverBench
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();

    private const string GlobalUsings = "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;\n";

    private const string Ordinary = """
        namespace Gen.Other;

        public static class Helpers
        {
            public static int Clamp(int value, int low, int high) => value < low ? low : value > high ? high : value;

            public static double Average(double[] values)
            {
                double sum = 0;
                foreach (var v in values)
                {
                    sum += v;
                }

                return sum / values.Length;
            }
        }
        """;

    private const string Unrelated = """
        namespace Gen.Other;

        public sealed class Settings
        {
            public int Iterations { get; set; } = 10;
            public string Name { get; set; } = "run";
        }
        """;

    private readonly List<(string Path, string Text)> files = new();

    public DriverBench()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var templates = assembly.GetManifestResourceNames().Where(n => n.StartsWith("Templates/", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        for (var copy = 0; copy < 10; copy++)
        {
            foreach (var name in templates)
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                var text = reader.ReadToEnd().Replace("namespace Diff.Benchmarks;", $"namespace Gen.N{copy};", StringComparison.Ordinal);
                files.Add(($"N{copy}/{name["Templates/".Length..]}", text));
                MethodCount += CountOccurrences(text, "[Differentiable]");
                TotalLines += text.Count(c => c == '\n');
            }
        }

        FileCount = files.Count;
        EditedPath = files.First(f => f.Path.EndsWith("Rosenbrock.cs", StringComparison.Ordinal)).Path;
    }

    public int MethodCount { get; }

    public int FileCount { get; }

    public int TotalLines { get; }

    public int LastGeneratedFiles { get; private set; }

    public int LastErrors { get; private set; }

    private string EditedPath { get; }

    /// <summary>A new compilation of freshly parsed sources (nothing bound, nothing remembered from an earlier one).</summary>
    public CSharpCompilation NewCompilation()
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "GlobalUsings.cs"))
            .Append(CSharpSyntaxTree.ParseText(Ordinary, ParseOptions, path: "Other/Helpers.cs"))
            .ToArray();
        return Compile(trees);
    }

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
        => CSharpCompilation.Create(
            "DriverBenchInput", trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));

    public static GeneratorDriver Driver(IIncrementalGenerator generator, bool track = false)
        => CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>
    /// <paramref name="source"/> alone (plus the global usings and the ordinary file): medians of <paramref name="repetitions"/>
    /// of a cold run, a rerun after a comment inserted after the first block body's brace, and one after an edit elsewhere.
    /// </summary>
    public static string SameFile(string source, int repetitions)
    {
        var at = source.IndexOf('{', source.IndexOf("[Differentiable", StringComparison.Ordinal));
        var edited = at < 0 ? source : source.Insert(at + 1, " /* edited */ ");
        var times = new List<double[]>();
        var parses = "";
        for (var r = 0; r <= repetitions; r++)
        {
            var file = CSharpSyntaxTree.ParseText(source, ParseOptions, path: "File.cs");
            var other = CSharpSyntaxTree.ParseText(Ordinary, ParseOptions, path: "Other/Helpers.cs");
            var compilation = Compile(new[] { file, other, CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "GlobalUsings.cs") });
            var driver = Driver(new DifferentiableGenerator(), track: true);
            var row = new double[3];
            var stopwatch = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            row[0] = stopwatch.Elapsed.TotalMilliseconds;
            compilation = compilation.ReplaceSyntaxTree(file, CSharpSyntaxTree.ParseText(edited, ParseOptions, path: "File.cs"));
            stopwatch.Restart();
            driver = driver.RunGenerators(compilation);
            row[1] = stopwatch.Elapsed.TotalMilliseconds;
            var reasons = driver.GetRunResult().Results.Single().TrackedSteps["Parse"].SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key} {g.Count()}");
            parses = string.Join(", ", reasons);
            compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(t => t.FilePath == "Other/Helpers.cs"), CSharpSyntaxTree.ParseText(Ordinary.Replace("double sum = 0;", "double sum = 0.0;", StringComparison.Ordinal), ParseOptions, path: "Other/Helpers.cs"));
            stopwatch.Restart();
            driver = driver.RunGenerators(compilation);
            row[2] = stopwatch.Elapsed.TotalMilliseconds;
            if (r > 0)
            {
                times.Add(row);
            }
        }

        string Median(int i) => $"{times.Select(t => t[i]).OrderBy(v => v).ElementAt(times.Count / 2):F1}";
        return $"{CountOccurrences(source, "[Differentiable")} methods, median of {repetitions} (tracked steps): cold {Median(0)} ms, edit inside one method {Median(1)} ms (Parse: {parses}), edit in another file {Median(2)} ms";
    }

    /// <summary>One repetition: cold, add an unrelated file, edit the ordinary file, edit one method.</summary>
    public Timing[] RunSequence(bool track) => RunSequence(new DifferentiableGenerator(), track);

    /// <summary>The same sequence with another generator (<see cref="Profile"/>: Roslyn's share of a rerun).</summary>
    public Timing[] RunSequence(IIncrementalGenerator generator, bool track)
    {
        // Parsed outside the timing; a new compilation each time so no binding is cached from an earlier repetition.
        var compilation = NewCompilation();

        GeneratorDriver driver = Driver(generator, track);

        var results = new Timing[4];
        results[0] = Run(ref driver, compilation, track);
        var result = driver.GetRunResult();
        LastGeneratedFiles = result.GeneratedTrees.Length;
        LastErrors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Unrelated, ParseOptions, path: "Other/Settings.cs"));
        results[1] = Run(ref driver, compilation, track);

        var helpers = compilation.SyntaxTrees.First(t => t.FilePath == "Other/Helpers.cs");
        compilation = compilation.ReplaceSyntaxTree(helpers, CSharpSyntaxTree.ParseText(Ordinary.Replace("double sum = 0;", "double sum = 0.0;", StringComparison.Ordinal), ParseOptions, path: helpers.FilePath));
        results[2] = Run(ref driver, compilation, track);

        var edited = compilation.SyntaxTrees.First(t => t.FilePath == EditedPath);
        var newText = edited.GetText().ToString().Replace("double sum = 0.0;", "double sum = 1.0;", StringComparison.Ordinal);
        compilation = compilation.ReplaceSyntaxTree(edited, CSharpSyntaxTree.ParseText(newText, ParseOptions, path: EditedPath));
        results[3] = Run(ref driver, compilation, track);
        return results;
    }

    private static Timing Run(ref GeneratorDriver driver, Compilation compilation, bool track)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        driver = driver.RunGenerators(compilation);
        stopwatch.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var result = driver.GetRunResult();
        var generator = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;
        return new Timing(stopwatch.Elapsed.TotalMilliseconds, generator, cpu, track ? Reasons(result) : Array.Empty<string>());
    }

    private static IReadOnlyList<string> Reasons(GeneratorDriverRunResult result)
    {
        var lines = new List<string>();
        foreach (var generator in result.Results)
        {
            foreach (var (kind, steps) in new[] { ("step", generator.TrackedSteps), ("output", generator.TrackedOutputSteps) })
            {
                foreach (var (name, runs) in steps.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var counts = runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key)
                        .Select(g => $"{g.Key} {g.Count()}");
                    lines.Add($"{kind} {name}: {string.Join(", ", counts)}");
                }
            }
        }

        return lines;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
