using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Functional;

/// <summary>
/// <see cref="Concatenate"/> and <see cref="Add"/> on batches: forward against a direct loop in double, gradients
/// with respect to every input against central differences of that loop (<see cref="GradientCheck"/>).
/// </summary>
public sealed class MergeLayerTests
{
    public static TheoryData<int[][], int> ConcatenateCases => new()
    {
        { [[4, 3], [4, 2]], -1 },
        { [[4, 3], [4, 2], [4, 1]], 1 },
        { [[2, 3, 2], [2, 1, 2]], 1 },
        { [[2, 3, 2], [2, 3, 4]], -1 },
        { [[2, 2, 3], [2, 2, 3]], 2 },
    };

    [Theory]
    [MemberData(nameof(ConcatenateCases))]
    public void Concatenate_matches_a_direct_loop_and_finite_differences(int[][] shapes, int axis)
    {
        var layer = new Concatenate(axis);
        var inputs = shapes.Select((s, i) => Tensor.RandomNormal(new Shape(s), 10 + i)).ToArray();
        GradientCheck.Check($"Concatenate(axis {axis})", xs => layer.Call(xs), xs => ConcatenateLoop(xs, axis), inputs, seed: 3);
    }

    [Theory]
    [InlineData(2, new[] { 5, 3 })]
    [InlineData(3, new[] { 2, 3, 2 })]
    public void Add_matches_a_direct_loop_and_finite_differences(int count, int[] shape)
    {
        var layer = new Add();
        var inputs = Enumerable.Range(0, count).Select(i => Tensor.RandomNormal(new Shape(shape), 20 + i)).ToArray();
        GradientCheck.Check($"Add of {count}", xs => layer.Call(xs), AddLoop, inputs, seed: 4);
    }

    [Fact]
    public void Merge_layers_name_every_shape_when_they_do_not_fit()
    {
        var concatenate = new Concatenate(name: "joiner");
        var error = Assert.Throws<ArgumentException>(() => concatenate.Call([Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 5, 3)]));
        Assert.Contains("'joiner'", error.Message);
        Assert.Contains("(None, 3, 4), (None, 5, 3)", error.Message);

        var add = new Add(name: "summer");
        error = Assert.Throws<ArgumentException>(() => add.Call(new Input([3]), new Input([4])));
        Assert.Contains("'summer'", error.Message);
        Assert.Contains("(None, 3), (None, 4)", error.Message);

        error = Assert.Throws<ArgumentException>(() => add.Call([Tensor.Zeros(2, 3), Tensor.Zeros(5, 3)]));
        Assert.Contains("different batch sizes", error.Message);

        Assert.Throws<ArgumentException>(() => add.Call(new Input([3])));
    }

    [Fact]
    public void Merge_layers_save_their_config()
    {
        Assert.Equal(2, new Concatenate(axis: 2).GetConfig()["axis"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Concatenate(axis: 0));
    }

    /// <summary>Joins along <paramref name="axis"/> (counted with the batch axis) by walking output indices.</summary>
    private static Ref ConcatenateLoop(Ref[] xs, int axis)
    {
        var rank = xs[0].Shape.Length;
        var a = axis < 0 ? axis + rank : axis;
        var shape = (int[])xs[0].Shape.Clone();
        shape[a] = xs.Sum(x => x.Shape[a]);
        var result = new double[Reference.SizeOf(shape)];
        foreach (var index in Reference.Indices(shape))
        {
            var source = 0;
            var position = index[a];
            while (position >= xs[source].Shape[a])
            {
                position -= xs[source].Shape[a];
                source++;
            }

            var inner = (int[])index.Clone();
            inner[a] = position;
            result[Reference.Offset(shape, index)] = xs[source].Data[Reference.Offset(xs[source].Shape, inner)];
        }

        return new Ref(shape, result);
    }

    private static Ref AddLoop(Ref[] xs)
    {
        var sum = new double[xs[0].Size];
        for (var i = 0; i < sum.Length; i++)
        {
            foreach (var x in xs)
            {
                sum[i] += x.Data[i];
            }
        }

        return new Ref((int[])xs[0].Shape.Clone(), sum);
    }
}
