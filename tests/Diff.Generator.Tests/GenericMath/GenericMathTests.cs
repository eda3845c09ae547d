using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.GenericMath.GenericMathPatterns;

namespace DiffGen.Generator.Tests.GenericMath;

/// <summary>
/// Generic math patterns beyond single rules: operators with INumber&lt;T&gt; only, constants (T.One, T.Zero,
/// T.CreateChecked/Truncating/Saturating, T.Pi), a passive int converted to T, branches, loops over
/// ReadOnlySpan&lt;T&gt; (fused, and recorded on the tape), generic calling generic, non-generic calling generic; each at
/// double and float against finite differences, some at Half, and allocation after warm-up.
/// </summary>
public class GenericMathTests
{
    [Theory, InlineData(0.7, -0.4), InlineData(-1.3, 2.2), InlineData(3.1, 0.5)]
    public void Operators_and_constants_with_INumber_only(double x, double y)
    {
        // -(2x² − y/(1+x²) + y/2 − (x+10) mod 3) + x.
        Func<double[], double[]> exact = p =>
        {
            var (a, b) = (p[0], p[1]);
            var q = 1 + a * a;
            return [-(4 * a + b * 2 * a / (q * q) - 1) + 1, -(-1 / q + 0.5)];
        };
        new GradientCheck("Rational<double>", "x y", p => Rational(p[0], p[1]), (p, d) => RationalGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => RationalPullback(p[0], p[1], s, ref d[0], ref d[1]), exact).Check(x, y);
        new FloatGradientCheck("Rational<float>", "x y", p => Rational(p[0], p[1]), (p, d) => RationalGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => RationalPullback(p[0], p[1], s, ref d[0], ref d[1])).Check((float)x, (float)y);
    }

    [Theory, InlineData(0.8, 3), InlineData(-1.5, 2), InlineData(2.5, 1)]
    public void A_passive_int_converted_to_T_a_constant_and_a_branch(double x, int n)
    {
        var slope = x > 0 ? n * Math.PI : 0.01 * n * Math.PI;
        new GradientCheck("LeakyScaled<double>", "x", p => LeakyScaled(p[0], n), (p, d) => LeakyScaledGrad(p[0], n, out d[0]),
            (p, s, d) => LeakyScaledPullback(p[0], n, s, ref d[0]), _ => [slope]).Check(x);
        new FloatGradientCheck("LeakyScaled<float>", "x", p => LeakyScaled(p[0], n), (p, d) => LeakyScaledGrad(p[0], n, out d[0]),
            (p, s, d) => LeakyScaledPullback(p[0], n, s, ref d[0]), _ => [slope]).Check((float)x);
    }

    [Theory, InlineData(new[] { 0.9, -0.5, 1.2 }), InlineData(new[] { 3.0, 4.0 }), InlineData(new[] { -0.2, 0.1, 0.7, -1.1, 0.05 })]
    public void A_loop_over_a_ReadOnlySpan_of_T(double[] v)
    {
        Func<double[], double[]> exact = p => p.Select(e => e / Math.Sqrt(p.Sum(q => q * q))).ToArray();
        new GradientCheck("Norm<double>", string.Join(" ", v.Select((_, i) => "v" + i)), p => Norm<double>(p), (p, d) => NormGrad<double>(p, d),
            (p, s, d) => NormPullback<double>(p, s, d), exact).Check(v);
        new FloatGradientCheck("Norm<float>", string.Join(" ", v.Select((_, i) => "v" + i)), p => Norm<float>(p), (p, d) => NormGrad<float>(p, d),
            (p, s, d) => NormPullback<float>(p, s, d), exact).Check(v.Select(e => (float)e).ToArray());
    }

    [Theory, InlineData(0.4, new[] { 0.9, -0.5, 1.2 }), InlineData(-1.1, new[] { 0.3, 0.8 })]
    public void A_loop_that_overwrites_a_value_records_T_on_the_tape(double x0, double[] w)
    {
        var data = w.Select((_, i) => 0.1 * i - 0.2).ToArray();
        var dataF = data.Select(e => (float)e).ToArray();
        var names = string.Join(" ", w.Select((_, i) => "w" + i)) + " x0";
        var point = w.Append(x0).ToArray();
        new GradientCheck("Recurrence<double>", names,
            p => Recurrence<double>(p.AsSpan(0, w.Length), data, p[^1]),
            (p, d) => RecurrenceGrad<double>(p.AsSpan(0, w.Length), data, p[^1], d.AsSpan(0, w.Length), out d[^1]),
            (p, s, d) => RecurrencePullback<double>(p.AsSpan(0, w.Length), data, p[^1], s, d.AsSpan(0, w.Length), ref d[^1])).Check(point);
        new FloatGradientCheck("Recurrence<float>", names,
            p => Recurrence<float>(p.AsSpan(0, w.Length), dataF, p[^1]),
            (p, d) => RecurrenceGrad<float>(p.AsSpan(0, w.Length), dataF, p[^1], d.AsSpan(0, w.Length), out d[^1]),
            (p, s, d) => RecurrencePullback<float>(p.AsSpan(0, w.Length), dataF, p[^1], s, d.AsSpan(0, w.Length), ref d[^1])).Check(point.Select(e => (float)e).ToArray());
    }

