namespace DiffGen.Runtime.Tests.Tensors;

public class ShapeTests
{
    [Theory]
    [InlineData(new int[0], "()")]
    [InlineData(new[] { 3 }, "(3,)")]
    [InlineData(new[] { 2, 3 }, "(2, 3)")]
    [InlineData(new[] { 0, 1, 4, 2 }, "(0, 1, 4, 2)")]
    public void ToString_is_TensorFlows_notation(int[] dimensions, string expected) =>
        Assert.Equal(expected, new Shape(dimensions).ToString());

    [Fact]
    public void Shapes_with_the_same_dimensions_are_equal()
    {
        var a = new Shape(2, 3);
        var b = new Shape(new[] { 2, 3 });
        Shape c = new[] { 2, 3 };
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.True(a == c);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        Assert.NotEqual(a, new Shape(3, 2));
        Assert.NotEqual(a, new Shape(2, 3, 1));
        Assert.NotEqual(new Shape(1), Shape.Scalar);
        Assert.True(a != new Shape(2));
        Assert.False(a.Equals(null));
        Assert.False(a == null);
        Assert.True((Shape?)null == null);
        Assert.Equal(Shape.Scalar, new Shape());
    }

    [Fact]
    public void Rank_size_and_dimensions()
    {
        var s = new Shape(2, 3, 4);
        Assert.Equal(3, s.Rank);
        Assert.Equal(24, s.Size);
        Assert.Equal(new[] { 2, 3, 4 }, s.ToArray());
        Assert.Equal(new[] { 2, 3, 4 }, s.Dimensions.ToArray());
        Assert.Equal(new[] { 2, 3, 4 }, s.ToList());
        Assert.Equal(0, Shape.Scalar.Rank);
        Assert.Equal(1, Shape.Scalar.Size);
        Assert.Equal(0, new Shape(3, 0).Size);
    }

    [Fact]
    public void Indexer_counts_negative_axes_from_the_end()
    {
        var s = new Shape(2, 3, 4);
        Assert.Equal(2, s[0]);
        Assert.Equal(4, s[2]);
        Assert.Equal(4, s[-1]);
        Assert.Equal(2, s[-3]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => s[3]);
        Assert.Contains("(2, 3, 4)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => s[-4]);
    }

    [Fact]
    public void The_dimensions_are_copied_in_and_out()
    {
        var dimensions = new[] { 2, 3 };
        var s = new Shape(dimensions);
        dimensions[0] = 9;
        s.ToArray()[1] = 9;
        Assert.Equal(new Shape(2, 3), s);
    }

    [Fact]
    public void A_negative_dimension_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Shape(2, -1));
        Assert.Contains("negative", error.Message);
        Assert.Contains("(2, -1)", error.Message);
    }

    [Fact]
    public void More_elements_than_an_array_holds_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new Shape(1 << 16, 1 << 16));
}
