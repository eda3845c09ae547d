using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.OptimizationPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// The loop optimisations against central finite differences, at points that take them to their edges, and the
/// emitted code that shows each one applied (or, where it would be wrong, not applied).
/// </summary>
public class OptimizationTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    public void Inner_loops_recomputed_for_their_trip_count_only(int seed, int n)
    {
        var x = RandomPoint(seed + 100, n);
        new GradientCheck(
            nameof(TriangularTanh), Names("w", n * n) + " " + Names("b", n),
            p => TriangularTanh(Slice(p, 0, n * n), Slice(p, n * n, n), x),
            (p, d) => TriangularTanhGrad(Slice(p, 0, n * n), Slice(p, n * n, n), x, d.AsSpan(0, n * n), d.AsSpan(n * n, n)),
            (p, s, d) => TriangularTanhPullback(Slice(p, 0, n * n), Slice(p, n * n, n), x, s, d.AsSpan(0, n * n), d.AsSpan(n * n, n)))
            .Check(RandomPoint(seed, n * n + n));
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.0)]
    [InlineData(3, -1.0)]
    public void Inner_loop_left_by_break(int seed, double limit)
    {
        const int n = 3;
        var x = RandomPoint(seed + 100, n);
        new GradientCheck(
            nameof(InnerBreak), Names("w", n * n) + " " + Names("b", n),
            p => InnerBreak(Slice(p, 0, n * n), Slice(p, n * n, n), x, limit),
            (p, d) => InnerBreakGrad(Slice(p, 0, n * n), Slice(p, n * n, n), x, limit, d.AsSpan(0, n * n), d.AsSpan(n * n, n)),
            (p, s, d) => InnerBreakPullback(Slice(p, 0, n * n), Slice(p, n * n, n), x, limit, s, d.AsSpan(0, n * n), d.AsSpan(n * n, n)))
            .Check(RandomPoint(seed, n * n + n));
    }

    private static string Generated(string source) => string.Join("\n", GeneratorHarness.Run(source).GeneratedFiles.Select(f => f.Text));

    [Fact]
    public void A_recomputed_inner_loop_is_only_counted_when_nothing_else_of_it_is_needed()
    {
        var text = Generated("""
            using System;
            using DiffGen;
            public static partial class P
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> w, [NoDerivative] double[] x)
                {
                    double acc = 0.0;
                    for (int h = 0; h < x.Length; h++)
                    {
                        double pre = 0.0;
                        for (int k = 0; k < x.Length; k++)
                        {
                            pre += w[k] * x[k];
                        }

                        acc = acc * 0.5 + Math.Tanh(pre);
                    }

                    return acc;
                }
            }
            """);
        Assert.Contains("Only its iteration count is needed.", text);
        Assert.Contains("x.Length > k_1 ? x.Length - k_1 : 0", text);
    }
}
