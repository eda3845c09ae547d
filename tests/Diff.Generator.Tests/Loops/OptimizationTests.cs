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

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, 0.7, 3)]
    [InlineData(new[] { 1.5, 0.4 }, -0.4, 0)]
    [InlineData(new[] { -0.9 }, 1.3, 1)]
    public void Sums_that_reach_the_result_linearly(double[] v, double x, int n) =>
        new GradientCheck(
            nameof(LinearTail), Names("v", v.Length) + " x",
            p => LinearTail(Slice(p, 0, v.Length), p[v.Length], n),
            (p, d) =>
            {
                var value = LinearTailGrad(Slice(p, 0, v.Length), p[v.Length], n, d.AsSpan(0, v.Length), out var dx);
                d[v.Length] = dx;
                return value;
            },
            (p, s, d) => LinearTailPullback(Slice(p, 0, v.Length), p[v.Length], n, s, d.AsSpan(0, v.Length), ref d[v.Length]))
            .Check(v.Append(x).ToArray());

    [Theory]
    [InlineData(new[] { 0.3f, -1.2f, 2.5f }, 0.7f)]
    [InlineData(new[] { 1.5f }, -0.4f)]
    public void A_float_sum_that_reaches_the_result_linearly(float[] v, float x)
    {
        var dv = new float[v.Length];
        var value = LinearTailFGrad(v, x, dv, out var dx);
        Assert.Equal(LinearTailF(v, x), value);
        for (var i = 0; i < v.Length; i++)
        {
            Assert.Equal(MathF.Cos(v[i] * x) * x / v.Length, dv[i], 5);
        }

        Assert.Equal(v.Sum(e => MathF.Cos(e * x) * e) / v.Length - 1, dx, 5);
    }

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, 0.7)]
    [InlineData(new[] { 1.5, 0.4 }, 0.9)]
    [InlineData(new[] { 0.2 }, -0.3)]
    public void Sums_that_do_not_reach_the_result_linearly(double[] v, double x) =>
        new GradientCheck(
            nameof(NonlinearTail), Names("v", v.Length) + " x",
            p => NonlinearTail(Slice(p, 0, v.Length), p[v.Length]),
            (p, d) =>
            {
                var value = NonlinearTailGrad(Slice(p, 0, v.Length), p[v.Length], d.AsSpan(0, v.Length), out var dx);
                d[v.Length] = dx;
                return value;
            },
            (p, s, d) => NonlinearTailPullback(Slice(p, 0, v.Length), p[v.Length], s, d.AsSpan(0, v.Length), ref d[v.Length]))
            .Check(v.Append(x).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, 0.7)]
    [InlineData(new[] { 1.5 }, -0.4)]
    public void A_sum_over_a_local_array_written_after_the_loop(double[] v, double x) =>
        new GradientCheck(
            nameof(StoreAfterSum), Names("v", v.Length) + " x",
            p => StoreAfterSum(Slice(p, 0, v.Length), p[v.Length]),
            (p, d) =>
            {
                var value = StoreAfterSumGrad(Slice(p, 0, v.Length), p[v.Length], d.AsSpan(0, v.Length), out var dx);
                d[v.Length] = dx;
                return value;
            },
            (p, s, d) => StoreAfterSumPullback(Slice(p, 0, v.Length), p[v.Length], s, d.AsSpan(0, v.Length), ref d[v.Length]))
            .Check(v.Append(x).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4 }, 0.7)]
    [InlineData(new[] { 1.5, 0.4, -0.9 }, -1.1)]
    [InlineData(new[] { 0.6, -0.2 }, 1.3)]
    [InlineData(new[] { 0.9 }, 0.5)]
    public void Stencils_carried_between_iterations(double[] x, double k) =>
        new GradientCheck(
            nameof(Stencils), Names("x", x.Length) + " k",
            p => Stencils(Slice(p, 0, x.Length), p[x.Length]),
            (p, d) =>
            {
                var value = StencilsGrad(Slice(p, 0, x.Length), p[x.Length], d.AsSpan(0, x.Length), out var dk);
                d[x.Length] = dk;
                return value;
            },
            (p, s, d) => StencilsPullback(Slice(p, 0, x.Length), p[x.Length], s, d.AsSpan(0, x.Length), ref d[x.Length]))
            .Check(x.Append(k).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4 }, 0.5)]
    [InlineData(new[] { 1.5, 0.4, -0.9 }, 0.2)]
    [InlineData(new[] { 0.6, -0.2 }, -1.0)]
    public void Stencils_that_are_not_carried(double[] x, double limit) =>
        new GradientCheck(
            nameof(StencilsNotCarried), Names("x", x.Length),
            p => StencilsNotCarried(p, limit),
            (p, d) => StencilsNotCarriedGrad(p, limit, d),
            (p, s, d) => StencilsNotCarriedPullback(p, limit, s, d))
            .Check(x);

    [Theory]
    [InlineData(new[] { 0.3f, -1.2f, 2.5f })]
    [InlineData(new[] { 1.5f })]
    public void A_float_stencil(float[] x)
    {
        var dx = new float[x.Length];
        Assert.Equal(StencilF(x), StencilFGrad(x, dx));
        var expected = new float[x.Length];
        for (var i = 0; i + 1 < x.Length; i++)
        {
            expected[i] -= 2 * (x[i + 1] - x[i]);
            expected[i + 1] += 2 * (x[i + 1] - x[i]);
        }

        Assert.Equal(expected, dx);
    }

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, 0.7)]
    [InlineData(new[] { -0.5, 0.4 }, -0.4)]
    public void Adjoints_that_start_as_a_negation(double[] v, double x) =>
        new GradientCheck(
            nameof(Negations), Names("v", v.Length) + " x",
            p => Negations(Slice(p, 0, v.Length), p[v.Length]),
            (p, d) =>
            {
                var value = NegationsGrad(Slice(p, 0, v.Length), p[v.Length], d.AsSpan(0, v.Length), out var dx);
                d[v.Length] = dx;
                return value;
            },
            (p, s, d) => NegationsPullback(Slice(p, 0, v.Length), p[v.Length], s, d.AsSpan(0, v.Length), ref d[v.Length]))
            .Check(v.Append(x).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4, 1.1 }, 0.7, 0)]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4, 1.1 }, -0.6, 2)]
    [InlineData(new[] { 1.5, 0.4, -0.9 }, 1.3, 0)]
    [InlineData(new[] { 1.5, 0.4, -0.9 }, 1.3, 1)] // start = n − 2: the loop does not run, every element is zero
    [InlineData(new[] { 0.6, -0.2 }, -1.1, 0)]
    [InlineData(new[] { 0.9 }, 0.5, 0)]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8 }, 0.7, 7)]
    public void Grad_stores_a_stencil_and_clears_only_the_rest(double[] x, double k, int start) =>
        new GradientCheck(
            nameof(StoredStencil), Names("x", x.Length) + " k",
            p => StoredStencil(Slice(p, 0, x.Length), p[x.Length], start),
            (p, d) =>
            {
                var value = StoredStencilGrad(Slice(p, 0, x.Length), p[x.Length], start, d.AsSpan(0, x.Length), out var dk);
                d[x.Length] = dk;
                return value;
            },
            (p, s, d) => StoredStencilPullback(Slice(p, 0, x.Length), p[x.Length], start, s, d.AsSpan(0, x.Length), ref d[x.Length]))
            .Check(x.Append(k).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4 })]
    [InlineData(new[] { 1.5, 0.4, -0.9 })]
    [InlineData(new[] { 0.6, -0.2 })]
    public void Grad_stores_a_stencil_from_a_constant_start(double[] x) =>
        new GradientCheck(
            nameof(StoredStencilFromOne), Names("x", x.Length),
            p => StoredStencilFromOne(p),
            (p, d) => StoredStencilFromOneGrad(p, d),
            (p, s, d) => StoredStencilFromOnePullback(p, s, d))
            .Check(x);

    [Theory]
    [InlineData(new[] { 0.3f, -1.2f, 2.5f, 0.25f })]
    [InlineData(new[] { 1.5f })]
    public void Grad_stores_a_float_stencil(float[] x)
    {
        var dx = Enumerable.Repeat(float.NaN, x.Length).ToArray();
        Assert.Equal(StoredStencilF(x), StoredStencilFGrad(x, dx));
        var expected = new float[x.Length];
        for (var i = 1; i < x.Length; i++)
        {
            expected[i - 1] -= 2 * (x[i] - x[i - 1]);
            expected[i] += 2 * (x[i] - x[i - 1]);
        }

        Assert.Equal(expected, dx);
    }

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, new[] { 0.8, -0.4, 1.1, 0.2 }, 0.7, 2, true)]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, new[] { 0.8, -0.4, 1.1, 0.2 }, -0.6, 0, false)]
    [InlineData(new[] { 1.5 }, new[] { 0.8, -0.4 }, 1.3, 1, true)]
    [InlineData(new[] { 1.5, 0.4 }, new[] { 0.8 }, 1.3, 3, false)]
    public void Stencils_grad_must_not_store_into(double[] x, double[] y, double k, int passes, bool flag) =>
        new GradientCheck(
            nameof(StencilsNotStored), Names("x", x.Length) + " " + Names("y", y.Length) + " k",
            p => StencilsNotStored(Slice(p, 0, x.Length), Slice(p, x.Length, y.Length), p[x.Length + y.Length], passes, flag),
            (p, d) =>
            {
                var value = StencilsNotStoredGrad(Slice(p, 0, x.Length), Slice(p, x.Length, y.Length), p[x.Length + y.Length], passes, flag, d.AsSpan(0, x.Length), d.AsSpan(x.Length, y.Length), out var dk);
                d[x.Length + y.Length] = dk;
                return value;
            },
            (p, s, d) => StencilsNotStoredPullback(Slice(p, 0, x.Length), Slice(p, x.Length, y.Length), p[x.Length + y.Length], passes, flag, s, d.AsSpan(0, x.Length), d.AsSpan(x.Length, y.Length), ref d[x.Length + y.Length]))
            .Check(x.Concat(y).Append(k).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, true)]
    [InlineData(new[] { 0.3, -1.2, 2.5 }, false)]
    public void A_stencil_in_a_branch_is_not_stored(double[] x, bool flag) =>
        new GradientCheck(
            nameof(StencilInBranch), Names("x", x.Length),
            p => StencilInBranch(p, flag),
            (p, d) => StencilInBranchGrad(p, flag, d),
            (p, s, d) => StencilInBranchPullback(p, flag, s, d))
            .Check(x);

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4 }, 0.7, 0)]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8, -0.4 }, -1.1, 2)]
    [InlineData(new[] { 1.5, 0.4, -0.9 }, 0.6, 0)]
    [InlineData(new[] { 1.5, 0.4 }, 0.6, 0)] // no iteration
    [InlineData(new[] { 1.5, 0.4, -0.9 }, 0.6, 5)] // start past the end: nothing may be read
    public void Loads_carried_between_iterations(double[] x, double k, int start) =>
        new GradientCheck(
            nameof(CarriedLoads), Names("x", x.Length) + " k",
            p => CarriedLoads(Slice(p, 0, x.Length), p[x.Length], start),
            (p, d) =>
            {
                var value = CarriedLoadsGrad(Slice(p, 0, x.Length), p[x.Length], start, d.AsSpan(0, x.Length), out var dk);
                d[x.Length] = dk;
                return value;
            },
            (p, s, d) => CarriedLoadsPullback(Slice(p, 0, x.Length), p[x.Length], start, s, d.AsSpan(0, x.Length), ref d[x.Length]))
            .Check(x.Append(k).ToArray());

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8 }, 1.0)]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.8 }, 2.0)]
    [InlineData(new[] { 0.6, -0.2 }, -1.0)]
    public void Loads_that_are_not_carried(double[] x, double limit) =>
        new GradientCheck(
            nameof(LoadsNotCarried), Names("x", x.Length),
            p => LoadsNotCarried(p, limit),
            (p, d) => LoadsNotCarriedGrad(p, limit, d),
            (p, s, d) => LoadsNotCarriedPullback(p, limit, s, d))
            .Check(x);

    [Fact]
    public void Only_loads_of_loops_without_early_exit_are_carried()
    {
        var text = Generated("""
            using System;
            using DiffGen;
            public static partial class P
            {
                [Differentiable]
                public static double Carried(ReadOnlySpan<double> x)
                {
                    double s = 0.0;
                    for (int i = 0; i + 1 < x.Length; i++)
                    {
                        s += x[i] * Math.Sin(x[i + 1]);
                    }

                    return s;
                }

                [Differentiable]
                public static double Left(ReadOnlySpan<double> x, [NoDerivative] double limit)
                {
                    double s = 0.0;
                    for (int i = 0; i + 1 < x.Length; i++)
                    {
                        if (x[i + 1] > limit)
                        {
                            break;
                        }

                        s += x[i] * x[i + 1];
                    }

                    return s;
                }
            }
            """);
        var carried = Pullback(text, "Carried");
        Assert.Contains("_next_x0 = x[i_1];", carried);
        Assert.Matches(@"double _t\d+ = _next_x0;", carried); // x[i] not loaded in the loop
        Assert.Matches(@"_next_x0 = _t\d+;", carried); // x[i + 1] passed on
        Assert.DoesNotContain("= x[i_1];\n", carried.Substring(carried.IndexOf("while", StringComparison.Ordinal)));
        Assert.DoesNotContain("_next_", Pullback(text, "Left"));
    }

    [Fact]
    public void Grad_stores_only_stencils_that_are_the_only_writer_of_their_buffer()
    {
        var text = Generated("""
            using System;
            using DiffGen;
            public static partial class P
            {
                [Differentiable]
                public static double Stored(ReadOnlySpan<double> x, double k, int start)
                {
                    double s = 0.0;
                    for (int i = start; i < x.Length - 2; i++)
                    {
                        s += Math.Sin(x[i] * k) * x[i + 1];
                    }

                    return s * k;
                }

                [Differentiable]
                public static double NotStored(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double k, int passes, bool flag)
                {
                    double s = 0.0;
                    for (int i = 0; i + 1 < x.Length; i++)
                    {
                        s += x[i] * x[i + 1];
                    }

                    double t = 0.0;
                    for (int p = 0; p < passes; p++)
                    {
                        double u = 0.0;
                        for (int i = 0; i + 1 < y.Length; i++)
                        {
                            u += y[i] * Math.Cos(y[i + 1] * k);
                        }

                        t += u * k;
                    }

                    return s * k + x[0] * x[0] + t;
                }

                [Differentiable]
                public static double InBranch(ReadOnlySpan<double> x, bool flag)
                {
                    double s = 0.0;
                    if (flag)
                    {
                        for (int i = 0; i + 1 < x.Length; i++)
                        {
                            s += x[i] * Math.Sin(x[i + 1]);
                        }
                    }

                    return s;
                }
            }
            """);
        var stored = Grad(text, "Stored");
        Assert.DoesNotContain("dx.Clear();", stored);
        Assert.Contains("dx[i_1] = _carry_dx0;", stored);
        Assert.Contains("GradientKernels.ClearOutside(dx, i, i_1 + 1);", stored);
        Assert.DoesNotContain("Pullback(", stored);
        Assert.Contains("dx[i_1] += _carry_dx0;", Pullback(text, "Stored")); // Pullback still adds
        foreach (var method in new[] { "NotStored", "InBranch" })
        {
            var grad = Grad(text, method);
            Assert.Contains("dx.Clear();", grad);
            Assert.DoesNotContain("ClearOutside", grad);
        }
    }

    [Fact]
    public void Negations_are_folded_into_the_operations_that_use_them()
    {
        var text = Pullback(Generated("""
            using System;
            using DiffGen;
            public static partial class P
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double t = x * y;
                    double u = 1.0 - t;
                    double w = Math.Sin(u) - Math.Cos(t);
                    return w * u;
                }
            }
            """), "F");
        // −_d_u + f is written f − _d_u; no adjoint is declared as a bare negation.
        Assert.False(text.Contains("= -_d_", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Only_stencils_of_unconditional_terms_are_carried()
    {
        var text = Generated("""
            using System;
            using DiffGen;
            public static partial class P
            {
                [Differentiable]
                public static double Smooth(ReadOnlySpan<double> x)
                {
                    double s = 0.0;
                    for (int i = 1; i < x.Length - 1; i++)
                    {
                        double second = x[i - 1] - 2.0 * x[i] + x[i + 1];
                        s += second * second;
                    }

                    return s;
                }

                [Differentiable]
                public static double Conditional(ReadOnlySpan<double> x)
                {
                    double s = 0.0;
                    for (int i = 0; i + 1 < x.Length; i++)
                    {
                        if (x[i] > 0)
                        {
                            s += x[i] * x[i + 1];
                        }
                    }

                    return s;
                }
            }
            """);
        var smooth = Pullback(text, "Smooth");
        Assert.Contains("dx[i_1 - 1] += _carry_dx0;", smooth);
        Assert.Contains("if (i_1 != i)", smooth);
        Assert.Contains("dx[i_1] += _carry_dx1;", smooth); // after the loop: the two elements still carried
        Assert.DoesNotContain("_carry", Pullback(text, "Conditional"));
    }

    [Fact]
    public void Only_sums_that_reach_the_result_linearly_are_seeded_before_their_loop()
    {
        var text = Generated("""
            using System;
            using DiffGen;
            public static partial class P
            {
                [Differentiable]
                public static double Linear(ReadOnlySpan<double> v, double x)
                {
                    double s = x;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * x;
                    }

                    return 3.0 * s - s / v.Length;
                }

                [Differentiable]
                public static double Later(ReadOnlySpan<double> v, double x)
                {
                    double s = 0.0;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * x;
                    }

                    double k = Math.Exp(x);
                    double w = 0.0;
                    for (int i = 0; i < v.Length; i++)
                    {
                        w -= v[i];
                    }

                    return s * k + w * k;
                }

                [Differentiable]
                public static double Branch(ReadOnlySpan<double> v, double x)
                {
                    double s = 0.0;
                    for (int i = 0; i < v.Length; i++)
                    {
                        s += v[i] * x;
                    }

                    if (s > 1.0)
                    {
                        s = s * 0.5;
                    }

                    return s;
                }
            }
            """);
        Assert.Contains("double _d_s_1_seed = -seed / (double)v.Length + seed * 3d;", Pullback(text, "Linear"));
        // Later: the factor k is computed after the first loop (not seeded) and before the second (seeded).
        Assert.DoesNotContain("_d_s_1_seed", Pullback(text, "Later"));
        Assert.Contains("double _d_w_1_seed = seed * k;", Pullback(text, "Later"));
        Assert.DoesNotContain("_seed", Pullback(text, "Branch"));
    }

    /// <summary>The generated pullback of one method, from its signature to the next generated member.</summary>
    private static string Pullback(string text, string method)
    {
        var start = text.IndexOf("double " + method + "Pullback(", StringComparison.Ordinal);
        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
    }

    private static string Grad(string text, string method)
    {
        var start = text.IndexOf("double " + method + "Grad(", StringComparison.Ordinal);
        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
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