    [Theory, InlineData(0.5, new[] { 0.9, -0.5, 1.2 }), InlineData(-2.0, new[] { 0.3, 0.8 })]
    public void A_generic_method_calling_generic_methods(double scale, double[] v)
    {
        var names = string.Join(" ", v.Select((_, i) => "v" + i)) + " scale";
        var point = v.Append(scale).ToArray();
        Func<double[], double[]> exact = p =>
        {
            var norm = Math.Sqrt(p[..^1].Sum(q => q * q));
            var sigmoid = 1 / (1 + Math.Exp(-p[^1] * norm));
            return p[..^1].Select(e => sigmoid * p[^1] * e / norm).Append(sigmoid * norm).ToArray();
        };
        new GradientCheck("SoftplusOfNorm<double>", names,
            p => SoftplusOfNorm<double>(p.AsSpan(0, v.Length), p[^1]),
            (p, d) => SoftplusOfNormGrad<double>(p.AsSpan(0, v.Length), p[^1], d.AsSpan(0, v.Length), out d[^1]),
            (p, s, d) => SoftplusOfNormPullback<double>(p.AsSpan(0, v.Length), p[^1], s, d.AsSpan(0, v.Length), ref d[^1]), exact).Check(point);
        new FloatGradientCheck("SoftplusOfNorm<float>", names,
            p => SoftplusOfNorm<float>(p.AsSpan(0, v.Length), p[^1]),
            (p, d) => SoftplusOfNormGrad<float>(p.AsSpan(0, v.Length), p[^1], d.AsSpan(0, v.Length), out d[^1]),
            (p, s, d) => SoftplusOfNormPullback<float>(p.AsSpan(0, v.Length), p[^1], s, d.AsSpan(0, v.Length), ref d[^1]), exact).Check(point.Select(e => (float)e).ToArray());
    }

    [Theory, InlineData(-1.5), InlineData(0.3), InlineData(2.0)]
    public void Non_generic_methods_calling_a_generic_one(double x)
    {
        Func<double[], double[]> exact = p => [2 / (1 + Math.Exp(-p[0]))];
        new GradientCheck(nameof(SoftplusTwiceD), "x", p => SoftplusTwiceD(p[0]), (p, d) => SoftplusTwiceDGrad(p[0], out d[0]),
            (p, s, d) => SoftplusTwiceDPullback(p[0], s, ref d[0]), exact).Check(x);
        new FloatGradientCheck(nameof(SoftplusTwiceF), "x", p => SoftplusTwiceF(p[0]), (p, d) => SoftplusTwiceFGrad(p[0], out d[0]),
            (p, s, d) => SoftplusTwiceFPullback(p[0], s, ref d[0]), exact).Check((float)x);
    }

    [Theory, InlineData(0.3, 3), InlineData(-1.2, 1), InlineData(0.8, 4)]
    public void A_local_array_of_T(double x, int n)
    {
        Func<double[], double[]> exact = p => [Enumerable.Range(1, n).Sum(k => k * Math.Cos(k * p[0]))];
        new GradientCheck("LocalArray<double>", "x", p => LocalArray(p[0], n), (p, d) => LocalArrayGrad(p[0], n, out d[0]),
            (p, s, d) => LocalArrayPullback(p[0], n, s, ref d[0]), exact).Check(x);
        new FloatGradientCheck("LocalArray<float>", "x", p => LocalArray(p[0], n), (p, d) => LocalArrayGrad(p[0], n, out d[0]),
            (p, s, d) => LocalArrayPullback(p[0], n, s, ref d[0]), exact).Check((float)x);
    }

