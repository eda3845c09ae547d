using DiffGen.Generator.Tests.Infrastructure;
using P = DiffGen.Generator.Tests.Forward.ForwardPatterns;

namespace DiffGen.Generator.Tests.Forward;

/// <summary>
/// The Jacobian of vector functions (<c>void F(ReadOnlySpan&lt;double&gt; x, Span&lt;double&gt; y, …)</c>), always
/// emitted: by columns (forward mode) and by rows (reverse mode) it is the same matrix to rounding, it matches
/// central differences, Jvp is J·v and Vjp uᵀ·J, and every method writes the results exactly as the primal does.
/// </summary>
public class JacobianTests
{
    [Theory]
    [InlineData(1.0, 2.0, 3.0, 10.0)]
    [InlineData(-0.5, 0.7, 20.0, 9.5)]
    public void Lorenz(double x0, double x1, double x2, double sigma)
    {
        double[] x = { x0, x1, x2 };
        Check(
            (all, y) => P.Lorenz(all.AsSpan(0, 3), y, all[3]),
            (all, y, jac, mode) => P.LorenzJacobian(all.AsSpan(0, 3), y, all[3], jac, mode),
            (all, y, t, ty) => P.LorenzJvp(all.AsSpan(0, 3), y, all[3], t.AsSpan(0, 3), t[3], ty),
            (all, y, u, g) => { P.LorenzVjp(all.AsSpan(0, 3), y, all[3], u, g.AsSpan(0, 3), out var ds); g[3] = ds; },
            x.Append(sigma).ToArray(),
            outputs: 3);
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 0.25, 1.5 })]
    [InlineData(new[] { -0.3, 0.8, 1.1, -0.6, 0.2, 0.9, -1.4 })]
    public void BroydenResidualInALoop(double[] x)
        => Check(
            (v, r) => P.BroydenResidual(v, r),
            (v, r, jac, mode) => P.BroydenResidualJacobian(v, r, jac, mode),
            (v, r, t, tr) => P.BroydenResidualJvp(v, r, t, tr),
            (v, r, u, g) => P.BroydenResidualVjp(v, r, u, g),
            x,
            outputs: x.Length);

    [Fact]
    public void TwoOutputsOneAddingIntoItsEntryValues()
    {
        // a holds 4 values on entry, which TwoOutputs adds into; every Jacobian pass starts from them again.
        double[] entryA = { 0.5, -1.0, 2.0, 0.25 };
        void F(double[] all, double[] results)
        {
            var a = (double[])entryA.Clone();
            var b = new double[2];
            P.TwoOutputs(all.AsSpan(0, 2), all[2], a, b);
            a.CopyTo(results, 0);
            b.CopyTo(results, 4);
        }

        Check(
            F,
            (all, results, jac, mode) =>
            {
                var a = (double[])entryA.Clone();
                var b = new double[2];
                P.TwoOutputsJacobian(all.AsSpan(0, 2), all[2], a, b, jac, mode);
                a.CopyTo(results, 0);
                b.CopyTo(results, 4);
            },
            (all, results, t, tr) =>
            {
                var a = (double[])entryA.Clone();
                var b = new double[2];
                var ta = new double[4];
                var tb = new double[2];
                P.TwoOutputsJvp(all.AsSpan(0, 2), all[2], a, b, t.AsSpan(0, 2), t[2], ta, tb);
                a.CopyTo(results, 0);
                b.CopyTo(results, 4);
                ta.CopyTo(tr, 0);
                tb.CopyTo(tr, 4);
            },
            (all, results, u, g) =>
            {
                var a = (double[])entryA.Clone();
                var b = new double[2];
                P.TwoOutputsVjp(all.AsSpan(0, 2), all[2], a, b, u.AsSpan(0, 4), u.AsSpan(4, 2), g.AsSpan(0, 2), out var dk);
                g[2] = dk;
                a.CopyTo(results, 0);
                b.CopyTo(results, 4);
            },
            new[] { 0.3, -0.7, 0.9 },
            outputs: 6);
    }

    [Fact]
    public void BadBuffersAreRejectedWithTheirLengths()
    {
        double[] x = { 1, 2, 3 };
        var y = new double[3];
        var jacobian = Assert.Throws<ArgumentException>(() => P.LorenzJacobian(x, y, 10, new double[11]));
        Assert.Contains("'jac' has length 11", jacobian.Message);
        Assert.Contains("3 outputs and 4 inputs", jacobian.Message);
        var vjp = Assert.Throws<ArgumentException>(() => P.LorenzVjp(x, y, 10, new double[2], new double[3], out _));
        Assert.Contains("'u' has length 2 but 'y' has length 3", vjp.Message);
        var jvp = Assert.Throws<ArgumentException>(() => P.LorenzJvp(x, y, 10, new double[3], 0, new double[2]));
        Assert.Contains("'dy' has length 2 but 'y' has length 3", jvp.Message);
    }

    /// <param name="f">The function over all inputs as one vector, writing all results as one vector.</param>
    private static void Check(
        Action<double[], double[]> f,
        Action<double[], double[], double[], JacobianMode> jacobian,
        Action<double[], double[], double[], double[]> jvp,
        Action<double[], double[], double[], double[]> vjp,
        double[] x,
        int outputs)
    {
        var n = x.Length;
        var m = outputs;
        var y = new double[m];
        f(x, y);

        var byColumns = new double[m * n];
        var byRows = new double[m * n];
        var automatic = new double[m * n];
        foreach (var (mode, jac) in new[] { (JacobianMode.Forward, byColumns), (JacobianMode.Reverse, byRows), (JacobianMode.Auto, automatic) })
        {
            var written = new double[m];
            jacobian(x, written, jac, mode);
            for (var i = 0; i < m; i++)
            {
                FiniteDifferences.AssertSameBits(y[i], written[i], $"{mode} Jacobian's result {i}");
            }
        }

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var (row, column) = (i, j);
                var fd = Richardson.Derivative(t => { var shifted = (double[])x.Clone(); shifted[column] += t; var r = new double[m]; f(shifted, r); return r[row]; }, 0, 1e-3);
                AssertClose(fd, byColumns[i * n + j], 1e-7, $"J[{i},{j}] by columns vs central differences");
                AssertClose(byColumns[i * n + j], byRows[i * n + j], 1e-12, $"J[{i},{j}] by columns vs by rows");
                Assert.Equal(n <= m ? byColumns[i * n + j] : byRows[i * n + j], automatic[i * n + j]);
            }
        }

        var random = new Random(m * 17 + n);
        var v = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var values = new double[m];
        var tangents = new double[m];
        jvp(x, values, v, tangents);
        for (var i = 0; i < m; i++)
        {
            FiniteDifferences.AssertSameBits(y[i], values[i], $"Jvp's result {i}");
            AssertClose(Enumerable.Range(0, n).Sum(j => byRows[i * n + j] * v[j]), tangents[i], 1e-12, $"(J·v)[{i}]");
        }

        var u = Enumerable.Range(0, m).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var cotangents = Enumerable.Repeat(9.0, n).ToArray(); // Vjp overwrites whatever the buffer held
        vjp(x, values, u, cotangents);
        for (var j = 0; j < n; j++)
        {
            AssertClose(Enumerable.Range(0, m).Sum(i => u[i] * byColumns[i * n + j]), cotangents[j], 1e-12, $"(uᵀ·J)[{j}]");
        }
    }

    private static void AssertClose(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");
}
