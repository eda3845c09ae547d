using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// `--quick [rounds] [name filter]`: a fast diagnostic, not a replacement for BenchmarkDotNet. Every suite class's
/// Primal, GeneratedGrad and HandWritten run in one process, round-robin (so all three see the same machine load),
/// each timed over a batch of calls sized to about 2 ms; the minima over the rounds and their ratios are printed
/// (on a shared machine preemption only ever adds time), then the medians of the rows' ratios.
/// </summary>
internal static class QuickRatios
{
    private static readonly string[] Suite =
    {
        "BlackScholes", "Rosenbrock", "LogisticRegression", "TanhNetwork", "GaussianMixture", "SoftmaxRegression",
        "StreamingLogSumExp", "MonteCarloCall", "LennardJones", "PolynomialFit", "LotkaVolterra", "GaussSeidel", "Lstm",
        "AdbenchGmm", "BundleAdjustment",
    };

    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 15;
        var filter = args.Length > 2 ? args[2] : null;
        var rows = new List<(string Name, double P, double G, double H)>();
        foreach (var name in Suite.Where(n => filter is null || n.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var type = typeof(QuickRatios).Assembly.GetType("Diff.Benchmarks." + name + "Benchmarks")!;
            var books = type.GetProperty("Book") is { } book ? new object?[] { "Mixed", "InTheMoney" } : new object?[] { null };
            foreach (var b in books)
            {
                var instance = Activator.CreateInstance(type)!;
                if (b is not null)
                {
                    type.GetProperty("Book")!.SetValue(instance, b);
                }

                type.GetMethods().First(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null).Invoke(instance, null);
                var perInvoke = type.GetMethod("Primal")!.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke;
                var calls = new[] { "Primal", "GeneratedGrad", "HandWritten" }
                    .Select(m => (Func<double>)Delegate.CreateDelegate(typeof(Func<double>), instance, type.GetMethod(m)!)).ToArray();
                // Warm up to Tier-1 and size the batches.
                var batch = new int[3];
                for (var k = 0; k < 3; k++)
                {
                    for (var w = 0; w < 40; w++) calls[k]();
                    Thread.Sleep(50);
                    for (var w = 0; w < 40; w++) calls[k]();
                    var sw = Stopwatch.StartNew();
                    var n = 0;
                    while (sw.Elapsed.TotalMilliseconds < 2) { calls[k](); n++; }
                    batch[k] = Math.Max(1, n);
                }

                var times = new List<double>[] { new(), new(), new() };
                var allocated = new long[3];
                for (var round = 0; round < rounds; round++)
                {
                    for (var k = 0; k < 3; k++)
                    {
                        var before = GC.GetAllocatedBytesForCurrentThread();
                        var start = Stopwatch.GetTimestamp();
                        for (var c = 0; c < batch[k]; c++) calls[k]();
                        times[k].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000.0 / batch[k] / perInvoke);
                        allocated[k] = Math.Max(allocated[k], (GC.GetAllocatedBytesForCurrentThread() - before) / batch[k]);
                    }
                }

                var m3 = times.Select(t => t.Min()).ToArray(); // minima: the machine is shared, preemption only adds time
                var label = b is null ? name : name + "[" + b + "]";
                rows.Add((label, m3[0], m3[1], m3[2]));
                Console.WriteLine($"{label,-28} primal {Fmt(m3[0]),10}  gen {Fmt(m3[1]),10}  hand {Fmt(m3[2]),10}   gen/primal {m3[1] / m3[0],5:F2}  gen/hand {m3[1] / m3[2],5:F2}  alloc G {allocated[1]} B");
            }
        }

        if (rows.Count > 1)
        {
            Console.WriteLine($"median gen/primal {Median(rows.Select(r => r.G / r.P).ToList()):F2}  median gen/hand {Median(rows.Select(r => r.G / r.H).ToList()):F2}  max gen/primal {rows.Max(r => r.G / r.P):F2}");
        }

        return 0;
    }

    private static string Fmt(double us) => us < 1 ? $"{us * 1000:F1} ns" : $"{us:F1} µs";

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
