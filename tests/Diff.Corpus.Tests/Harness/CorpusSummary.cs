using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DiffGen.Corpus.Tests.Harness;

/// <summary>The counts of a corpus run, its one-line summary, the ratchet baseline and the markdown report.</summary>
public sealed partial class CorpusSummary
{
    public CorpusSummary(IReadOnlyList<FileResult> files, TimeSpan elapsed)
    {
        Files = files;
        Elapsed = elapsed;
        Methods = files.SelectMany(f => f.Methods).ToList();
    }

    public IReadOnlyList<FileResult> Files { get; }

    public IReadOnlyList<MethodResult> Methods { get; }

    public TimeSpan Elapsed { get; }

    public int Count(Outcome outcome) => Methods.Count(m => m.Outcome == outcome);

    public int GeneratorExceptions => Count(Outcome.GeneratorException);

    public int GeneratedCodeErrors => Count(Outcome.GeneratedCodeError);

    /// <summary>Compiler errors in generated code that no method could be named for (still failures).</summary>
    public int UnattributedGeneratedCodeErrors => Files.Count(f => f.GeneratedCodeErrors.Count > 0 && f.Methods.All(m => m.Outcome != Outcome.GeneratedCodeError));

    public int WrongGradients => Count(Outcome.WrongGradient);

    public int ValueMismatches => Count(Outcome.ValueMismatch);

    public int GradientsOk => Count(Outcome.Ok);

    public int Blocked => Count(Outcome.Blocked);

    public int CorpusErrors => Files.Sum(f => f.CorpusErrors.Count);

    /// <summary>Methods that got generated code (whatever happened to it next).</summary>
    public int Generated => Methods.Count(m => m.Outcome is Outcome.Ok or Outcome.Unverified or Outcome.WrongGradient or Outcome.ValueMismatch or Outcome.NotCompiled or Outcome.NoDomain or Outcome.Timeout or Outcome.HarnessUnsupported or Outcome.GeneratedCodeError);

