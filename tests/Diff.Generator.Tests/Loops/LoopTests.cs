using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.LoopPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Loops over arrays and spans against central finite differences (and closed forms where they exist), at several
/// points: value bit-for-bit, gradient, and Pullback adding seed·gradient into pre-filled buffers.
/// </summary>
public class LoopTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 })]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 })]
    [InlineData(new[] { -0.7 })]
    public void Sum_of_squares(double[] v) =>
        new GradientCheck(
            nameof(SumOfSquares), Names("v", v.Length),
            p => SumOfSquares(p),
            (p, d) => SumOfSquaresGrad(p, d),
            (p, s, d) => SumOfSquaresPullback(p, s, d),
            p => p.Select(x => 2 * x).ToArray()).Check(v);

    [Theory]
    [InlineData(new[] { -1.2, 1.0 })]
    [InlineData(new[] { 0.5, 0.3, -0.4, 1.1 })]
    [InlineData(new[] { 1.5, 2.0, 0.1, -0.8, 0.9, 1.3 })]
    public void Rosenbrock_over_a_span(double[] x) =>
        new GradientCheck(
            nameof(Rosenbrock), Names("x", x.Length),
            p => Rosenbrock(p),
            (p, d) => RosenbrockGrad(p, d),
            (p, s, d) => RosenbrockPullback(p, s, d),
            RosenbrockGradient).Check(x);

    private static double[] RosenbrockGradient(double[] x)
    {
        var g = new double[x.Length];
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var t = x[i + 1] - x[i] * x[i];
            g[i] += -400 * x[i] * t - 2 * (1 - x[i]);
            g[i + 1] += 200 * t;
        }

        return g;
    }

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 })]
    [InlineData(new[] { 10.0, 11.0, 9.5, -3.0 })]
    [InlineData(new[] { -5.0, 1.0 })]
    public void Log_sum_exp_with_a_running_max(double[] v) =>
        new GradientCheck(
            nameof(LogSumExp), Names("v", v.Length),
            p => LogSumExp(p),
            (p, d) => LogSumExpGrad(p, d),
            (p, s, d) => LogSumExpPullback(p, s, d),
            p => p.Select(x => Math.Exp(x) / p.Sum(Math.Exp)).ToArray()) { AnalyticTolerance = 1e-12 }.Check(v);

    private static readonly double[] Data = { 0.5, -1.0, 2.0, 1.5, 0.3, -0.7, -2.0, 0.8, 1.1, 0.0, 0.4, -0.3 };
    private static readonly double[] Labels = { 1, 0, 1, 0 };

    [Theory]
    [InlineData(0.1, -0.2, 0.3, 0.05)]
    [InlineData(1.5, 0.7, -2.0, -0.4)]
    [InlineData(-3.0, 2.0, 1.0, 2.5)]
    public void Logistic_loss_with_nested_loops(double w0, double w1, double w2, double bias) =>
        new GradientCheck(
            nameof(LogisticLoss), "w0 w1 w2 bias",
            p => LogisticLoss(Slice(p, 0, 3), p[3], Data, Labels, 3),
            (p, d) =>
            {
                var dw = new double[3];
                var value = LogisticLossGrad(Slice(p, 0, 3), p[3], Data, Labels, 3, dw, out var dbias);
                dw.CopyTo(d, 0);
                d[3] = dbias;
                return value;
            },
            (p, s, d) =>
            {
                var dw = Slice(d, 0, 3);
                var value = LogisticLossPullback(Slice(p, 0, 3), p[3], Data, Labels, 3, s, dw, ref d[3]);
                dw.CopyTo(d, 0);
                return value;
            },
            p => LogisticGradient(p)).Check(w0, w1, w2, bias);

    private static double[] LogisticGradient(double[] p)
    {
        var g = new double[4];
        for (var r = 0; r < Labels.Length; r++)
        {
            var z = p[3] + p[0] * Data[3 * r] + p[1] * Data[(3 * r) + 1] + p[2] * Data[(3 * r) + 2];
            var residual = (1 / (1 + Math.Exp(-z))) - Labels[r];
            for (var j = 0; j < 3; j++)
            {
                g[j] += residual * Data[(3 * r) + j] / Labels.Length;
            }

            g[3] += residual / Labels.Length;
        }

        return g;
    }

    private static readonly double[] Inputs = { 0.5, -1.0, 0.25, 2.0, -0.5, 1.0 };
    private static readonly double[] Targets = { 0.3, -0.2, 0.7 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Two_layer_tanh_network(int seed)
    {
        // 2 inputs, 3 hidden units: w1 (6), b1 (3), w2 (3), b2 (1) = 13 parameters.
        var random = new Random(seed);
        var point = Enumerable.Range(0, 13).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        new GradientCheck(
            nameof(TwoLayerLoss), Names("p", 13),
            p => TwoLayerLoss(Slice(p, 0, 6), Slice(p, 6, 3), Slice(p, 9, 3), p[12], Inputs, Targets, 2),
            (p, d) =>
            {
                var value = TwoLayerLossGrad(Slice(p, 0, 6), Slice(p, 6, 3), Slice(p, 9, 3), p[12], Inputs, Targets, 2, d.AsSpan(0, 6), d.AsSpan(6, 3), d.AsSpan(9, 3), out var db2);
                d[12] = db2;
                return value;
            },
            (p, s, d) => TwoLayerLossPullback(Slice(p, 0, 6), Slice(p, 6, 3), Slice(p, 9, 3), p[12], Inputs, Targets, 2, s, d.AsSpan(0, 6), d.AsSpan(6, 3), d.AsSpan(9, 3), ref d[12]))
            .Check(point);
    }

    [Theory]
    [InlineData(0.3, 4)]
    [InlineData(-0.45, 7)]
    [InlineData(0.2, 0)]
    public void Scalar_overwritten_in_a_loop(double x, int n) =>
        new GradientCheck(
            nameof(Iterate), "x",
            p => Iterate(p[0], n),
            (p, d) => IterateGrad(p[0], n, out d[0]),
            (p, s, d) => IteratePullback(p[0], n, s, ref d[0])).Check(x);

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.3)]
    [InlineData(17.5)]
    public void While_loop_fixed_point_iteration(double a) =>
        new GradientCheck(
            nameof(NewtonSqrt), "a",
            p => NewtonSqrt(p[0]),
            (p, d) => NewtonSqrtGrad(p[0], out d[0]),
            (p, s, d) => NewtonSqrtPullback(p[0], s, ref d[0]),
            p => new[] { 0.5 / Math.Sqrt(p[0]) }) { AnalyticTolerance = 1e-9 }.Check(a);

    [Theory]
    [InlineData(5.3)]
    [InlineData(0.7)]
    [InlineData(40.1)]
    public void Do_while_loop(double x) =>
        new GradientCheck(
            nameof(HalveUntilSmall), "x",
            p => HalveUntilSmall(p[0]),
            (p, d) => HalveUntilSmallGrad(p[0], out d[0]),
            (p, s, d) => HalveUntilSmallPullback(p[0], s, ref d[0])).Check(x);

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0, 9.0, 3.0, 1.5 })]
    [InlineData(new[] { -0.5, 0.7, 1.2 })]
    [InlineData(new[] { 4.5, 1.0 })]
    public void Break_and_continue(double[] v) =>
        new GradientCheck(
            nameof(BreakAndContinue), Names("v", v.Length) + " threshold",
            p => BreakAndContinue(Slice(p, 0, v.Length), p[v.Length]),
            (p, d) =>
            {
                var value = BreakAndContinueGrad(Slice(p, 0, v.Length), p[v.Length], d.AsSpan(0, v.Length), out var dt);
                d[v.Length] = dt;
                return value;
            },
            (p, s, d) => BreakAndContinuePullback(Slice(p, 0, v.Length), p[v.Length], s, d.AsSpan(0, v.Length), ref d[v.Length]))
            .Check(v.Append(4.0).ToArray());

    [Theory]
    [InlineData(0.5, 1.5, 0.3, 2.0, 4.0)]
    [InlineData(0.5, 1.5, 0.3, 2.0, 100.0)]
    [InlineData(-1.0, 2.5, 1.2, -0.4, 1.0)]
    public void Early_return_from_a_nested_loop(double a0, double a1, double b0, double b1, double limit) =>
        new GradientCheck(
            nameof(FirstLargeProduct), "a0 a1 b0 b1 limit",
            p => FirstLargeProduct(Slice(p, 0, 2), Slice(p, 2, 2), p[4]),
            (p, d) =>
            {
                var value = FirstLargeProductGrad(Slice(p, 0, 2), Slice(p, 2, 2), p[4], d.AsSpan(0, 2), d.AsSpan(2, 2), out var dl);
                d[4] = dl;
                return value;
            },
            (p, s, d) => FirstLargeProductPullback(Slice(p, 0, 2), Slice(p, 2, 2), p[4], s, d.AsSpan(0, 2), d.AsSpan(2, 2), ref d[4]))
            .Check(a0, a1, b0, b1, limit);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.3)]
    [InlineData(2.2)]
    public void While_loop_counting_down(double x)
    {
        double[] c = { 1.0, -2.0, 0.5, 3.0 };
        new GradientCheck(
            nameof(Horner), "x",
            p => Horner(p[0], c),
            (p, d) => HornerGrad(p[0], c, out d[0]),
            (p, s, d) => HornerPullback(p[0], c, s, ref d[0]),
            p => new[] { -2.0 + (2 * 0.5 * p[0]) + (3 * 3.0 * p[0] * p[0]) }).Check(x);
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-1.25f)]
    [InlineData(1.75f)]
    public void Float_loop_with_an_active_array(float x)
    {
        float[] c = { 1.0f, -2.0f, 0.5f };
        new FloatGradientCheck(
            nameof(HornerFloat), "x c0 c1 c2",
            p => HornerFloat(p[0], p[1..]),
            (p, d) =>
            {
                var value = HornerFloatGrad(p[0], p[1..], out d[0], d.AsSpan(1));
                return value;
            },
            (p, s, d) => HornerFloatPullback(p[0], p[1..], s, ref d[0], d.AsSpan(1)),
            p => new[] { p[2] + (2 * p[3] * p[0]), 1, p[0], p[0] * p[0] }).Check(x, c[0], c[1], c[2]);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 0.5, -1.0, 2.0 })]
    [InlineData(new[] { 0.3, 0.4 }, new[] { 1.5, -0.2 })]
    [InlineData(new[] { -2.0, 1.0, 0.5, 0.1 }, new[] { 1.0, 1.0, -1.0, 3.0 })]
    public void Calls_with_array_arguments(double[] a, double[] b) =>
        new GradientCheck(
            nameof(CosineSimilarity), Names("a", a.Length) + " " + Names("b", b.Length),
            p => CosineSimilarity(Slice(p, 0, a.Length), Slice(p, a.Length, b.Length)),
            (p, d) => CosineSimilarityGrad(Slice(p, 0, a.Length), Slice(p, a.Length, b.Length), d.AsSpan(0, a.Length), d.AsSpan(a.Length)),
            (p, s, d) => CosineSimilarityPullback(Slice(p, 0, a.Length), Slice(p, a.Length, b.Length), s, d.AsSpan(0, a.Length), d.AsSpan(a.Length)))
            .Check(a.Concat(b).ToArray());

    [Theory]
    [InlineData(0.3, 0.8, 3)]
    [InlineData(-0.5, 1.2, 5)]
    [InlineData(1.1, -0.4, 1)]
    public void Two_counters_a_swap_and_a_call_in_the_loop(double x, double y, int n) =>
        new GradientCheck(
            nameof(Swapping), "x y",
            p => Swapping(p[0], p[1], n),
            (p, d) => SwappingGrad(p[0], p[1], n, out d[0], out d[1]),
            (p, s, d) => SwappingPullback(p[0], p[1], n, s, ref d[0], ref d[1])).Check(x, y);

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0 })]
    [InlineData(new[] { 1.5, 0.25, -0.75 })]
    [InlineData(new[] { -2.0, 3.0, 0.1 })]
    public void Passive_data_passed_to_an_active_array_parameter(double[] w)
    {
        double[] data = { 0.3, -0.6, 1.2 };
        new GradientCheck(
            nameof(WeightedByData), Names("w", 3),
            p => WeightedByData(p, data),
            (p, d) => WeightedByDataGrad(p, data, d),
            (p, s, d) => WeightedByDataPullback(p, data, s, d),
            p => new[] { data[0] + data.Sum(x => x * x), data[1], data[2] }).Check(w);
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0 }, 0.7)]
    [InlineData(new[] { 1.5, 0.25, -0.75, 0.1 }, -0.4)]
    [InlineData(new[] { -2.0 }, 1.3)]
    public void Recorded_values_of_an_inner_loop_rerun_by_the_outer_reverse(double[] v, double x) =>
        new GradientCheck(
            nameof(InnerTermsOnly), Names("v", v.Length) + " x",
            p => InnerTermsOnly(Slice(p, 0, v.Length), p[v.Length]),
            (p, d) =>
            {
                var value = InnerTermsOnlyGrad(Slice(p, 0, v.Length), p[v.Length], d.AsSpan(0, v.Length), out var dx);
                d[v.Length] = dx;
                return value;
            },
            (p, s, d) => InnerTermsOnlyPullback(Slice(p, 0, v.Length), p[v.Length], s, d.AsSpan(0, v.Length), ref d[v.Length]))
            .Check(v.Append(x).ToArray());

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0 }, new[] { 1.5, 0.25, -0.75 }, 4)]
    [InlineData(new[] { 0.1, 0.2 }, new[] { -0.3, 0.4 }, 1)]
    [InlineData(new[] { 2.0, -1.0, 0.5, 0.3 }, new[] { 0.7, 0.7, -0.2, 1.1 }, 6)]
    public void A_summing_loop_that_calls_a_method_with_array_parameters(double[] a, double[] b, int n) =>
        new GradientCheck(
            nameof(SumOfDots), Names("a", a.Length) + " " + Names("b", b.Length),
            p => SumOfDots(Slice(p, 0, a.Length), Slice(p, a.Length, b.Length), n),
            (p, d) => SumOfDotsGrad(Slice(p, 0, a.Length), Slice(p, a.Length, b.Length), n, d.AsSpan(0, a.Length), d.AsSpan(a.Length)),
            (p, s, d) => SumOfDotsPullback(Slice(p, 0, a.Length), Slice(p, a.Length, b.Length), n, s, d.AsSpan(0, a.Length), d.AsSpan(a.Length)))
            .Check(a.Concat(b).ToArray());

    [Fact]
    public void A_gradient_buffer_of_the_wrong_length_throws_naming_both_lengths_and_changes_nothing()
    {
        var v = new[] { 1.0, 2.0, 3.0 };
        var buffer = new[] { 7.0, 8.0 };
        var grad = Assert.Throws<ArgumentException>(() => SumOfSquaresGrad(v, buffer));
        Assert.Contains("'dv' has length 2", grad.Message);
        Assert.Contains("'v' has length 3", grad.Message);
        Assert.Equal("dv", grad.ParamName);
        Assert.Equal(new[] { 7.0, 8.0 }, buffer);

        var pullback = Assert.Throws<ArgumentException>(() => SumOfSquaresPullback(v, 1.0, buffer));
        Assert.Contains("'dv' has length 2", pullback.Message);
        Assert.Equal(new[] { 7.0, 8.0 }, buffer);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, v);
    }

    [Fact]
    public void Inputs_are_never_written()
    {
        var x = new[] { 0.5, 0.3, -0.4, 1.1 };
        var copy = (double[])x.Clone();
        RosenbrockGrad(x, new double[4]);
        Assert.Equal(copy, x);
    }
}
