using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.ArrayPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>Local arrays (new, initialisers, stackalloc) with element writes and overwrites, against finite differences.</summary>
public class ArrayTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5, 0.7, 1.1 }, 3)]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 1)]
    [InlineData(new[] { -0.5, 0.25, 4.0, -2.0 }, 0)]
    public void An_array_smoothed_in_place_over_several_passes(double[] v, int passes) =>
        new GradientCheck(
            nameof(SmoothInPlace), Names("v", v.Length),
            p => SmoothInPlace(p, passes),
            (p, d) => SmoothInPlaceGrad(p, passes, d),
            (p, s, d) => SmoothInPlacePullback(p, passes, s, d)).Check(v);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Straight_line_writes_and_overwrites(double x, double y) =>
        new GradientCheck(
            nameof(Overwrites), "x y",
            p => Overwrites(p[0], p[1]),
            (p, d) => OverwritesGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => OverwritesPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => OverwritesGradient(p[0], p[1])).Check(x, y);

    private static double[] OverwritesGradient(double x, double y)
    {
        // a1 = sin x + y; a0 = a1·xy; a2 = xy + a0; a1' = 2·a1; f = a0 + a1'·a2.
        var a1 = Math.Sin(x) + y;
        var a0 = a1 * x * y;
        var a2 = (x * y) + a0;
        double da1dx = Math.Cos(x), da1dy = 1;
        double da0dx = (da1dx * x * y) + (a1 * y), da0dy = (da1dy * x * y) + (a1 * x);
        double da2dx = y + da0dx, da2dy = x + da0dy;
        return new[]
        {
            da0dx + (2 * da1dx * a2) + (2 * a1 * da2dx),
            da0dy + (2 * da1dy * a2) + (2 * a1 * da2dy),
        };
    }

    private static readonly double[] Input = { 0.5, -1.0, 2.0 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_stackalloc_buffer_of_hidden_units(int seed)
    {
        var random = new Random(seed);
        var point = Enumerable.Range(0, 16).Select(_ => random.NextDouble() - 0.5).ToArray(); // w1: 4×3, w2: 4
        new GradientCheck(
            nameof(HiddenLayer), Names("p", 16),
            p => HiddenLayer(Slice(p, 0, 12), Slice(p, 12, 4), Input),
            (p, d) => HiddenLayerGrad(Slice(p, 0, 12), Slice(p, 12, 4), Input, d.AsSpan(0, 12), d.AsSpan(12, 4)),
            (p, s, d) => HiddenLayerPullback(Slice(p, 0, 12), Slice(p, 12, 4), Input, s, d.AsSpan(0, 12), d.AsSpan(12, 4)))
            .Check(point);
    }

    [Theory]
    [InlineData(new[] { 0.3, -1.2, 2.5 })]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 })]
    [InlineData(new[] { -0.5 })]
    public void Two_arrays_written_in_one_loop(double[] v) =>
        new GradientCheck(
            nameof(PrefixSumsAndProducts), Names("v", v.Length),
            p => PrefixSumsAndProducts(p),
            (p, d) => PrefixSumsAndProductsGrad(p, d),
            (p, s, d) => PrefixSumsAndProductsPullback(p, s, d)).Check(v);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-1.25f)]
    [InlineData(1.75f)]
    public void A_float_buffer_written_with_increments(float x) =>
        new FloatGradientCheck(
            nameof(FloatBuffer), "x w0 w1",
            p => FloatBuffer(p[0], p[1..]),
            (p, d) => FloatBufferGrad(p[0], p[1..], out d[0], d.AsSpan(1)),
            (p, s, d) => FloatBufferPullback(p[0], p[1..], s, ref d[0], d.AsSpan(1)),
            p => new[]
            {
                (2 * ((p[1] * p[0]) + 1) * p[1]) + (2 * ((p[2] * p[0]) + 1) * p[2]),
                1 + (2 * ((p[1] * p[0]) + 1) * p[0]),
                1 + (2 * ((p[2] * p[0]) + 1) * p[0]),
            }).Check(x, 0.5f, -0.75f);

    [Fact]
    public void Local_arrays_and_their_logs_allocate_nothing_after_warm_up()
    {
        var v = new[] { 0.3, -1.2, 2.5, 0.7, 1.1 };
        var dv = new double[v.Length];
        for (var i = 0; i < 20; i++)
        {
            SmoothInPlaceGrad(v, 3, dv);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            SmoothInPlaceGrad(v, 3, dv);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
