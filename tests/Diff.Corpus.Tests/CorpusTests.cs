using System.Diagnostics;
using System.Runtime.CompilerServices;
using DiffGen.Corpus.Tests.Harness;
using Xunit.Abstractions;

namespace DiffGen.Corpus.Tests;

/// <summary>
/// Runs the generator on every file of the corpus (Corpus/&lt;Source&gt;/*.cs, each its own compilation), checks what it
/// generates, writes the report and holds the ratchet: fails when generator exceptions, CS errors in generated code,
/// wrong gradients or value mismatches rise above corpus-baseline.txt, or gradients ok fall below it.
/// </summary>
public sealed class CorpusTests
{
    private readonly ITestOutputHelper output;

    public CorpusTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Corpus_is_no_worse_than_the_baseline()
    {
        var summary = Run();
        output.WriteLine(summary.SummaryLine);
        Console.WriteLine(summary.SummaryLine);
        WriteReports(summary);

        Assert.True(summary.Methods.Count >= 500, $"The corpus has {summary.Methods.Count} methods; it must keep at least 500.");
        Assert.True(summary.CorpusErrors == 0, "The corpus must compile as it is:\n" + string.Join("\n", summary.Files.SelectMany(f => f.CorpusErrors).Take(20)));
        var baseline = Baseline.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "corpus-baseline.txt")));
        var improvements = baseline.Improvements(summary);
        if (improvements.Length > 0)
        {
            output.WriteLine(improvements);
        }

        var regressions = baseline.Regressions(summary);
        Assert.True(regressions.Count == 0, summary.SummaryLine + "\nWorse than corpus-baseline.txt:\n  " + string.Join("\n  ", regressions) + "\nSee tests/Diff.Corpus.Tests/corpus-report.md.");
    }

    private static CorpusSummary Run()
    {
        var clock = Stopwatch.StartNew();
        var root = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var domains = Domains.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "corpus-domains.txt")));
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var results = new FileResult[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var name = Path.GetRelativePath(root, files[i]).Replace('\\', '/');
            results[i] = CorpusRunner.RunFile(name, File.ReadAllText(files[i]), domains);
        });
        return new CorpusSummary(results, clock.Elapsed);
    }

    /// <summary>The full report beside this file (its head is the summary line and the ranking of what blocks methods).</summary>
    private static void WriteReports(CorpusSummary summary, [CallerFilePath] string thisFile = "")
    {
        var projectDirectory = Path.GetDirectoryName(thisFile);
        if (projectDirectory is null || !File.Exists(Path.Combine(projectDirectory, "Diff.Corpus.Tests.csproj")))
        {
            return;
        }

        File.WriteAllText(Path.Combine(projectDirectory, "corpus-report.md"), summary.Markdown());
    }
}

/// <summary>
/// Runs the same harness on code kept outside the repository, e.g. a numerics library checked out locally, compiled
/// as one program: every double/float method of the files whose path contains one of DIFFGEN_CORPUS_EXTRA_MARK's
/// comma-separated parts gets [Differentiable] (as a user would mark it), every type becomes partial. Skipped unless
/// DIFFGEN_CORPUS_EXTRA names a directory; writes corpus-extra-report.md into that directory. Nothing of it is checked in.
/// </summary>
public sealed class ExternalCorpusTests
{
    private readonly ITestOutputHelper output;

    public ExternalCorpusTests(ITestOutputHelper output) => this.output = output;

    /// <summary>Skipped, visibly, unless DIFFGEN_CORPUS_EXTRA names a directory: a run that measures nothing must not pass.</summary>
    [FactWhenExternalCorpus]
    public void External_corpus_report()
    {
        var directory = Environment.GetEnvironmentVariable(FactWhenExternalCorpusAttribute.Variable)!;

        var marks = (Environment.GetEnvironmentVariable("DIFFGEN_CORPUS_EXTRA_MARK") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var clock = Stopwatch.StartNew();
        var sources = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
        var result = CorpusRunner.RunProgram(Path.GetFileName(directory), sources, Domains.Empty, path => marks.Length == 0 || marks.Any(path.Contains));
        var summary = new CorpusSummary(new[] { result }, clock.Elapsed);
        output.WriteLine(summary.SummaryLine);
        File.WriteAllText(Path.Combine(directory, "corpus-extra-report.md"), summary.Markdown());
    }
}

/// <summary>A fact that runs only when <see cref="Variable"/> names an existing directory; otherwise it is reported as skipped.</summary>
public sealed class FactWhenExternalCorpusAttribute : FactAttribute
{
    public const string Variable = "DIFFGEN_CORPUS_EXTRA";

    public FactWhenExternalCorpusAttribute()
    {
        var directory = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            Skip = "Set " + Variable + " to a directory of C# sources (and DIFFGEN_CORPUS_EXTRA_MARK to path fragments) to measure an external library.";
        }
    }
}
