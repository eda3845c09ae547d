using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.ZeroAdjointSkipPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// The reverse of a nested loop skipped when no adjoint flows into it (see <see cref="ZeroAdjointSkipPatterns"/>):
/// gradients against central finite differences where it applies and where it must not, and the emitted code that
/// shows which loops get the test.
/// </summary>
public class ZeroAdjointSkipTests
{
    private const string Skip = "Skipped when no adjoint flows into the loop";

    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
    }

    [Theory]
    [InlineData(1, 3, 4, 5)]
    [InlineData(2, 1, 3, 2)]
    [InlineData(3, 4, 2, 0)]
    public void The_largest_of_several_nested_sums(int seed, int groups, int features, int rows)
    {
        var data = RandomPoint(seed + 20, Math.Max(1, rows) * features);
        var n = groups * features;
        new GradientCheck(
            nameof(BestOfDots), Names("w", n),
            p => BestOfDots(p, data.Take(rows * features).ToArray(), groups),
            (p, d) => BestOfDotsGrad(p, data.Take(rows * features).ToArray(), groups, d),
            (p, s, d) => BestOfDotsPullback(p, data.Take(rows * features).ToArray(), groups, s, d))
            .Check(RandomPoint(seed, n));
    }

    [Theory]
    [InlineData(1, 5, 0.7)]
    [InlineData(2, 4, -0.4)]
    [InlineData(3, 6, 1.2)]
    public void A_nested_sum_used_in_one_branch_and_in_a_min(int seed, int n, double x) =>
        Check(nameof(UsedInABranch), n, x, (w, y) => UsedInABranch(w, y), (w, y, d) => (UsedInABranchGrad(w, y, d, out var dx), dx), (w, y, s, d, dx) => UsedInABranchPullback(w, y, s, d, ref dx[0]), seed);

    [Theory]
    [InlineData(1, 4, 0.6)]
    [InlineData(2, 3, -0.9)]
    public void Not_applied_where_the_nested_loop_stores(int seed, int n, double x) =>
        Check(nameof(StoresInTheLoop), n, x, (w, y) => StoresInTheLoop(w, y), (w, y, d) => (StoresInTheLoopGrad(w, y, d, out var dx), dx), (w, y, s, d, dx) => StoresInTheLoopPullback(w, y, s, d, ref dx[0]), seed);

    [Theory]
    [InlineData(1, 4, 0.6)]
    [InlineData(2, 5, -0.5)]
    public void Not_applied_where_the_nested_loop_records(int seed, int n, double x) =>
        Check(nameof(RecordsOnTheTape), n, x, (w, y) => RecordsOnTheTape(w, y), (w, y, d) => (RecordsOnTheTapeGrad(w, y, d, out var dx), dx), (w, y, s, d, dx) => RecordsOnTheTapePullback(w, y, s, d, ref dx[0]), seed);

    [Theory]
    [InlineData(1, 4, 0.6)]
    public void Not_applied_where_nothing_discards(int seed, int n, double x) =>
        Check(nameof(NeverDiscarded), n, x, (w, y) => NeverDiscarded(w, y), (w, y, d) => (NeverDiscardedGrad(w, y, d, out var dx), dx), (w, y, s, d, dx) => NeverDiscardedPullback(w, y, s, d, ref dx[0]), seed);

    [Fact]
    public void Only_loops_whose_result_may_be_discarded_get_the_test()
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));
        Assert.Contains(Skip, Pullback(text, "BestOfDots"));
        Assert.Contains(Skip, Pullback(text, "UsedInABranch"));
        Assert.DoesNotContain(Skip, Pullback(text, "StoresInTheLoop"));
        Assert.DoesNotContain(Skip, Pullback(text, "RecordsOnTheTape"));
        Assert.DoesNotContain(Skip, Pullback(text, "NeverDiscarded"));
    }

    private delegate (double Value, double Dx) GradOf(double[] w, double x, Span<double> dw);

    private delegate double PullbackOf(double[] w, double x, double seed, Span<double> dw, double[] dx);

    private static void Check(string name, int n, double x, Func<double[], double, double> primal, GradOf grad, PullbackOf pullback, int seed) =>
        new GradientCheck(
            name, Names("w", n) + " x",
            p => primal(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var (value, dx) = grad(Slice(p, 0, n), p[n], d.AsSpan(0, n));
                d[n] = dx;
                return value;
            },
            (p, s, d) =>
            {
                var dx = new[] { d[n] };
                var value = pullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), dx);
                d[n] = dx[0];
                return value;
            })
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    private static string Pullback(string text, string name)
    {
        var start = text.IndexOf("double " + name + "Pullback(", StringComparison.Ordinal);
        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        return text.Substring(start, (end < 0 ? text.Length : end) - start);
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "ZeroAdjointSkipPatterns.cs");
}
