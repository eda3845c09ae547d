using System.Diagnostics;
using System.Globalization;
using Diff.Benchmarks;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// <c>--paired</c>: the FMA peak, DiffGen's GEMM and libtorch's, timed in alternation (peak, DiffGen, torch, peak,
/// DiffGen, torch, …) so that all three see the same machine. BenchmarkDotNet measures one case after another for
/// minutes, and on a machine shared with other work the load changes between cases; here each round takes a peak,
/// a DiffGen and a torch time within about a tenth of a second, and the comparisons are medians of per-round ratios.
/// A complement to the BenchmarkDotNet run, not a replacement: the same operands and calls
/// (<see cref="GemmPeerBenchmarks"/>, <see cref="FmaPeakBenchmarks"/>).
/// </summary>
internal static class PairedGemm
{
    public static int Run(int rounds)
    {
        Console.WriteLine($"Paired rounds: {rounds}. Each round: the Vector512 FMA peak on as many cores as threads, then a batch of");
        Console.WriteLine("DiffGen calls and a batch of torch addmm_ calls (about 20 ms each). GFLOP/s: median over rounds (best round).");
        Console.WriteLine();
        Console.WriteLine("| Shape | Threads | FMA peak | DiffGen | torch | DiffGen / peak (median of rounds) | DiffGen / torch speed (median of rounds) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (int threads in new[] { 1, 2 })
        {
            var peakProbe = new FmaPeakBenchmarks { Cores = threads };
            double peakFlops = FmaPeakBenchmarks.FlopsPerCall(nameof(FmaPeakBenchmarks.Vector512Fma), threads)!.Value;
            foreach (var shape in GemmPeerBenchmarks.Shapes)
            {
                var bench = new GemmPeerBenchmarks { Shape = shape, Threads = threads };
                bench.Setup();
                int calls = Math.Max(1, (int)(20e-3 * 100e9 / shape.Flops));   // ~20 ms at 100 GFLOP/s
                for (int i = 0; i < 3; i++)
                {
                    peakProbe.Vector512Fma();
                    Time(bench.DiffGen, calls);
                    Time(bench.TorchAddmmInPlace, calls);
                }

                var peak = new List<double>();
                var ours = new List<double>();
                var theirs = new List<double>();
                var ofPeak = new List<double>();
                var speedup = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    double p = peakFlops / Time(() => peakProbe.Vector512Fma(), 1) / 1e9;
                    double d = shape.Flops * calls / Time(bench.DiffGen, calls) / 1e9;
                    double t = shape.Flops * calls / Time(bench.TorchAddmmInPlace, calls) / 1e9;
                    peak.Add(p);
                    ours.Add(d);
                    theirs.Add(t);
                    ofPeak.Add(d / p);
                    speedup.Add(d / t);
                }

                bench.Cleanup();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {shape} | {threads} | {Median(peak):F0} ({peak.Max():F0}) | {Median(ours):F1} ({ours.Max():F1}) | {Median(theirs):F1} ({theirs.Max():F1}) | {100 * Median(ofPeak):F0}% | {Median(speedup):F2}× |"));
            }
        }

        return 0;
    }

    private static double Time(Action call, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