    /// <summary>Methods blocked by each DG id (a method with two ids counts under both), most first.</summary>
    public IReadOnlyList<(string Id, int Methods)> BlockedById
        => Methods.Where(m => m.Outcome is Outcome.Blocked)
            .SelectMany(m => m.Errors.Select(e => e.Id).Distinct())
            .GroupBy(id => id)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal)
            .ToList();

    public string SummaryLine
    {
        get
        {
            var others = Methods.Count - GeneratorExceptions - GeneratedCodeErrors - WrongGradients - ValueMismatches - GradientsOk - Blocked;
            var ids = string.Join(", ", BlockedById.Select(x => $"{x.Id} {x.Methods}"));
            return string.Create(CultureInfo.InvariantCulture,
                $"DiffGen corpus: {Methods.Count} methods in {Files.Count} files | generator exceptions {GeneratorExceptions} | CS errors in generated code {GeneratedCodeErrors} | wrong gradients {WrongGradients} | value mismatches {ValueMismatches} | gradients ok {GradientsOk} ({Percent(GradientsOk)}) | other {others} (unverified {Count(Outcome.Unverified)}, silently skipped {Count(Outcome.SilentlySkipped)}, not compiled {Count(Outcome.NotCompiled)}, no domain {Count(Outcome.NoDomain)}, harness {Count(Outcome.HarnessUnsupported)}, timeout {Count(Outcome.Timeout)}) | blocked {Blocked}: {(ids.Length == 0 ? "none" : ids)} | {Elapsed.TotalSeconds:F1} s");
        }
    }

    private string Percent(int n) => Methods.Count == 0 ? "0%" : (100.0 * n / Methods.Count).ToString("F0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// The DG messages of blocked methods with names taken out ('...' → '…'), so messages for the same construct
    /// group together: the constructs that block real code, ranked by how many methods each blocks.
    /// </summary>
    public IReadOnlyList<(string Id, string Construct, int Methods, MethodResult Example, string ExampleMessage)> Constructs
        => Methods.Where(m => m.Outcome == Outcome.Blocked)
            .SelectMany(m => m.Errors.Select(e => (Method: m, Error: e, Key: e.Id + "\u0001" + e.Construct)).DistinctBy(x => x.Key))
            .GroupBy(x => x.Key)
            .Select(g => (g.First().Error.Id, g.First().Error.Construct, g.Count(), g.First().Method, g.First().Error.Message))
            .OrderByDescending(x => x.Item3).ThenBy(x => x.Item2, StringComparer.Ordinal)
            .ToList();

    /// <summary>Blocked methods by construct alone (whatever the DG id), most first.</summary>
    public IReadOnlyList<(string Construct, int Methods, string Ids)> ConstructTotals
        => Methods.Where(m => m.Outcome == Outcome.Blocked)
            .SelectMany(m => m.Errors.Select(e => (Method: m, e.Construct, e.Id)).DistinctBy(x => x.Construct))
            .GroupBy(x => x.Construct)
            .Select(g => (g.Key, g.Count(), string.Join(", ", g.Select(x => x.Id).Distinct().Order(StringComparer.Ordinal))))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Item1, StringComparer.Ordinal)
            .ToList();

    public static string Normalize(string message) => Quoted().Replace(message, "'…'");

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# DiffGen real-code corpus report");
        sb.AppendLine();
        sb.AppendLine("Regenerated by `dotnet test tests/Diff.Corpus.Tests` (see `CorpusTests`). Do not edit by hand.");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(SummaryLine);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("## Outcomes");
        sb.AppendLine();
        sb.AppendLine("| outcome | methods |");
        sb.AppendLine("| --- | ---: |");
        foreach (var o in Enum.GetValues<Outcome>())
        {
            sb.AppendLine($"| {o} | {Count(o)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## DG errors by id (methods blocked by each)");
        sb.AppendLine();
        sb.AppendLine("| id | methods | example method | its message |");
        sb.AppendLine("| --- | ---: | --- | --- |");
        foreach (var (id, n) in BlockedById)
        {
            var example = Methods.First(m => m.Outcome == Outcome.Blocked && m.Errors.Any(e => e.Id == id));
            sb.AppendLine($"| {id} | {n} | `{example.File}` {example.Key} | {Cell(example.Errors.First(e => e.Id == id).Message)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## What blocks methods, ranked by construct (a method blocked by two constructs counts under both)");
        sb.AppendLine();
        sb.AppendLine("| # | methods | construct | DG ids |");
        sb.AppendLine("| ---: | ---: | --- | --- |");
        var totalRank = 1;
        foreach (var c in ConstructTotals)
        {
            sb.AppendLine($"| {totalRank++} | {c.Methods} | {Cell(c.Construct)} | {c.Ids} |");
        }

        sb.AppendLine();
        sb.AppendLine("## By DG id and construct, with an example");
        sb.AppendLine();
        sb.AppendLine("| # | methods | id | construct | example |");
        sb.AppendLine("| ---: | ---: | --- | --- | --- |");
        var rank = 1;
        foreach (var c in Constructs)
        {
            // (full report)
            sb.AppendLine($"| {rank++} | {c.Methods} | {c.Id} | {Cell(c.Construct)} | `{c.Example.File}` {c.Example.Key}: {Cell(c.ExampleMessage)} |");
        }

        var failures = Methods.Where(m => m.Outcome is Outcome.GeneratorException or Outcome.GeneratedCodeError or Outcome.WrongGradient or Outcome.ValueMismatch).ToList();
        sb.AppendLine();
        sb.AppendLine("## Failures (generator exceptions, CS errors in generated code, wrong gradients, value mismatches)");
        sb.AppendLine();
        if (failures.Count == 0)
        {
            sb.AppendLine("None.");
        }
        else
        {
            sb.AppendLine("| file | method | outcome | detail |");
            sb.AppendLine("| --- | --- | --- | --- |");
            foreach (var m in failures)
            {
                sb.AppendLine($"| `{m.File}` | {m.Key} | {m.Outcome} | {Cell(m.Detail)} |");
            }
        }

        var fileProblems = Files.Where(f => f.CorpusErrors.Count + f.GeneratedCodeErrors.Count + f.GeneratorExceptions.Count + f.HarnessNotes.Count > 0).ToList();
        if (fileProblems.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## File-level problems");
            sb.AppendLine();
            foreach (var f in fileProblems)
            {
                sb.AppendLine($"- `{f.File}`:");
                foreach (var e in f.GeneratorExceptions)
                {
                    sb.AppendLine($"  - generator exception: {Cell(e)}");
                }

                foreach (var e in f.GeneratedCodeErrors.Take(10))
                {
                    sb.AppendLine($"  - CS error in generated code: {Cell(e)}");
                }

                if (f.GeneratedCodeErrors.Count > 10)
                {
                    sb.AppendLine($"  - … {f.GeneratedCodeErrors.Count - 10} more CS errors in generated code");
                }

                foreach (var e in f.CorpusErrors.Take(10))
                {
                    sb.AppendLine($"  - corpus does not compile: {Cell(e)}");
                }

                foreach (var e in f.HarnessNotes)
                {
                    sb.AppendLine($"  - {Cell(e)}");
                }
            }
        }

        sb.AppendLine();
        sb.AppendLine("## Files");
        sb.AppendLine();
        sb.AppendLine("| file | methods | ok | blocked | seconds | where |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var f in Files)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| `{f.File}` | {f.Methods.Count} | {f.Methods.Count(m => m.Outcome == Outcome.Ok)} | {f.Methods.Count(m => m.Outcome == Outcome.Blocked)} | {f.Elapsed.TotalSeconds:F1} | {string.Join(", ", f.Timings)} |"));
        }

        sb.AppendLine();
        sb.AppendLine("## Every method");
        sb.AppendLine();
        sb.AppendLine("| file | line | method | outcome | detail |");
        sb.AppendLine("| --- | ---: | --- | --- | --- |");
        foreach (var m in Methods.OrderBy(m => m.File, StringComparer.Ordinal).ThenBy(m => m.Line))
        {
            sb.AppendLine($"| `{m.File}` | {m.Line} | {m.Key} | {m.Outcome} | {Cell(m.Detail)} |");
        }

        return sb.ToString();
    }

    /// <summary>The short report for the lead: the summary line and the ranking of blocking constructs.</summary>
    public string ShortMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# DiffGen corpus: current summary");
        sb.AppendLine();
        sb.AppendLine("Written by each run of `dotnet test tests/Diff.Corpus.Tests`; the full per-method table is `tests/Diff.Corpus.Tests/corpus-report.md`.");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(SummaryLine);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("| # | methods | construct | DG ids |");
        sb.AppendLine("| ---: | ---: | --- | --- |");
        var totalRank = 1;
        foreach (var c in ConstructTotals.Take(20))
        {
            sb.AppendLine($"| {totalRank++} | {c.Methods} | {Cell(c.Construct)} | {c.Ids} |");
        }

        sb.AppendLine();
        sb.AppendLine("| # | methods | id | construct | example |");
        sb.AppendLine("| ---: | ---: | --- | --- | --- |");
        var rank = 1;
        foreach (var c in Constructs.Take(30))
        {
            sb.AppendLine($"| {rank++} | {c.Methods} | {c.Id} | {Cell(c.Construct)} | `{c.Example.File}` {c.Example.Key}: {Cell(c.ExampleMessage)} |");
        }

        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");
}

