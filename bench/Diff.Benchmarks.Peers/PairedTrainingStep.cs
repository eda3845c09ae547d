using System.Diagnostics;
using System.Globalization;

namespace Diff.Benchmarks.Peers;

/// <summary>
/// <c>--paired-step [rounds] [models] [threads]</c>: the training steps of <see cref="MlpStepPeerBenchmarks"/> (Lecture,
/// Mnist, LeNet) timed in alternation — per round a batch of DiffGen tape steps, a batch of <c>Fit</c> steps and a batch
/// of TorchSharp steps, in an order that rotates from round to round — so that all three see the same machine. Times:
/// median over rounds of the mean per step in a round (best round); ratios: medians of per-round ratios (TorchSharp's
/// time / DiffGen's, i.e. DiffGen's speed as a multiple of TorchSharp's). Allocation: bytes allocated by this thread per
/// DiffGen step, over all measured rounds. The rounds start after at least <see cref="WarmupTime"/> of alternating
/// warm-up rounds.
/// </summary>
internal static class PairedTrainingStep
{
    public static int Run(int rounds, string[] models, int threads = 2)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Paired rounds: {rounds}; {threads} thread(s) each; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; GLIBC_TUNABLES={Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "(unset)"}"));
        Console.WriteLine();
        Console.WriteLine("| Model | DiffGen tape step µs (best) | DiffGen Fit step µs (best) | TorchSharp step µs (best) | tape / torch speed | Fit / torch speed | tape B/step | Fit B/step |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var model in models)
        {
            var bench = new MlpStepPeerBenchmarks { Model = model, Threads = threads };
            bench.Setup();
            var calls = model switch { "Lecture" => 400, "Mnist" => 20, _ => 10 };
            var cases = new Func<object>[] { () => bench.DiffGenTapeStep(), () => bench.DiffGenFitStep(), () => bench.TorchStep() };
            // Warm-up by time, not by count: the runtime compiles a method again, optimized, only after its calls
            // have stopped bringing new methods for a while (tiered compilation's call-counting delay), and a few
            // thousand lecture steps take well under that. Measured rounds must run the optimized code of both sides.
            var warmup = Stopwatch.StartNew();
            for (int i = 0; i < 5 || warmup.Elapsed < WarmupTime; i++)
            {
                foreach (var call in cases)
                {
                    Time(call, calls, out _);
                }
            }

            var times = cases.Select(_ => new List<double>()).ToArray();
            var bytes = new long[cases.Length];
            for (int round = 0; round < rounds; round++)
            {
                // The order rotates from round to round, so that each case follows each other case equally often
                // (what runs just before — torch's worker threads winding down, the caches it left — is shared alike).
                for (int i = 0; i < cases.Length; i++)
                {
                    int c = (round + i) % cases.Length;
                    times[c].Add(Time(cases[c], calls, out var allocated));
                    bytes[c] += allocated;
                }
            }

            bench.Cleanup();
            var tapeRatio = Median([.. times[2].Zip(times[0], (t, d) => t / d)]);
            var fitRatio = Median([.. times[2].Zip(times[1], (t, d) => t / d)]);
            long steps = (long)rounds * calls;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model} | {Median(times[0]):F1} ({times[0].Min():F1}) | {Median(times[1]):F1} ({times[1].Min():F1}) | {Median(times[2]):F1} ({times[2].Min():F1}) | {tapeRatio:F2}× | {fitRatio:F2}× | {bytes[0] / steps:N0} | {bytes[1] / steps:N0} |"));
        }

        return 0;
    }

    /// <summary>The shortest warm-up per model: every case alternating, long enough for tiered compilation to finish.</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(4);

    /// <summary>Mean microseconds per call over one batch; the bytes this thread allocated meanwhile.</summary>
    private static double Time(Func<object> call, int calls, out long allocated)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
