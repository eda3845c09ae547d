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

    /// <summary>The full report beside this file, and the short one at the repository root.</summary>
    private static void WriteReports(CorpusSummary summary, [CallerFilePath] string thisFile = "")
    {
        var projectDirectory = Path.GetDirectoryName(thisFile);
        if (projectDirectory is null || !File.Exists(Path.Combine(projectDirectory, "Diff.Corpus.Tests.csproj")))
        {
            return;
        }

        File.WriteAllText(Path.Combine(projectDirectory, "corpus-report.md"), summary.Markdown());
        var repositoryRoot = Path.GetFullPath(Path.Combine(projectDirectory, "..", ".."));
        if (File.Exists(Path.Combine(repositoryRoot, "DiffGen.sln")))
        {
            File.WriteAllText(Path.Combine(repositoryRoot, "corpus-report.md"), summary.ShortMarkdown());
        }
    }
}