    [Theory, InlineData(new[] { 0.9, -0.5, 1.2 }), InlineData(new[] { 3.0, 4.0 })]
    public void A_T_array_parameter_and_increments(double[] v)
    {
        Func<double[], double[]> exact = p => p.Select(e => 2 * e + 1).ToArray();
        var names = string.Join(" ", v.Select((_, i) => "v" + i));
        new GradientCheck("ArrayAndIncrements<double>", names, p => ArrayAndIncrements(p), (p, d) => ArrayAndIncrementsGrad(p, d),
            (p, s, d) => ArrayAndIncrementsPullback(p, s, d), exact).Check(v);
        new FloatGradientCheck("ArrayAndIncrements<float>", names, p => ArrayAndIncrements(p), (p, d) => ArrayAndIncrementsGrad(p, d),
            (p, s, d) => ArrayAndIncrementsPullback(p, s, d), exact).Check(v.Select(e => (float)e).ToArray());
    }

    [Theory, InlineData(0.7), InlineData(-1.4)]
    public void Out_and_ref_T(double x)
    {
        // WithOut: the value sin(x)·x², and Pullback takes the out's adjoint as a seed after the value's.
        var value = WithOutGrad(x, out var square, out var dx);
        Assert.Equal(WithOut(x, out var expectedSquare), value);
        Assert.Equal(expectedSquare, square);
        Assert.Equal(Math.Cos(x) * x * x + 2 * x * Math.Sin(x), dx, 12);
        var slot = 1.0;
        WithOutPullback(x, out _, 0.5, 2.0, ref slot);
        Assert.Equal(1 + 0.5 * dx + 2.0 * 2 * x, slot, 12);
        var slotF = 1f;
        WithOutPullback((float)x, out _, 0.5f, 2f, ref slotF);
        Assert.Equal(1 + 0.5 * dx + 2.0 * 2 * x, slotF, 4);

        // Accumulate: acc ← acc·(1 + eˣ); the pullback adds seed·∂/∂(acc passed in) and seed·∂/∂x.
        var acc = 1.5;
        var (dacc, dxAcc) = (0.25, 0.0);
        Accumulate(ref acc, x);
        var accumulated = 1.5;
        AccumulatePullback(ref accumulated, x, 2.0, ref dacc, ref dxAcc);
        Assert.Equal(acc, accumulated);
        Assert.Equal(0.25 + 2.0 * (1 + Math.Exp(x)), dacc, 12);
        Assert.Equal(2.0 * 1.5 * Math.Exp(x), dxAcc, 12);
    }

    [Fact]
    public void A_void_method_writing_a_span_of_T()
    {
        foreach (var seed in new[] { 1.0, -0.5 })
        {
            double[] x = [0.3, -1.2, 2.0];
            var y = new double[3];
            var dx = new double[] { 1, 1, 1 };
            var dy = new double[3];
            ExpIntoPullback<double>(x, y, [seed, seed, seed], dx, dy);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(Math.Exp(x[i]), y[i]);
                Assert.Equal(1 + seed * Math.Exp(x[i]), dx[i], 12);
            }
        }

