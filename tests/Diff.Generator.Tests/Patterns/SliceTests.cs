using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Slices and views: <c>v.AsSpan(i, n)</c>, <c>v.Slice(i)</c> and <c>v[a..b]</c> passed to a differentiable helper put
/// the helper's gradient into the same part of the buffer; a local span that views part of an array (a matrix row)
/// reads and writes that array at its offset. Every case is checked against central differences, at two points.
/// </summary>
public partial class SliceTests
{
    [Differentiable]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    [Differentiable]
    private static double Horner(double x, double[] c)
    {
        double s = 0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            s = s * x + c[i];
        }

        return s;
    }

    private static readonly double[] Coefficients = [1.0, -0.5, 0.25, 2.0];

    /// <summary>tanh of each row of an n×n matrix times x, rows viewed with AsSpan(i * n, n).</summary>
    [Differentiable]
    public static double RowsTimesVector(double[] a, double[] x, int n)
    {
        double s = 0;
        for (var i = 0; i < n; i++)
        {
            var row = a.AsSpan(i * n, n);
            s += Math.Tanh(Dot(row, x));
        }

        return s;
    }

    /// <summary>Ranges with ^, AsSpan with and without a length, a range of a span, Slice of a span parameter.</summary>
    [Differentiable]
    public static double Ranges(double[] v, ReadOnlySpan<double> w)
        => Dot(v[1..^1], w[..2]) + Dot(v.AsSpan(2), w.Slice(1)) * v[0] + Dot(v.AsSpan()[..1], w.Slice(2, 1));

    /// <summary>Views of views, read from the end, with a length of their own.</summary>
    [Differentiable]
    public static double ViewOfView(ReadOnlySpan<double> v)
    {
        var w = v.Slice(1);
        var u = w[1..3];
        double s = 0;
        for (var i = 0; i < u.Length; i++)
        {
            s += u[i] * w[^1];
        }

        return s + Dot(u, u) * w[0];
    }

    /// <summary>A view of a local array, written through (its elements are the local array's).</summary>
    [Differentiable]
    public static double WritesThroughAView(double x, double y)
    {
        var a = new double[5];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = Math.Sin(x * (i + 1));
        }

        var tail = a.AsSpan(2);
        tail[0] *= y;
        tail[^1] += x * y;
        return Dot(a, a) + Dot(tail, tail) + tail.Length;
    }

    /// <summary>A range of an array passed to a T[] parameter (a copy, as C# makes it) and slices of a static table.</summary>
    [Differentiable]
    public static double CopiesAndTables(double[] c, double x)
        => Horner(x, c[1..]) + Horner(x, Coefficients[1..]) + Dot(Coefficients.AsSpan(1, 2), c.AsSpan(0, 2));

    /// <summary>foreach over a slice, a view, a local array and another name for a parameter array.</summary>
    [Differentiable]
    public static double ForEachOverParts(double[] v, double x)
    {
        var squares = new double[3];
        var k = 0;
        foreach (var e in v.AsSpan(1, 3))
        {
            squares[k++] = e * e * x;
        }

        double s = 0;
        foreach (var q in squares)
        {
            s += Math.Sin(q);
        }

        var head = v[..2];
        double[] same = v;
        foreach (var h in head)
        {
            s += h * same[^1];
        }

        return s;
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Foreach_over_slices_views_and_local_arrays(double shift)
    {
        var v = Enumerable.Range(0, 5).Select(i => Math.Sin(2 * i + shift)).ToArray();
        var dv = new double[5];
        Assert.Equal(ForEachOverParts(v, 0.5 + shift), ForEachOverPartsGrad(v, 0.5 + shift, dv, out var dx));
        AssertMatches(p => ForEachOverParts(p[..5], p[5]), [.. v, 0.5 + shift], [.. dv, dx]);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void A_row_view_passed_to_a_helper_takes_its_gradient_into_that_row(double shift)
    {
        const int n = 3;
        var a = Enumerable.Range(0, n * n).Select(i => Math.Sin(i + shift)).ToArray();
        var x = Enumerable.Range(0, n).Select(i => Math.Cos(2 * i - shift)).ToArray();
        var da = new double[n * n];
        var dx = new double[n];
        Assert.Equal(RowsTimesVector(a, x, n), RowsTimesVectorGrad(a, x, n, da, dx));
        AssertMatches(p => RowsTimesVector(p[..(n * n)], p[(n * n)..], n), [.. a, .. x], [.. da, .. dx]);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Ranges_and_slices_of_arrays_and_spans(double shift)
    {
        var v = Enumerable.Range(0, 4).Select(i => Math.Sin(i + shift)).ToArray();
        var w = Enumerable.Range(0, 3).Select(i => Math.Cos(i - shift)).ToArray();
        var dv = new double[4];
        var dw = new double[3];
        Assert.Equal(Ranges(v, w), RangesGrad(v, w, dv, dw));
        AssertMatches(p => Ranges(p[..4], p[4..]), [.. v, .. w], [.. dv, .. dw]);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Views_of_views(double shift)
    {
        var v = Enumerable.Range(0, 5).Select(i => Math.Sin(2 * i + shift)).ToArray();
        var dv = new double[5];
        Assert.Equal(ViewOfView(v), ViewOfViewGrad(v, dv));
        AssertMatches(p => ViewOfView(p), v, dv);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void Writes_through_a_view_of_a_local_array(double x, double y) =>
        new GradientCheck(
            nameof(WritesThroughAView), "x y",
            p => WritesThroughAView(p[0], p[1]),
            (p, d) => WritesThroughAViewGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => WritesThroughAViewPullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.8)]
    public void Copies_of_ranges_and_slices_of_static_tables(double x)
    {
        double[] c = [0.5, -1.5, 2.0, 0.75];
        var dc = new double[4];
        Assert.Equal(CopiesAndTables(c, x), CopiesAndTablesGrad(c, x, dc, out var dx));
        AssertMatches(p => CopiesAndTables(p[..4], p[4]), [.. c, x], [.. dc, dx]);
    }

    [Fact]
    public void Pullback_adds_into_the_sliced_part_of_the_buffer()
    {
        double[] v = [0.5, -1.5, 2.0, 0.75];
        double[] w = [3.0, 0.25, -0.75];
        double[] dv = [1, 1, 1, 1];
        double[] dw = [-1, -1, -1];
        RangesPullback(v, w, 2.0, dv, dw);
        var fresh = new double[4];
        var freshW = new double[3];
        RangesGrad(v, w, fresh, freshW);
        Assert.Equal(fresh.Select(g => 1 + 2 * g), dv);
        Assert.Equal(freshW.Select(g => -1 + 2 * g), dw);
    }

    private static void AssertMatches(Func<double[], double> f, double[] point, double[] gradient)
    {
        var fd = FiniteDifferences.Gradient(f, point);
        for (var i = 0; i < point.Length; i++)
        {
            Assert.Equal(fd[i], gradient[i], 7);
        }
    }
}
