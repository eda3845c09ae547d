using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Diff.Benchmarks;

/// <summary>
/// A BenchmarkDotNet column with the throughput of a case in GFLOP/s: the floating-point operations one call does
/// (given per case by the benchmark class) over the call's median time, or over its fastest iteration
/// (<c>best: true</c>, the "GFLOP/s best" column: what the code does when nothing else runs on the machine, which
/// on a shared machine the median does not always show). Shared with bench/Diff.Benchmarks.Peers.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    private readonly Func<BenchmarkCase, double?> flopsPerCall;
    private readonly bool best;

    /// <param name="flopsPerCall">Floating-point operations one benchmark call does, or null where it makes no sense.</param>
    /// <param name="best">From the fastest iteration instead of the median.</param>
    public GflopsColumn(Func<BenchmarkCase, double?> flopsPerCall, bool best = false)
    {
        this.flopsPerCall = flopsPerCall;
        this.best = best;
    }

    /// <summary>Both columns, median and best, for a benchmark class's config.</summary>
    public static IColumn[] Both(Func<BenchmarkCase, double?> flopsPerCall) => [new GflopsColumn(flopsPerCall), new GflopsColumn(flopsPerCall, best: true)];

    /// <summary>GFLOP/s of a case from its median (or best) time, or null if it has no result or no flop count.</summary>
    public double? Gflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? flops = flopsPerCall(benchmarkCase);
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? ns = best ? statistics?.Min : statistics?.Median;
        return flops is null || ns is null or <= 0 ? null : flops / ns;
    }

    public string Id => best ? "GflopsBest" : "Gflops";
    public string ColumnName => best ? "GFLOP/s best" : "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => best ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => best
        ? "Floating-point operations per second in the fastest iteration (a multiply-add counts as 2)"
        : "Floating-point operations per second, from the median time (a multiply-add counts as 2)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Gflops(summary, benchmarkCase)?.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public override string ToString() => ColumnName;
}

/// <summary>A GEMM shape C(m×n) = A(m×k)·B(k×n), as a BenchmarkDotNet parameter.</summary>
public sealed record GemmShape(int M, int K, int N)
{
    /// <summary>2·m·n·k: one multiply and one add per term.</summary>
    public double Flops => 2.0 * M * N * K;

    public override string ToString() => $"{M}x{K}x{N}";
}
