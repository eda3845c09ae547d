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
}
