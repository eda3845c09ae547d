using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Diff.Benchmarks;

/// <summary>
/// After a run that included workload classes (those with <c>Primal</c>, <c>GeneratedGrad</c> and <c>HandWritten</c>
/// benchmarks), prints one Markdown table: per workload (and parameter set) the three medians, gen/primal and
/// gen/hand from those medians, and the bytes each allocates per call; then the median of each ratio over the rows.
/// </summary>
public static class SuiteReport
{
    private const string Primal = "Primal", Generated = "GeneratedGrad", Hand = "HandWritten";

    public static void Print(IEnumerable<Summary> summaries)
    {
        var rows = new SortedDictionary<string, Dictionary<string, (double Median, long Bytes)>>(StringComparer.Ordinal);
        foreach (Summary summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var benchmarkCase = report.BenchmarkCase;
                string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
                if (report.ResultStatistics is null || method is not (Primal or Generated or Hand))
                {
                    continue;
                }

                string name = benchmarkCase.Descriptor.Type.Name.Replace("Benchmarks", "", StringComparison.Ordinal);
                string parameters = benchmarkCase.Parameters.DisplayInfo;
                string key = string.IsNullOrEmpty(parameters) ? name : $"{name} {parameters}";
                if (!rows.TryGetValue(key, out var row))
                {
                    rows[key] = row = new Dictionary<string, (double, long)>();
                }

                row[method] = (report.ResultStatistics.Median, report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? -1);
            }
        }

        var complete = rows.Where(r => r.Value.ContainsKey(Primal) && r.Value.ContainsKey(Generated) && r.Value.ContainsKey(Hand)).ToList();
        if (complete.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("// Workload suite: medians per call, ratios of medians, bytes allocated per call (primal / generated / hand-written)");
        Console.WriteLine("| Workload | Primal | Generated | Hand-written | gen/primal | gen/hand | hand/primal | Allocated (P / G / H) |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        var genPrimal = new List<double>();
        var genHand = new List<double>();
        foreach (var (key, row) in complete)
        {
            var (p, g, h) = (row[Primal], row[Generated], row[Hand]);
            genPrimal.Add(g.Median / p.Median);
            genHand.Add(g.Median / h.Median);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {key} | {Time(p.Median)} | {Time(g.Median)} | {Time(h.Median)} | {g.Median / p.Median:F2} | {g.Median / h.Median:F2} | {h.Median / p.Median:F2} | {p.Bytes} B / {g.Bytes} B / {h.Bytes} B |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {complete.Count} rows: median gen/primal {Median(genPrimal):F2}, median gen/hand {Median(genHand):F2}, max gen/primal {genPrimal.Max():F2}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static string Time(double ns) => ns switch
    {
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F1} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms"),
    };
}
