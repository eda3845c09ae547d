using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.RecordedLoopPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Loops whose iterations are recorded rather than recomputed (see <see cref="RecordedLoopPatterns"/>), against central
/// finite differences, and the emitted code that shows the recording applied, or not applied where it must not be.
/// </summary>
public class RecordedLoopTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length, double scale = 0.8)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    [Theory]
    [InlineData(1, 3, 4, 5)]
    [InlineData(2, 2, 1, 3)]
    [InlineData(3, 4, 3, 0)]
    public void Softmax_cross_entropy_with_a_stored_logit_buffer(int seed, int classes, int features, int samples)
    {
        var data = RandomPoint(seed + 50, Math.Max(1, samples) * features, 2.0);
        var n = classes * features;
        new GradientCheck(
            nameof(Softmax), Names("w", n),
            p => Softmax(p, data, classes, Math.Max(1, samples)),
            (p, d) => SoftmaxGrad(p, data, classes, Math.Max(1, samples), d),
            (p, s, d) => SoftmaxPullback(p, data, classes, Math.Max(1, samples), s, d))
            .Check(RandomPoint(seed, n, 1.5));
    }

    [Theory]
    [InlineData(1, 5, 3)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 4, 0)]
    public void Gauss_Seidel_sweeps_reading_the_neighbours_they_overwrite(int seed, int n, int sweeps)
    {
        var diagonal = RandomPoint(seed + 7, n).Select(v => 3 + v).ToArray();
        new GradientCheck(
            nameof(Sweeps), Names("diag", n) + " " + Names("rhs", n),
            p => Sweeps(Slice(p, 0, n), Slice(p, n, n), sweeps),
            (p, d) => SweepsGrad(Slice(p, 0, n), Slice(p, n, n), sweeps, d.AsSpan(0, n), d.AsSpan(n, n)),
            (p, s, d) => SweepsPullback(Slice(p, 0, n), Slice(p, n, n), sweeps, s, d.AsSpan(0, n), d.AsSpan(n, n)))
            .Check(diagonal.Concat(RandomPoint(seed, n)).ToArray());
    }

    [Theory]
    [InlineData(1, 6, 3, 0.7)]
    [InlineData(2, 5, 1, -0.4)]
    [InlineData(3, 7, 4, 1.3)]
    public void Stores_loads_and_a_nested_loop_in_branches_of_a_recorded_loop(int seed, int n, int m, double x) =>
        new GradientCheck(
            nameof(Branchy), Names("w", n) + " x",
            p => Branchy(Slice(p, 0, n), p[n], m),
            (p, d) =>
            {
                var value = BranchyGrad(Slice(p, 0, n), p[n], m, d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => BranchyPullback(Slice(p, 0, n), p[n], m, s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 4, 0.7, 0.5)]
    [InlineData(2, 3, -0.4, 100.0)]
    [InlineData(3, 5, 1.3, 0.0)]
    public void A_nested_loop_whose_counter_is_read_after_it(int seed, int n, double x, double limit) =>
        new GradientCheck(
            nameof(CounterReadAfter), Names("w", n) + " x",
            p => CounterReadAfter(Slice(p, 0, n), p[n], limit),
            (p, d) =>
            {
                var value = CounterReadAfterGrad(Slice(p, 0, n), p[n], limit, d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => CounterReadAfterPullback(Slice(p, 0, n), p[n], limit, s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 3, 0.6f)]
    [InlineData(2, 1, -0.3f)]
    public void Three_levels_of_float_stores(int seed, int n, float x)
    {
        var w = RandomPoint(seed, n).Select(v => (float)v).ToArray();
        var dw = new float[n];
        var value = ThreeLevelsGrad(w, x, dw, out var dx);
        Assert.Equal(ThreeLevels(w, x), value);

        // Central differences in double on the float function, with a step float can resolve.
        double F(float[] v, float y) => ThreeLevels(v, y);
        const float h = 1e-2f;
        for (var i = 0; i < n; i++)
        {
            var plus = (float[])w.Clone();
            var minus = (float[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (F(plus, x) - F(minus, x)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(fd - dw[i]) <= 2e-2 * Math.Max(1, Math.Abs(fd)), $"dw[{i}] = {dw[i]}, FD {fd}");
        }

        var fdx = (F(w, x + h) - F(w, x - h)) / ((x + h) - (x - h));
        Assert.True(Math.Abs(fdx - dx) <= 2e-2 * Math.Max(1, Math.Abs(fdx)), $"dx = {dx}, FD {fdx}");

        var seeded = Enumerable.Repeat(0.5f, n).ToArray();
        var dxPullback = 0.25f;
        Assert.Equal(value, ThreeLevelsPullback(w, x, 2f, seeded, ref dxPullback));
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(0.5f + 2f * dw[i], seeded[i], 3);
        }
    }

    [Theory]
    [InlineData(1, 4, 0.7)]
    [InlineData(2, 2, -1.1)]
    public void A_loop_that_clears_its_local_array_every_iteration(int seed, int n, double x) =>
        new GradientCheck(
            nameof(LocalArrayPerIteration), Names("w", n) + " x",
            p => LocalArrayPerIteration(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var value = LocalArrayPerIterationGrad(Slice(p, 0, n), p[n], d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => LocalArrayPerIterationPullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 4, 0.7)]
    [InlineData(2, 3, -0.9)]
    public void Not_recorded_a_condition_on_the_written_array(int seed, int n, double x) =>
        new GradientCheck(
            nameof(ConditionOnWrittenArray), Names("w", n) + " x",
            p => ConditionOnWrittenArray(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var value = ConditionOnWrittenArrayGrad(Slice(p, 0, n), p[n], d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => ConditionOnWrittenArrayPullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    private static string Pullback(string method)
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));
        var start = text.IndexOf("double " + method + "Pullback(", StringComparison.Ordinal);
        if (start < 0)
        {
            start = text.IndexOf("float " + method + "Pullback(", StringComparison.Ordinal);
        }

        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "RecordedLoopPatterns.cs");

    [Fact]
    public void The_softmax_records_its_nested_loops_instead_of_running_them_again()
    {
        var code = Pullback(nameof(Softmax));
        var reverse = code.Substring(code.IndexOf("// Reverse sweep", StringComparison.Ordinal));

        // The forward pushes the overwritten logit only (no index, no count); nothing is undone in bulk.
        Assert.DoesNotContain("_undo", code);
        Assert.DoesNotContain("_stores", code);

        // The reverse never runs the dot product forward again: no 'while' loop in it at all.
        Assert.DoesNotContain("while (", reverse);
    }

    [Fact]
    public void Gauss_Seidel_records_one_overwritten_element_per_update()
    {
        var code = Pullback(nameof(Sweeps));
        Assert.DoesNotContain("_undo", code);
        Assert.DoesNotContain("_index", code);
        var forward = code.Substring(0, code.IndexOf("// Reverse sweep", StringComparison.Ordinal));

        // Per update: the element overwritten (no index, no count) and the two neighbours the product reads, which the
        // reverse cannot reload: by then the array holds what the whole iteration left in it.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(forward, @"_tape\.Push\(x\["));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(forward, @"_tape\.Push\(").Count);
    }

    [Fact]
    public void A_counted_nested_loop_gets_its_trip_count_in_closed_form_unless_its_counter_is_recorded()
    {
        var code = Pullback(nameof(CounterReadAfter));
        var reverse = code.Substring(code.IndexOf("// Reverse sweep", StringComparison.Ordinal));

        // The while loop with a data-dependent exit is recorded; the counted for loop's count too, since its counter's
        // final value k is read after it (and so recorded).
        Assert.DoesNotContain("Only its iteration count is needed.", reverse);
    }

    [Fact]
    public void Not_recorded_where_it_must_not_be()
    {
        // The recomputation would read the written array outside a load it can record (the condition's inlined
        // element): the loop keeps the recomputation, and undoes its stores first.
        Assert.Contains("_undo", Pullback(nameof(ConditionOnWrittenArray)));
    }
}

/// <summary>Sums carried through nested loops (see <see cref="NestedSumPatterns"/>), against central finite differences.</summary>
public class NestedSumTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
    }

    private static double[] Lattice(int particles, int seed)
    {
        // Particles near the points of a grid, 1 apart: no two closer than about 0.6.
        var random = new Random(seed);
        return Enumerable.Range(0, particles).SelectMany(p => new[] { p % 3 + 0.2 * random.NextDouble(), p / 3 + 0.2 * random.NextDouble() }).ToArray();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 5)]
    public void A_pair_energy_fused_through_both_loops(int seed, int particles)
    {
        var n = 2 * particles;
        new GradientCheck(
            nameof(NestedSumPatterns.PairEnergy), Names("p", n) + " epsilon sigma",
            p => NestedSumPatterns.PairEnergy(Slice(p, 0, n), p[n], p[n + 1]),
            (p, d) =>
            {
                var value = NestedSumPatterns.PairEnergyGrad(Slice(p, 0, n), p[n], p[n + 1], d.AsSpan(0, n), out var de, out var ds);
                d[n] = de;
                d[n + 1] = ds;
                return value;
            },
            (p, s, d) => NestedSumPatterns.PairEnergyPullback(Slice(p, 0, n), p[n], p[n + 1], s, d.AsSpan(0, n), ref d[n], ref d[n + 1]))
            .Check(Lattice(particles, seed).Append(1.3).Append(0.5).ToArray());
    }

    [Theory]
    [InlineData(1, 4, 0.7)]
    [InlineData(2, 1, -0.3)]
    [InlineData(3, 0, 0.4)]
    public void Three_levels_carrying_one_sum(int seed, int n, double x) =>
        Check(nameof(NestedSumPatterns.ThreeLevelSum), n, x, seed, NestedSumPatterns.ThreeLevelSum,
            (w, y, dw) => (NestedSumPatterns.ThreeLevelSumGrad(w, y, dw, out var dx), dx),
            (w, y, s, dw, ref dx) => NestedSumPatterns.ThreeLevelSumPullback(w, y, s, dw, ref dx));

    [Theory]
    [InlineData(1, 3, 0.7)]
    [InlineData(2, 1, -0.3)]
    public void Not_fused_when_the_result_is_not_linear_in_the_sum(int seed, int n, double x) =>
        Check(nameof(NestedSumPatterns.NonlinearResult), n, x, seed, NestedSumPatterns.NonlinearResult,
            (w, y, dw) => (NestedSumPatterns.NonlinearResultGrad(w, y, dw, out var dx), dx),
            (w, y, s, dw, ref dx) => NestedSumPatterns.NonlinearResultPullback(w, y, s, dw, ref dx));

    [Theory]
    [InlineData(1, 3, 0.7)]
    [InlineData(2, 2, -0.3)]
    public void Not_fused_when_the_inner_loop_reads_the_sum(int seed, int n, double x) =>
        Check(nameof(NestedSumPatterns.InnerReadsTheSum), n, x, seed, NestedSumPatterns.InnerReadsTheSum,
            (w, y, dw) => (NestedSumPatterns.InnerReadsTheSumGrad(w, y, dw, out var dx), dx),
            (w, y, s, dw, ref dx) => NestedSumPatterns.InnerReadsTheSumPullback(w, y, s, dw, ref dx));

    private delegate double Primal(ReadOnlySpan<double> w, double x);

    private delegate (double Value, double Dx) Grad(ReadOnlySpan<double> w, double x, Span<double> dw);

    private delegate double Pullback(ReadOnlySpan<double> w, double x, double seed, Span<double> dw, ref double dx);

    private static void Check(string name, int n, double x, int seed, Primal primal, Grad grad, Pullback pullback) =>
        new GradientCheck(
            name, Names("w", n) + " x",
            p => primal(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var (value, dx) = grad(Slice(p, 0, n), p[n], d.AsSpan(0, n));
                d[n] = dx;
                return value;
            },
            (p, s, d) => pullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    private static string PullbackText(string method)
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));
        var start = text.IndexOf("double " + method + "Pullback(", StringComparison.Ordinal);
        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "RecordedLoopPatterns.cs");

    [Fact]
    public void Fused_nests_record_nothing_and_have_no_reverse_loop()
    {
        foreach (var method in new[] { nameof(NestedSumPatterns.PairEnergy), nameof(NestedSumPatterns.ThreeLevelSum) })
        {
            var code = PullbackText(method);
            Assert.DoesNotContain("_tape", code);
            Assert.DoesNotContain("for (int _k", code.Substring(code.IndexOf("// Reverse sweep", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Not_fused_where_it_must_not_be()
    {
        foreach (var method in new[] { nameof(NestedSumPatterns.NonlinearResult), nameof(NestedSumPatterns.InnerReadsTheSum) })
        {
            var code = PullbackText(method);
            Assert.Contains("for (int _k", code.Substring(code.IndexOf("// Reverse sweep", StringComparison.Ordinal)));
        }
    }
}

/// <summary>Loop-invariant code motion (see <see cref="InvariantPatterns"/>), against central finite differences.</summary>
public class LoopInvariantTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
    }

    [Theory]
    [InlineData(1, 3, 2, 0.7, 0.3)]
    [InlineData(2, 1, 1, -0.4, 1.1)]
    [InlineData(3, 4, 0, 0.5, -0.2)]
    [InlineData(4, 0, 2, 0.9, 0.6)]
    public void Invariants_moved_out_of_their_loops(int seed, int n, int outer, double a, double b) =>
        new GradientCheck(
            nameof(InvariantPatterns.Invariants), Names("w", n) + " a b",
            p => InvariantPatterns.Invariants(Slice(p, 0, n), p[n], p[n + 1], outer),
            (p, d) =>
            {
                var value = InvariantPatterns.InvariantsGrad(Slice(p, 0, n), p[n], p[n + 1], outer, d.AsSpan(0, n), out var da, out var db);
                d[n] = da;
                d[n + 1] = db;
                return value;
            },
            (p, s, d) => InvariantPatterns.InvariantsPullback(Slice(p, 0, n), p[n], p[n + 1], outer, s, d.AsSpan(0, n), ref d[n], ref d[n + 1]))
            .Check(RandomPoint(seed, n).Append(a).Append(b).ToArray());

    [Theory]
    [InlineData(1, 3, 0.7)]
    [InlineData(2, 1, -0.4)]
    public void An_invariant_in_a_recorded_loop(int seed, int n, double a) =>
        new GradientCheck(
            nameof(InvariantPatterns.InvariantInRecordedLoop), Names("w", n) + " a",
            p => InvariantPatterns.InvariantInRecordedLoop(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var value = InvariantPatterns.InvariantInRecordedLoopGrad(Slice(p, 0, n), p[n], d.AsSpan(0, n), out var da);
                d[n] = da;
                return value;
            },
            (p, s, d) => InvariantPatterns.InvariantInRecordedLoopPullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(a).ToArray());

    [Fact]
    public void What_moves_and_what_stays()
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));
        var start = text.IndexOf("double InvariantsPullback(", StringComparison.Ordinal);
        var code = text.Substring(start, text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal) - start);
        var forward = code.Substring(0, code.IndexOf("// Reverse sweep", StringComparison.Ordinal));
        var outerLoop = forward.IndexOf("while (", StringComparison.Ordinal);
        var innerLoop = forward.IndexOf("while (", outerLoop + 1, StringComparison.Ordinal);

        // a * a + Exp(b) before both loops; scale * shift between them; w[i] * scale and the branch's Sqrt inside.
        Assert.InRange(forward.IndexOf("global::System.Math.Exp(b)", StringComparison.Ordinal), 0, outerLoop);
        Assert.InRange(forward.IndexOf("* shift;", StringComparison.Ordinal), outerLoop, innerLoop);
        Assert.True(forward.IndexOf("global::System.Math.Sqrt(", StringComparison.Ordinal) > innerLoop);
        Assert.True(forward.IndexOf("w[i_", StringComparison.Ordinal) > innerLoop);
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "RecordedLoopPatterns.cs");
}

