using DiffGen.Generator.Tests.Infrastructure;
using P = DiffGen.Generator.Tests.Forward.ForwardPatterns;

namespace DiffGen.Generator.Tests.Forward;

/// <summary>
/// Forward mode and second order on <see cref="ForwardPatterns"/>, at several points and directions each:
/// <list type="bullet">
/// <item>Jvp returns the primal's value bit for bit, and a tangent equal to ∇F·v (Grad, reverse mode, to rounding)
/// and to the central difference of F along v;</item>
/// <item>Vjp writes u·∇F (it overwrites, Pullback adds);</item>
/// <item>Hvp equals the central difference of the gradient along v; the Hessian is symmetric and its rows are Hvps
/// along the unit vectors.</item>
/// </list>
/// </summary>
public class ForwardModeTests
{
    private static readonly double[][] Directions = { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 0.6, -1.3 } };

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(-0.8, 1.9)]
    [InlineData(2.5, -0.4)]
    public void Polynomial(double x, double y)
        => CheckScalarPair(
            (a, b) => P.Polynomial(a, b),
            (a, b) => { var value = P.PolynomialGrad(a, b, out var da, out var db); return (value, da, db); },
            (a, b, va, vb) => P.PolynomialJvp(a, b, va, vb),
            (a, b, va, vb) => { var value = P.PolynomialHvp(a, b, va, vb, out var ha, out var hb); return (value, ha, hb); },
            (a, b) => { var value = P.PolynomialHessian(a, b, out var aa, out var ab, out var ba, out var bb); return (value, aa, ab, ba, bb); },
            x, y);

    [Theory]
    [InlineData(0.9, 0.4)]
    [InlineData(-0.6, 1.7)]
    [InlineData(1.8, -0.9)]
    public void MathZoo(double x, double y)
        => CheckScalarPair(
            (a, b) => P.MathZoo(a, b),
            (a, b) => { var value = P.MathZooGrad(a, b, out var da, out var db); return (value, da, db); },
            (a, b, va, vb) => P.MathZooJvp(a, b, va, vb),
            (a, b, va, vb) => { var value = P.MathZooHvp(a, b, va, vb, out var ha, out var hb); return (value, ha, hb); },
            (a, b) => { var value = P.MathZooHessian(a, b, out var aa, out var ab, out var ba, out var bb); return (value, aa, ab, ba, bb); },
            x, y);

    [Theory]
    [InlineData(new[] { 1.2, -0.7, 0.4, 2.0, 0.9 })]
    [InlineData(new[] { -1.5, 0.3 })]
    [InlineData(new[] { 0.5, 0.25, 0.125, -1.0, 1.5, 0.75, -0.3 })]
    public void Rosenbrock(double[] x)
        => CheckSpan(
            v => P.Rosenbrock(v),
            (v, g) => P.RosenbrockGrad(v, g),
            (v, t) => P.RosenbrockJvp(v, t),
            (v, d, hv) => P.RosenbrockHvp(v, d, hv),
            (v, h) => P.RosenbrockHessian(v, h),
            x);

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.2, 0.1 }, 2)]
    [InlineData(new[] { 1.5, 1.4999, -3.0 }, 0)]
    public void SoftmaxCrossEntropy(double[] logits, int label)
        => CheckSpan(
            v => P.SoftmaxCrossEntropy(v, label),
            (v, g) => P.SoftmaxCrossEntropyGrad(v, label, g),
            (v, t) => P.SoftmaxCrossEntropyJvp(v, label, t),
            (v, d, hv) => P.SoftmaxCrossEntropyHvp(v, label, d, hv),
            (v, h) => P.SoftmaxCrossEntropyHessian(v, label, h),
            logits);

    [Theory]
    [InlineData(new[] { 0.8, -0.4, 1.1 }, 0.7, 6)]
    [InlineData(new[] { -0.3, 0.9 }, 1.3, 9)]
    [InlineData(new[] { 0.2 }, -0.5, 3)]
    public void RecurrenceWithEarlyExitsAndPassiveData(double[] w, double scale, int steps)
    {
        var data = new[] { 0.5, -1.0, 0.25, 2.0 };
        // The scalar parameter joins the span as one more input: the combined vector is (w…, scale).
        double F(double[] all) => P.Recurrence(all.AsSpan(0, w.Length), all[^1], data, steps);
        var point = w.Append(scale).ToArray();
        CheckSpan(
            F,
            (all, g) =>
            {
                var value = P.RecurrenceGrad(all.AsSpan(0, w.Length), all[^1], data, steps, g.AsSpan(0, w.Length), out var dscale);
                g[^1] = dscale;
                return value;
            },
            (all, t) => P.RecurrenceJvp(all.AsSpan(0, w.Length), all[^1], data, steps, t.AsSpan(0, w.Length), t[^1]),
            (all, d, hv) =>
            {
                var value = P.RecurrenceHvp(all.AsSpan(0, w.Length), all[^1], data, steps, d.AsSpan(0, w.Length), d[^1], hv.AsSpan(0, w.Length), out var hs);
                hv[^1] = hs;
                return value;
            },
            (all, h) => P.RecurrenceHessian(all.AsSpan(0, w.Length), all[^1], data, steps, h),
            point);
    }

    [Theory]
    [InlineData(new[] { 0.8, -0.4, 1.1, 0.3 }, 0.7)]
    [InlineData(new[] { -0.3, 0.9 }, -1.3)]
    public void CallsGoThroughTheCalleesTangentAndItsPullback(double[] x, double k)
    {
        var n = x.Length;
        CheckSpan(
            all => P.ChainEnergy(all.AsSpan(0, n), all[^1]),
            (all, g) => { var value = P.ChainEnergyGrad(all.AsSpan(0, n), all[^1], g.AsSpan(0, n), out var dk); g[^1] = dk; return value; },
            (all, t) => P.ChainEnergyJvp(all.AsSpan(0, n), all[^1], t.AsSpan(0, n), t[^1]),
            (all, d, hv) => { var value = P.ChainEnergyHvp(all.AsSpan(0, n), all[^1], d.AsSpan(0, n), d[^1], hv.AsSpan(0, n), out var hk); hv[^1] = hk; return value; },
            (all, h) => P.ChainEnergyHessian(all.AsSpan(0, n), all[^1], h),
            x.Append(k).ToArray());
    }

    [Theory]
    [InlineData(new[] { 0.4, -1.1, 0.9 }, 0.8)]
    [InlineData(new[] { 1.5, 0.2 }, -0.6)]
    public void GenericMathInDouble(double[] x, double scale)
    {
        var n = x.Length;
        CheckSpan(
            all => P.GenericSoftplusSum<double>(all.AsSpan(0, n), all[^1]),
            (all, g) => { var value = P.GenericSoftplusSumGrad<double>(all.AsSpan(0, n), all[^1], g.AsSpan(0, n), out var ds); g[^1] = ds; return value; },
            (all, t) => P.GenericSoftplusSumJvp<double>(all.AsSpan(0, n), all[^1], t.AsSpan(0, n), t[^1]),
            (all, d, hv) => { var value = P.GenericSoftplusSumHvp<double>(all.AsSpan(0, n), all[^1], d.AsSpan(0, n), d[^1], hv.AsSpan(0, n), out var hs); hv[^1] = hs; return value; },
            (all, h) => P.GenericSoftplusSumHessian<double>(all.AsSpan(0, n), all[^1], h),
            x.Append(scale).ToArray());
    }

    [Fact]
    public void GenericMathInFloatComputesInFloat()
    {
        float[] x = { 0.4f, -1.1f, 0.9f };
        var (value, tangent) = P.GenericSoftplusSumJvp<float>(x, 0.8f, new[] { 1f, 0.5f, -0.25f }, 0.3f);
        FiniteDifferences.AssertSameBits(P.GenericSoftplusSum<float>(x, 0.8f), value, "Jvp<float>'s value");
        var grad = new float[3];
        P.GenericSoftplusSumGrad<float>(x, 0.8f, grad, out var ds);
        var expected = grad[0] + 0.5f * grad[1] - 0.25f * grad[2] + 0.3f * ds;
        Assert.True(Math.Abs(tangent - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"tangent {tangent}, ∇F·v {expected}");
        var (doubleValue, doubleTangent) = P.GenericSoftplusSumJvp<double>(x.Select(v => (double)v).ToArray(), 0.8f, new[] { 1.0, 0.5, -0.25 }, 0.3);
        Assert.True(Math.Abs(tangent - doubleTangent) <= 1e-5 * Math.Max(1, Math.Abs(doubleTangent)), $"float tangent {tangent}, double {doubleTangent}");
        Assert.NotEqual(doubleValue, (double)value); // computed in float, not in double and rounded
    }

    [Fact]
    public void MatricesJaggedArraysAndStructsHaveForwardMode()
    {
        var a = new[,] { { 1.0, -0.5, 0.25 }, { 0.3, 2.0, -1.0 }, { 0.0, 0.7, 1.5 } };
        var da = new[,] { { 0.2, 0.0, -0.1 }, { 0.5, 0.3, 0.0 }, { -0.4, 0.1, 0.6 } };
        double[] x = { 0.4, -0.9, 1.3 };
        double[] dx = { 1.0, 0.5, -0.75 };
        var quadratic = P.QuadraticFormJvp(a, x, da, dx);
        FiniteDifferences.AssertSameBits(P.QuadraticForm(a, x), quadratic.Value, "QuadraticFormJvp's value");
        var ga = new double[3, 3];
        var gx = new double[3];
        P.QuadraticFormGrad(a, x, ga, gx);
        var expected = Enumerable.Range(0, 9).Sum(k => ga[k / 3, k % 3] * da[k / 3, k % 3]) + gx.Zip(dx, (g, d) => g * d).Sum();
        AssertClose(expected, quadratic.Tangent, 1e-12, "QuadraticFormJvp's tangent vs ∇F·v");

        double[][] rows = { new[] { 0.3, -1.2 }, new[] { 0.8, 0.1, 2.0 } };
        double[][] drows = { new[] { 1.0, 0.5 }, new[] { -0.25, 0.0, 0.75 } };
        var ragged = P.RaggedEnergyJvp(rows, 1.7, drows, -0.4);
        FiniteDifferences.AssertSameBits(P.RaggedEnergy(rows, 1.7), ragged.Value, "RaggedEnergyJvp's value");
        double[][] grows = { new double[2], new double[3] };
        P.RaggedEnergyGrad(rows, 1.7, grows, out var gk);
        AssertClose(grows.Zip(drows, (g, d) => g.Zip(d, (p, q) => p * q).Sum()).Sum() + gk * -0.4, ragged.Tangent, 1e-12, "RaggedEnergyJvp's tangent vs ∇F·v");

        var probe = new P.Charge(0.5, -0.2, 1.5);
        var dprobe = new P.Charge(1.0, 0.3, -0.5);
        P.Charge[] charges = { new(1.0, 1.0, -1.0), new(-0.5, 0.8, 2.0), new(0.2, -1.1, 0.7) };
        P.Charge[] dcharges = { new(0.1, 0.0, 0.2), new(-0.3, 0.5, 0.0), new(0.0, 0.4, -1.0) };
        var potential = P.PotentialJvp(probe, charges, dprobe, dcharges);
        FiniteDifferences.AssertSameBits(P.Potential(probe, charges), potential.Value, "PotentialJvp's value");
        var gc = new P.Charge[3];
        P.PotentialGrad(probe, charges, out var gp, gc);
        double Dot(P.Charge g, P.Charge d) => g.X * d.X + g.Y * d.Y + g.Q * d.Q;
        AssertClose(Dot(gp, dprobe) + gc.Zip(dcharges, Dot).Sum(), potential.Tangent, 1e-12, "PotentialJvp's tangent vs ∇F·v");
        AssertClose(Richardson.Derivative(t => P.Potential(
            new P.Charge(probe.X + t * dprobe.X, probe.Y + t * dprobe.Y, probe.Q + t * dprobe.Q),
            charges.Zip(dcharges, (c, d) => new P.Charge(c.X + t * d.X, c.Y + t * d.Y, c.Q + t * d.Q)).ToArray()), 0, 1e-3), potential.Tangent, 1e-7, "PotentialJvp's tangent vs differences");
    }

    [Fact]
    public void FloatMethodsComputeInFloat()
    {
        float[] x = { 0.4f, -1.1f, 0.9f };
        const float sigma = 0.8f;
        var jvp = P.FloatGaussianJvp(x, sigma, new[] { 1f, 0.5f, -0.25f }, 0.3f);
        FiniteDifferences.AssertSameBits(P.FloatGaussian(x, sigma), jvp.Value, "FloatGaussianJvp's value");
        var grad = new float[3];
        P.FloatGaussianGrad(x, sigma, grad, out var dsigma);
        var expected = grad[0] * 1f + grad[1] * 0.5f + grad[2] * -0.25f + dsigma * 0.3f;
        Assert.True(Math.Abs(jvp.Tangent - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"tangent {jvp.Tangent}, ∇F·v {expected}");

        var h = new float[16];
        var value = P.FloatGaussianHessian(x, sigma, h);
        FiniteDifferences.AssertSameBits(P.FloatGaussian(x, sigma), value, "FloatGaussianHessian's value");
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                Assert.True(Math.Abs(h[i * 4 + j] - h[j * 4 + i]) <= 1e-4 * Math.Max(1, Math.Abs(h[i * 4 + j])), $"H[{i},{j}] = {h[i * 4 + j]}, H[{j},{i}] = {h[j * 4 + i]}");
            }
        }

        // Against double-precision central differences of the float gradient's double twin: the same function in double.
        double G(double[] all, int k)
        {
            var g = new float[3];
            P.FloatGaussianGrad(all.Take(3).Select(v => (float)v).ToArray(), (float)all[3], g, out var ds);
            return k < 3 ? g[k] : ds;
        }

        var point = x.Select(v => (double)v).Append(sigma).ToArray();
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                var step = 1e-2;
                var plus = (double[])point.Clone();
                var minus = (double[])point.Clone();
                plus[j] += step;
                minus[j] -= step;
                var fd = (G(plus, i) - G(minus, i)) / (2 * step);
                Assert.True(Math.Abs(h[i * 4 + j] - fd) <= 2e-2 * Math.Max(1, Math.Abs(fd)), $"H[{i},{j}] = {h[i * 4 + j]}, differences of the gradient {fd}");
            }
        }
    }

    [Fact]
    public void ForwardOnlyEmitsNoSecondOrder()
    {
        var methods = typeof(P).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.Contains("ForwardOnlyJvp", methods);
        Assert.Contains("ForwardOnlyVjp", methods);
        Assert.DoesNotContain("ForwardOnlyHvp", methods);
        Assert.DoesNotContain("ForwardOnlyHessian", methods);

        double[] v = { 0.9, -0.4, 1.2 };
        var (value, tangent) = P.ForwardOnlyJvp(0.3, v, 1.0, new[] { 0.5, 0.0, -1.0 });
        FiniteDifferences.AssertSameBits(P.ForwardOnly(0.3, v), value, "ForwardOnlyJvp's value");
        var dv = new double[3];
        P.ForwardOnlyGrad(0.3, v, out var dx, dv);
        var expected = dx * 1.0 + dv[0] * 0.5 - dv[2];
        Assert.True(Math.Abs(tangent - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"tangent {tangent}, ∇F·v {expected}");

        var gv = new double[3];
        P.ForwardOnlyVjp(0.3, v, 2.5, out var gx, gv);
        Assert.Equal(2.5 * dx, gx, 12);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(2.5 * dv[i], gv[i], 12);
        }

        // Vjp overwrites what the buffer held (Pullback would add to it).
        var dirty = new[] { 7.0, 7.0, 7.0 };
        P.ForwardOnlyVjp(0.3, v, 2.5, out _, dirty);
        Assert.Equal(gv, dirty);
    }

    [Fact]
    public void TangentAndDirectionLengthsAreChecked()
    {
        double[] x = { 1, 2, 3 };
        var jvp = Assert.Throws<ArgumentException>(() => P.RosenbrockJvp(x, new double[2]));
        Assert.Contains("'dx' has length 2 but 'x' has length 3", jvp.Message);
        var hvp = Assert.Throws<ArgumentException>(() => P.RosenbrockHvp(x, new double[3], new double[4]));
        Assert.Contains("'hvx' has length 4 but 'x' has length 3", hvp.Message);
        var hessian = Assert.Throws<ArgumentException>(() => P.RosenbrockHessian(x, new double[8]));
        Assert.Contains("'h' has length 8", hessian.Message);
        Assert.Contains("3×3 = 9", hessian.Message);
    }

    // ---- the checks ---------------------------------------------------------------------------------------------

    private static void CheckScalarPair(
        Func<double, double, double> f,
        Func<double, double, (double Value, double Dx, double Dy)> grad,
        Func<double, double, double, double, (double Value, double Tangent)> jvp,
        Func<double, double, double, double, (double Value, double Hx, double Hy)> hvp,
        Func<double, double, (double Value, double Xx, double Xy, double Yx, double Yy)> hessian,
        double x,
        double y)
    {
        var value = f(x, y);
        var g = grad(x, y);
        foreach (var v in Directions)
        {
            var forward = jvp(x, y, v[0], v[1]);
            FiniteDifferences.AssertSameBits(value, forward.Value, "Jvp's value");
            var expected = g.Dx * v[0] + g.Dy * v[1];
            AssertClose(expected, forward.Tangent, 1e-12, "Jvp's tangent vs ∇F·v");
            AssertClose(Richardson.Derivative(t => f(x + t * v[0], y + t * v[1]), 0, 1e-3), forward.Tangent, 1e-7, "Jvp's tangent vs differences of F along v");

            var second = hvp(x, y, v[0], v[1]);
            FiniteDifferences.AssertSameBits(value, second.Value, "Hvp's value");
            AssertClose(Richardson.Derivative(t => grad(x + t * v[0], y + t * v[1]).Dx, 0, 1e-3), second.Hx, 1e-6, "(H·v)_x vs differences of the gradient");
            AssertClose(Richardson.Derivative(t => grad(x + t * v[0], y + t * v[1]).Dy, 0, 1e-3), second.Hy, 1e-6, "(H·v)_y vs differences of the gradient");
        }

        var h = hessian(x, y);
        FiniteDifferences.AssertSameBits(value, h.Value, "Hessian's value");
        AssertClose(h.Xy, h.Yx, 1e-10, "symmetry of the Hessian");
        var alongX = hvp(x, y, 1, 0);
        var alongY = hvp(x, y, 0, 1);
        Assert.Equal((alongX.Hx, alongX.Hy, alongY.Hx, alongY.Hy), (h.Xx, h.Xy, h.Yx, h.Yy));
    }

    private static void CheckSpan(
        Func<double[], double> f,
        Func<double[], double[], double> grad,
        Func<double[], double[], (double Value, double Tangent)> jvp,
        Func<double[], double[], double[], double> hvp,
        Func<double[], double[], double> hessian,
        double[] x)
    {
        var n = x.Length;
        var value = f(x);
        var g = new double[n];
        FiniteDifferences.AssertSameBits(value, grad(x, g), "Grad's value");
        var random = new Random(n * 31 + 7);
        var directions = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Select(i => i == j ? 1.0 : 0.0).ToArray())
            .Append(Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray());
        foreach (var v in directions)
        {
            var forward = jvp(x, v);
            FiniteDifferences.AssertSameBits(value, forward.Value, "Jvp's value");
            AssertClose(g.Zip(v, (a, b) => a * b).Sum(), forward.Tangent, 1e-11, "Jvp's tangent vs ∇F·v");
            AssertClose(Richardson.Derivative(t => f(x.Zip(v, (a, b) => a + t * b).ToArray()), 0, 1e-3), forward.Tangent, 1e-7, "Jvp's tangent vs differences of F along v");

            var hv = new double[n];
            FiniteDifferences.AssertSameBits(value, hvp(x, v, hv), "Hvp's value");
            for (var i = 0; i < n; i++)
            {
                var k = i;
                var fd = Richardson.Derivative(t => { var shifted = new double[n]; grad(x.Zip(v, (a, b) => a + t * b).ToArray(), shifted); return shifted[k]; }, 0, 1e-3);
                AssertClose(fd, hv[i], 1e-6, $"(H·v)[{i}] vs differences of the gradient");
            }
        }

        var h = new double[n * n];
        FiniteDifferences.AssertSameBits(value, hessian(x, h), "Hessian's value");
        for (var i = 0; i < n; i++)
        {
            var unit = Enumerable.Range(0, n).Select(k => k == i ? 1.0 : 0.0).ToArray();
            var row = new double[n];
            hvp(x, unit, row);
            Assert.Equal(row, h.Skip(i * n).Take(n).ToArray());
            for (var j = 0; j < n; j++)
            {
                AssertClose(h[i * n + j], h[j * n + i], 1e-9, $"symmetry of the Hessian at ({i}, {j})");
            }
        }
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