        float[] xf = [0.3f, -1.2f];
        var yf = new float[2];
        var dxf = new float[2];
        ExpIntoPullback<float>(xf, yf, [1f, 1f], dxf, new float[2]);
        Assert.Equal(MathF.Exp(0.3f), yf[0]);
        Assert.Equal(MathF.Exp(-1.2f), dxf[1], 5);
    }

    // ---- Half: the same generated methods at a third type ------------------------------------------------------

    /// <summary>
    /// At Half: Grad's and Pullback's values are the primal's bit for bit, and the gradient is the double
    /// instantiation's at the same (Half) point within Half's precision (2⁻⁸ relative, for a few roundings).
    /// </summary>
    private static void HalfCheck(string name, Func<Half, Half> f, Grad1<Half> grad, Pullback1<Half> pullback, Grad1<double> reference, params double[] points)
    {
        foreach (var point in points)
        {
            var x = (Half)point;
            var value = f(x);
            Assert.True(grad(x, out var dx).Equals(value), $"{name}Grad<Half>({x}) is not {name}<Half>({x}) = {value}");
            reference((double)x, out var expected);
            Assert.True(Math.Abs((double)dx - expected) <= 4e-3 * Math.Max(1, Math.Abs(expected)), $"{name}Grad<Half>({x}): {dx}, the double gradient {expected}");
            var slot = (Half)1.5;
            Assert.True(pullback(x, (Half)2, ref slot).Equals(value), $"{name}Pullback<Half>({x}) is not the primal's value");
            Assert.True(Math.Abs((double)slot - 1.5 - 2 * (double)dx) <= 2e-2 * Math.Max(1, Math.Abs(2 * (double)dx)), $"{name}Pullback<Half>({x}) did not add 2·{dx} to 1.5: {slot}");
        }
    }

    [Fact] public void Half_Sin() => HalfCheck(nameof(SinG), SinG, SinGGrad, SinGPullback, SinGGrad, 0.3, 1.2, -2.5);
    [Fact] public void Half_Exp() => HalfCheck(nameof(ExpG), ExpG, ExpGGrad, ExpGPullback, ExpGGrad, -2, 0.5, 3);
    [Fact] public void Half_Log() => HalfCheck(nameof(LogG), LogG, LogGGrad, LogGPullback, LogGGrad, 0.2, 1.5, 10);
    [Fact] public void Half_Sqrt() => HalfCheck(nameof(SqrtG), SqrtG, SqrtGGrad, SqrtGPullback, SqrtGGrad, 0.2, 1.5, 10);
    [Fact] public void Half_Tanh() => HalfCheck(nameof(TanhG), TanhG, TanhGGrad, TanhGPullback, TanhGGrad, -1.5, 0.3, 2);
    [Fact] public void Half_Atan() => HalfCheck(nameof(AtanG), AtanG, AtanGGrad, AtanGPullback, AtanGGrad, -3, 0.4, 2);
    [Fact] public void Half_PowHalf() => HalfCheck(nameof(PowHalfG), PowHalfG, PowHalfGGrad, PowHalfGPullback, PowHalfGGrad, 0.2, 1.5, 10);
    [Fact] public void Half_Softplus() => HalfCheck(nameof(Softplus), Softplus, SoftplusGrad, SoftplusPullback, SoftplusGrad, -1.5, 0.3, 2);

    [Fact]
    public void Half_loops_over_spans_and_the_tape()
    {
        Half[] v = [(Half)0.9, (Half)(-0.5), (Half)1.2];
        var dv = new Half[3];
        var value = NormGrad<Half>(v, dv);
        Assert.Equal(Norm<Half>(v), value);
        var expected = new double[3];
        NormGrad<double>(v.Select(e => (double)e).ToArray(), expected);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs((double)dv[i] - expected[i]) <= 4e-3, $"NormGrad<Half> dv[{i}] = {dv[i]}, double {expected[i]}");
        }

        Half[] data = [(Half)(-0.2), (Half)(-0.1), Half.Zero];
        var dw = new Half[3];
        var result = RecurrenceGrad<Half>(v, data, (Half)0.4, dw, out var dx0);
        Assert.Equal(Recurrence<Half>(v, data, (Half)0.4), result);
        var dwExpected = new double[3];
        RecurrenceGrad<double>(v.Select(e => (double)e).ToArray(), data.Select(e => (double)e).ToArray(), (double)(Half)0.4, dwExpected, out var dx0Expected);
        Assert.True(Math.Abs((double)dx0 - dx0Expected) <= 2e-2 * Math.Max(1, Math.Abs(dx0Expected)), $"RecurrenceGrad<Half> dx0 = {dx0}, double {dx0Expected}");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs((double)dw[i] - dwExpected[i]) <= 2e-2 * Math.Max(1, Math.Abs(dwExpected[i])), $"RecurrenceGrad<Half> dw[{i}] = {dw[i]}, double {dwExpected[i]}");
        }
    }

    // ---- the rest of the contract -------------------------------------------------------------------------------

    [Fact]
    public void Generic_gradients_allocate_nothing_after_warm_up()
    {
        static long AllocatedBy(Action call)
        {
            for (var i = 0; i < 20; i++)
            {
                call();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                call();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var w = Enumerable.Range(0, 300).Select(i => 0.01 * i - 1).ToArray();
        var data = new double[300];
        var dw = new double[300];
        var wf = w.Select(e => (float)e).ToArray();
        var dataF = new float[300];
        var dwf = new float[300];
        var wh = w.Select(e => (Half)e).ToArray();
        var dataH = new Half[300];
        var dwh = new Half[300];
        Assert.Equal(0, AllocatedBy(() => RecurrenceGrad<double>(w, data, 0.3, dw, out _)));
        Assert.Equal(0, AllocatedBy(() => RecurrenceGrad<float>(wf, dataF, 0.3f, dwf, out _)));
        Assert.Equal(0, AllocatedBy(() => RecurrenceGrad<Half>(wh, dataH, (Half)0.3, dwh, out _)));
        Assert.Equal(0, AllocatedBy(() => SoftplusOfNormGrad<double>(w, 0.5, dw, out _)));
        Assert.Equal(0, AllocatedBy(() => SoftplusOfNormGrad<float>(wf, 0.5f, dwf, out _)));
        Assert.Equal(0, AllocatedBy(() => RationalGrad(0.3, 0.4, out _, out _)));
    }

    [Fact]
    public void A_gradient_buffer_of_the_wrong_length_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => NormGrad<float>(new float[3], new float[2]));
        Assert.Contains("'dv' has length 2 but 'v' has length 3", error.Message);
    }
}