/// <summary>Induction variables restored from the iteration number (see <see cref="InductionPatterns"/>), against central finite differences.</summary>
public class InductionVariableTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void A_triangular_index_moved_every_iteration(int seed, int d)
    {
        var m = d * (d - 1) / 2;
        new GradientCheck(
            nameof(InductionPatterns.Triangular), Names("l", m) + " " + Names("x", d),
            p => InductionPatterns.Triangular(Slice(p, 0, m), Slice(p, m, d)),
            (p, g) => InductionPatterns.TriangularGrad(Slice(p, 0, m), Slice(p, m, d), g.AsSpan(0, m), g.AsSpan(m, d)),
            (p, s, g) => InductionPatterns.TriangularPullback(Slice(p, 0, m), Slice(p, m, d), s, g.AsSpan(0, m), g.AsSpan(m, d)))
            .Check(RandomPoint(seed, m + d));
    }

    [Theory]
    [InlineData(1, 5, 0.7)]
    [InlineData(2, 3, -0.6)]
    public void Not_induction_variables(int seed, int n, double x) =>
        new GradientCheck(
            nameof(InductionPatterns.NotInduction), Names("w", n) + " x",
            p => InductionPatterns.NotInduction(Slice(p, 0, n), p[n]),
            (p, g) =>
            {
                var value = InductionPatterns.NotInductionGrad(Slice(p, 0, n), p[n], g.AsSpan(0, n), out var dx);
                g[n] = dx;
                return value;
            },
            (p, s, g) => InductionPatterns.NotInductionPullback(Slice(p, 0, n), p[n], s, g.AsSpan(0, n), ref g[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Fact]
    public void The_triangular_index_is_not_recorded()
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));
        var start = text.IndexOf("double TriangularPullback(", StringComparison.Ordinal);
        var code = text.Substring(start, text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal) - start);
        // The inner loop's index is restored from the iteration number (the outer loop, whose index moves by the
        // inner trip count, records its own once per outer iteration); the countdown too.
        Assert.Contains("idx_2 = idx_1 + _k", code);
        Assert.DoesNotContain("_tape.Push(idx_2", code);
        Assert.DoesNotContain("_tape.Push(back", code);

        var notInduction = text.Substring(text.IndexOf("double NotInductionPullback(", StringComparison.Ordinal));
        Assert.Contains("_tape.Push(k", notInduction);
        Assert.Contains("_tape.Push(m", notInduction);
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "RecordedLoopPatterns.cs");
}
