using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Diff.Benchmarks;

/// <summary>
/// After a run that included <see cref="FmaPeakBenchmarks"/> and <see cref="GemmBenchmarks"/>, prints one table of
/// GEMM GFLOP/s as a fraction of the FMA peak measured in the same run: the Vector512 peak (what the machine can do)
/// and the Vector256 peak (what a 256-bit kernel could do), each for the same number of cores.
/// </summary>
public static class ThroughputReport
{
    public static void Print(IEnumerable<Summary> summaries)
    {
        var all = summaries.ToList();
        var peak = new Dictionary<(string Method, int Cores), double>();
        var gemm = new List<(string Shape, string Kernel, int Threads, double Gflops)>();
        foreach (Summary summary in all)
        {
            foreach (var benchmarkCase in summary.Reports.Select(r => r.BenchmarkCase))
            {
                double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
                if (median is null)
                {
                    continue;
                }

                string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
                if (benchmarkCase.Descriptor.Type == typeof(FmaPeakBenchmarks))
                {
                    int cores = (int)benchmarkCase.Parameters["Cores"];
                    if (FmaPeakBenchmarks.FlopsPerCall(method, cores) is double flops)
                    {
                        peak[(method, cores)] = flops / median.Value;
                    }
                }
                else if (benchmarkCase.Descriptor.Type == typeof(GemmBenchmarks))
                {
                    var shape = (GemmShape)benchmarkCase.Parameters["Shape"];
                    gemm.Add((shape.ToString(), (string)benchmarkCase.Parameters["Kernel"], (int)benchmarkCase.Parameters["Threads"], shape.Flops / median.Value));
                }
            }
        }

        if (peak.Count == 0 || gemm.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("// GEMM against the FMA peak measured in this run (medians)");
        foreach (var ((method, cores), value) in peak.OrderBy(p => p.Key.Method).ThenBy(p => p.Key.Cores))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"//   peak {method}, {cores} core(s): {value:F1} GFLOP/s"));
        }

        Console.WriteLine("| Shape | Kernel | Threads | GFLOP/s | % of Vector512 peak | % of Vector256 peak |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var row in gemm.OrderBy(r => r.Shape).ThenBy(r => r.Kernel).ThenBy(r => r.Threads))
        {
            string Percent(string method) => peak.TryGetValue((method, row.Threads), out double p)
                ? string.Create(CultureInfo.InvariantCulture, $"{100 * row.Gflops / p:F0}%")
                : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Shape} | {row.Kernel} | {row.Threads} | {row.Gflops:F1} | {Percent(nameof(FmaPeakBenchmarks.Vector512Fma))} | {Percent(nameof(FmaPeakBenchmarks.Vector256Fma))} |"));
        }
    }
}
