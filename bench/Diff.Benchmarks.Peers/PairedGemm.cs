using System.Diagnostics;
using System.Globalization;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// <c>--paired</c>: DiffGen's GEMM and libtorch's, timed in alternation (DiffGen, torch, DiffGen, torch, …) so that
/// both see the same machine. BenchmarkDotNet measures one case after the other, and on a machine shared with other
/// work the load can change between two cases; here every round pairs a DiffGen time with a torch time taken a
/// moment apart, and the median of those per-round ratios is the comparison. A complement to the BenchmarkDotNet
/// run, not a replacement: the same operands, the same calls (<see cref="GemmPeerBenchmarks"/>).
/// </summary>
internal static class PairedGemm
{
    public static int Run(int rounds)
    {
        Console.WriteLine($"Paired rounds: {rounds}; each round times a batch of calls of each (about 20 ms), DiffGen first.");
        Console.WriteLine("| Shape | Threads | DiffGen GFLOP/s (median) | torch addmm_ GFLOP/s (median) | torch / DiffGen time, median of rounds | DiffGen best | torch best |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (int threads in new[] { 1, 2 })
        {
            foreach (var shape in GemmPeerBenchmarks.Shapes)
            {
                var bench = new GemmPeerBenchmarks { Shape = shape, Threads = threads };
                bench.Setup();
                int calls = Math.Max(1, (int)(20e-3 * 100e9 / shape.Flops));   // ~20 ms at 100 GFLOP/s
                for (int i = 0; i < 3; i++)
                {
                    Time(bench.DiffGen, calls);
                    Time(bench.TorchAddmmInPlace, calls);
                }

                var ours = new List<double>();
                var theirs = new List<double>();
                var ratios = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    double d = Time(bench.DiffGen, calls);
                    double t = Time(bench.TorchAddmmInPlace, calls);
                    ours.Add(d);
                    theirs.Add(t);
                    ratios.Add(t / d);
                }

                bench.Cleanup();
                double Gflops(double seconds) => shape.Flops * calls / seconds / 1e9;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {shape} | {threads} | {Gflops(Median(ours)):F1} | {Gflops(Median(theirs)):F1} | {Median(ratios):F2} | {Gflops(ours.Min()):F1} | {Gflops(theirs.Min()):F1} |"));
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