/// <summary>
/// The ratchet: counts that may only go down (failures) or up (gradients ok). The test fails when a run is worse
/// than the checked-in file; tighten the file when a run is better.
/// </summary>
public sealed record Baseline(int GeneratorExceptions, int GeneratedCodeErrors, int WrongGradients, int ValueMismatches, int GradientsOk)
{
    public static Baseline Parse(string text)
    {
        var values = text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture));
        return new Baseline(values["generatorExceptions"], values["generatedCodeErrors"], values["wrongGradients"], values["valueMismatches"], values["gradientsOk"]);
    }

    /// <summary>Each way <paramref name="s"/> is worse than this baseline.</summary>
    public IReadOnlyList<string> Regressions(CorpusSummary s)
    {
        var list = new List<string>();
        void More(string what, int now, int allowed)
        {
            if (now > allowed)
            {
                list.Add($"{what}: {now} > baseline {allowed}");
            }
        }

        More("generator exceptions", s.GeneratorExceptions, GeneratorExceptions);
        More("CS errors in generated code (methods; plus files with errors no method could be named for)", s.GeneratedCodeErrors + s.UnattributedGeneratedCodeErrors, GeneratedCodeErrors);
        More("wrong gradients", s.WrongGradients, WrongGradients);
        More("value mismatches", s.ValueMismatches, ValueMismatches);
        if (s.GradientsOk < GradientsOk)
        {
            list.Add($"gradients ok: {s.GradientsOk} < baseline {GradientsOk}");
        }

        return list;
    }

    public string Improvements(CorpusSummary s)
    {
        var better = s.GeneratorExceptions < GeneratorExceptions || s.GeneratedCodeErrors + s.UnattributedGeneratedCodeErrors < GeneratedCodeErrors
            || s.WrongGradients < WrongGradients || s.ValueMismatches < ValueMismatches || s.GradientsOk > GradientsOk;
        return better
            ? $"better than the baseline: tighten corpus-baseline.txt to generatorExceptions={s.GeneratorExceptions} generatedCodeErrors={s.GeneratedCodeErrors + s.UnattributedGeneratedCodeErrors} wrongGradients={s.WrongGradients} valueMismatches={s.ValueMismatches} gradientsOk={s.GradientsOk}"
            : "";
    }
}
