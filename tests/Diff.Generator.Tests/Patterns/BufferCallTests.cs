using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// <c>Fill</c>, <c>Clear</c> and <c>CopyTo</c> into local arrays (whole, views and slices) are the element loops they
/// perform: differentiated like stores, checked against central differences; CopyTo into a shorter destination
/// throws as the BCL does.
/// </summary>
public partial class BufferCallTests
{
    [Differentiable]
    public static double FillClearCopy(double[] v, double x)
    {
        var a = new double[v.Length];
        var b = new double[v.Length];
        a.AsSpan().Fill(x * x);
        v.AsSpan().CopyTo(b);
        b.AsSpan(1, 1).Clear();
        Array.Fill(a, Math.Sin(x), 1, 2);
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        var tail = b.AsSpan(v.Length / 2);
        v.AsSpan(0, tail.Length).CopyTo(tail);
        tail[0] *= x;
        for (var i = 0; i < b.Length; i++)
        {
            s += Math.Tanh(b[i]);
        }

        return s;
    }

    [Differentiable]
    public static double ClearWhole(double x)
    {
        var a = new double[3];
        for (var i = 0; i < 3; i++)
        {
            a[i] = x * (i + 1);
        }

        var sum = a[0] + a[1] + a[2];
        Array.Clear(a);
        a[2] = sum * sum;
        return a[0] + a[1] + a[2];
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Fill_clear_and_copy_into_local_arrays(double x)
    {
        double[] v = [0.5, -1.5, 2.0, 0.75, 1.25];
        var dv = new double[5];
        Assert.Equal(FillClearCopy(v, x), FillClearCopyGrad(v, x, dv, out var dx));
        var fd = FiniteDifferences.Gradient(p => FillClearCopy(p[..5], p[5]), [.. v, x]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(fd[i], dv[i], 7);
        }

        Assert.Equal(fd[5], dx, 7);
        new GradientCheck(
            nameof(ClearWhole), "x",
            p => ClearWhole(p[0]),
            (p, d) => ClearWholeGrad(p[0], out d[0]),
            (p, s, d) => ClearWholePullback(p[0], s, ref d[0])).Check(x);
    }

    /// <summary>De Casteljau's algorithm as libraries write it: Array.Copy the control points into a work array, then blend in place.</summary>
    [Differentiable]
    public static double DeCasteljau(double[] control, double t)
    {
        double[] work = new double[control.Length];
        Array.Copy(control, work, control.Length);
        for (int r = 1; r < work.Length; r++)
        {
            for (int i = 0; i < work.Length - r; i++) work[i] = (1 - t) * work[i] + t * work[i + 1];
        }

        return work[0];
    }

    /// <summary>The five-argument Array.Copy: part of a parameter into the middle of a local array.</summary>
    [Differentiable]
    public static double CopyRange(double[] v, int from, int to, int count)
    {
        var a = new double[6];
        a[0] = 1;
        Array.Copy(v, from, a, to, count);
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * a[i] * (i + 1);
        return s;
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.65)]
    [InlineData(0.9)]
    public void Array_Copy_into_a_local_array_is_differentiated(double t)
    {
        double[] control = [1.0, -0.5, 2.0, 0.25];
        var dcontrol = new double[4];
        Assert.Equal(DeCasteljau(control, t), DeCasteljauGrad(control, t, dcontrol, out var dt));

        // The Bézier curve is Σ B(i,3)(t)·P(i): its gradient in the control points is the Bernstein basis, and
        // its t-derivative is 3·Σ B(i,2)(t)·(P(i+1) − P(i)).
        double[] bernstein = [Math.Pow(1 - t, 3), 3 * t * Math.Pow(1 - t, 2), 3 * t * t * (1 - t), t * t * t];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(bernstein[i], dcontrol[i], 12);
        }

        double[] b2 = [Math.Pow(1 - t, 2), 2 * t * (1 - t), t * t];
        var analytic = 0.0;
        for (var i = 0; i < 3; i++) analytic += 3 * b2[i] * (control[i + 1] - control[i]);
        Assert.Equal(analytic, dt, 12);

        double[] v = [0.5, -1.5, 2.0, 0.75, 1.25];
        var dv = new double[5];
        Assert.Equal(CopyRange(v, 1, 2, 3), CopyRangeGrad(v, 1, 2, 3, dv));
        var fd = FiniteDifferences.Gradient(p => CopyRange(p, 1, 2, 3), v);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(fd[i], dv[i], 7);
        }

        // Elements 1..3 of v land at 2..4 with weights 3..5: d/dv[k] = 2·(k + 2)·v[k] there, 0 elsewhere.
        Assert.Equal(0.0, dv[0]);
        Assert.Equal(2 * 3 * v[1], dv[1], 12);
        Assert.Equal(0.0, dv[4]);
    }

    [Fact]
    public void Array_Copy_past_the_end_throws_as_the_BCL_does()
    {
        double[] v = [0.5, -1.5, 2.0];
        var dv = new double[3];
        Assert.Throws<ArgumentException>(() => CopyRange(v, 1, 4, 3));
        Assert.Throws<ArgumentException>(() => CopyRangeGrad(v, 1, 4, 3, dv));
        Assert.Throws<ArgumentException>(() => CopyRangeGrad(v, 2, 0, 2, dv));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyRange(v, -1, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyRangeGrad(v, -1, 0, 2, dv));
        Assert.Equal(new double[3], dv);
    }
}
