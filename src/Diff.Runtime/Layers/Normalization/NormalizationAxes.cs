namespace DiffGen;

/// <summary>
/// A tensor seen as (outer, n, inner) around one axis of size n (or adjacent axes of n elements together): normalization layers reduce over outer and inner
/// (BatchNormalization) or over that axis (LayerNormalization) with plain reductions of a 3-D view, and broadcast
/// per-axis weights as (1, n, 1).
/// </summary>
internal readonly record struct NormalizationAxes(int Outer, int Size, int Inner)
{
    /// <summary>The split of <paramref name="shape"/> (batch included) around <paramref name="axis"/> (which may be negative).</summary>
    public static NormalizationAxes Of(Shape shape, int axis)
    {
        var a = axis < 0 ? axis + shape.Rank : axis;
        return Of(shape, a, a);
    }

    /// <summary>The split of <paramref name="shape"/> around the adjacent axes <paramref name="first"/> … <paramref name="last"/> (non-negative), taken together as the middle.</summary>
    public static NormalizationAxes Of(Shape shape, int first, int last)
    {
        int outer = 1, size = 1;
        for (var i = 0; i < first; i++)
        {
            outer *= shape[i];
        }

        for (var i = first; i <= last; i++)
        {
            size *= shape[i];
        }

        return new NormalizationAxes(outer, size, shape.Size / Math.Max(1, outer * size));
    }

    /// <summary>The axis of a sample shape, checked: it must exist and not be the batch axis; the message names the layer.</summary>
    public static int SampleAxis(string layer, int axis, Shape sampleShape)
    {
        var rank = sampleShape.Rank + 1;
        var a = axis < 0 ? axis + rank : axis;
        return a >= 1 && a < rank
            ? a
            : throw new ArgumentException($"{layer}: axis {axis} is not a feature axis of inputs of shape {LayerShapes.WithNoneBatch(sampleShape)}.");
    }

    /// <summary><paramref name="x"/> viewed as (outer, n, inner).</summary>
    public Tensor View(Tensor x) => Ops.Reshape(x, Outer, Size, Inner);

    /// <summary>A per-axis vector of length n, shaped to broadcast against <see cref="View"/>.</summary>
    public Tensor Broadcastable(Tensor vector) => Ops.Reshape(vector, 1, Size, 1);
}
