using CsCheck;
using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.Kernels;

public class TranspositionTests
{
    [Fact]
    public void Transpose2D_moves_every_element_to_its_mirrored_place()
    {
        // Sides up to 100 cross the 32×32 tiles with ragged edges.
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 100]).Sample((rows, cols) =>
        {
            float[] src = Enumerable.Range(0, rows * cols).Select(i => i * 0.5f - 7f).ToArray();
            float[] dst = Enumerable.Repeat(float.NaN, rows * cols).ToArray();
            Transposition.Transpose2D(src, dst, rows, cols);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    Assert.Equal(src[i * cols + j], dst[j * rows + i]);
                }
            }
        }, iter: 100);
    }

    [Fact]
    public void Transposing_twice_gives_back_the_original()
    {
        float[] src = Enumerable.Range(0, 37 * 70).Select(i => (float)Math.Sin(i)).ToArray();
        float[] once = new float[src.Length], twice = new float[src.Length];
        Transposition.Transpose2D(src, once, 37, 70);
        Transposition.Transpose2D(once, twice, 70, 37);
        Assert.Equal(src, twice);
        Assert.NotEqual(src, once);
    }

    [Fact]
    public void Bad_arguments_are_reported_and_nothing_is_written()
    {
        float[] dst = Enumerable.Repeat(3f, 6).ToArray();
        var e = Assert.Throws<ArgumentException>(() => Transposition.Transpose2D(new float[5], dst, 2, 3));
        Assert.Equal("src", e.ParamName);
        Assert.Contains("src has 5 elements but rows×cols = 2×3 = 6", e.Message);

        e = Assert.Throws<ArgumentException>(() => Transposition.Transpose2D(new float[6], new float[7], 2, 3));
        Assert.Equal("dst", e.ParamName);
        Assert.Contains("dst has 7 elements but cols×rows = 3×2 = 6", e.Message);

        float[] shared = new float[12];
        e = Assert.Throws<ArgumentException>(() => Transposition.Transpose2D(shared.AsSpan(0, 6), shared.AsSpan(3, 6), 2, 3));
        Assert.Contains("overlaps", e.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Transposition.Transpose2D([], [], -1, 0));
        Assert.All(dst, v => Assert.Equal(3f, v));
    }
}
