using System.Diagnostics;
using System.Globalization;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// <c>--paired-lifted</c>: issue 7's Swish forward+backward on 1M elements (<see cref="LiftedOpPeerBenchmarks"/>, the
/// same calls) timed in alternation — a batch of DiffGen's lifted op, a batch of DiffGen's built-in composition, a
/// batch of TorchSharp's, round after round — so that all three see the same machine (a shared VM's speed drifts over
/// the minutes a BenchmarkDotNet run takes). Times: median over rounds of the mean per call in a round (best round);
/// ratios: medians of per-round ratios.
/// </summary>
internal static class PairedLiftedOp
{
    private const int CallsPerBatch = 40;

    public static int Run(int rounds)
    {
        var bench = new LiftedOpPeerBenchmarks();
        bench.Setup();
        var cases = new (string Name, Action Call)[]
        {
            ("LiftedSwish (TensorScope)", () => bench.LiftedSwish()),
            ("BuiltInSwish (TensorScope)", () => bench.BuiltInSwish()),
            ("TorchSwish (dispose scope)", () => bench.TorchSwish()),
        };

        for (int i = 0; i < 5; i++)
        {
            foreach (var (_, call) in cases)
            {
                Time(call);
            }
        }

        var times = cases.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < cases.Length; c++)
            {
                times[c].Add(Time(cases[c].Call));
            }
        }

        bench.Cleanup();
        Console.WriteLine($"Paired rounds: {rounds}, {CallsPerBatch} calls per case per round, 1M elements, 2 threads each.");
        Console.WriteLine();
        Console.WriteLine("| Method | Median µs (best round) | Time / lifted op's (median of rounds) |");
        Console.WriteLine("|---|--:|--:|");
        for (int c = 0; c < cases.Length; c++)
        {
            var ratio = Median([.. times[c].Zip(times[0], (t, l) => t / l)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cases[c].Name} | {Median(times[c]):F0} ({times[c].Min():F0}) | {ratio:F2} |"));
        }

        return 0;
    }

    /// <summary>Mean microseconds per call over one batch.</summary>
    private static double Time(Action call)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < CallsPerBatch; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / CallsPerBatch;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
