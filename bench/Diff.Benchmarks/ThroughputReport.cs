using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Diff.Benchmarks;

/// <summary>
/// After a run that included <see cref="FmaPeakBenchmarks"/> and <see cref="GemmBenchmarks"/>, prints one table of
/// GEMM GFLOP/s as a fraction of the FMA peak measured in the same run, for the same number of cores: the Vector512
/// peak (what this machine can do) and the Vector256 peak (what a 256-bit kernel could do). Twice: from medians, and
/// from each case's fastest iteration (on a machine shared with other work the median can include time the cores
/// spent on someone else, for the GEMM and for the peak alike).
/// </summary>
public static class ThroughputReport
{
    public static void Print(IEnumerable<Summary> summaries)
    {
        var peak = new Dictionary<(string Method, int Cores, bool Best), double>();
        var gemm = new List<(string Shape, string Kernel, int Threads, bool Best, double Gflops)>();
        foreach (Summary summary in summaries)
        {
            foreach (var benchmarkCase in summary.Reports.Select(r => r.BenchmarkCase))
            {
                var statistics = summary[benchmarkCase]?.ResultStatistics;
                if (statistics is null)
                {
                    continue;
                }

                foreach (bool best in new[] { false, true })
                {
                    double ns = best ? statistics.Min : statistics.Median;
                    string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
                    if (benchmarkCase.Descriptor.Type == typeof(FmaPeakBenchmarks))
                    {
                        int cores = (int)benchmarkCase.Parameters["Cores"];
                        if (FmaPeakBenchmarks.FlopsPerCall(method, cores) is double flops)
                        {
                            peak[(method, cores, best)] = flops / ns;
                        }
                    }
                    else if (benchmarkCase.Descriptor.Type == typeof(GemmBenchmarks))
                    {
                        var shape = (GemmShape)benchmarkCase.Parameters["Shape"];
                        gemm.Add((shape.ToString(), (string)benchmarkCase.Parameters["Kernel"], (int)benchmarkCase.Parameters["Threads"], best, shape.Flops / ns));
                    }
                }
            }
        }

        if (peak.Count == 0 || gemm.Count == 0)
        {
            return;
        }

        foreach (bool best in new[] { false, true })
        {
            string what = best ? "fastest iterations" : "medians";
            Console.WriteLine();
            Console.WriteLine($"// GEMM against the FMA peak measured in this run ({what})");
            foreach (var ((method, cores, _), value) in peak.Where(p => p.Key.Best == best).OrderBy(p => p.Key.Method).ThenBy(p => p.Key.Cores))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"//   peak {method}, {cores} core(s): {value:F1} GFLOP/s"));
            }

            Console.WriteLine("| Shape | Kernel | Threads | GFLOP/s | % of Vector512 peak | % of Vector256 peak |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            foreach (var row in gemm.Where(r => r.Best == best).OrderBy(r => r.Shape).ThenBy(r => r.Kernel).ThenBy(r => r.Threads))
            {
                string Percent(string method) => peak.TryGetValue((method, row.Threads, best), out double p)
                    ? string.Create(CultureInfo.InvariantCulture, $"{100 * row.Gflops / p:F0}%")
                    : "-";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {row.Shape} | {row.Kernel} | {row.Threads} | {row.Gflops:F1} | {Percent(nameof(FmaPeakBenchmarks.Vector512Fma))} | {Percent(nameof(FmaPeakBenchmarks.Vector256Fma))} |"));
            }
        }
    }
}
