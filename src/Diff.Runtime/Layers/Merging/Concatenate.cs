namespace DiffGen;

/// <summary>
/// Keras' <c>Concatenate</c>: the inputs joined along <see cref="Axis"/> (counted with the batch axis, as Keras does:
/// −1 is the last, 1 the first sample axis); every other dimension must agree.
/// </summary>
public sealed class Concatenate : Merge
{
    /// <summary>Joins along <paramref name="axis"/> (Keras' default −1).</summary>
    public Concatenate(int axis = -1, string? name = null)
        : base(name, "concatenate")
    {
        if (axis == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, "Concatenate: axis 0 is the batch axis; join along a sample axis (1, 2, …, or −1 for the last).");
        }

        Axis = axis;
    }

    /// <summary>The axis, counted with the batch axis.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name, ["axis"] = Axis };

    /// <inheritdoc/>
    protected override Shape MergedShape(IReadOnlyList<Shape> shapes)
    {
        var rank = shapes[0].Rank;
        var axis = SampleAxis(rank);
        if (axis < 0 || shapes.Any(s => s.Rank != rank))
        {
            throw new ArgumentException($"Layer '{Name}' (Concatenate) with axis {Axis} needs inputs of one rank with that axis; got shapes {Describe(shapes)}.");
        }

        var joined = 0;
        foreach (var shape in shapes)
        {
            for (var d = 0; d < rank; d++)
            {
                if (d != axis && shape[d] != shapes[0][d])
                {
                    throw new ArgumentException(
                        $"Layer '{Name}' (Concatenate) needs inputs whose shapes agree except along the concatenation axis {Axis}; got shapes {Describe(shapes)}.");
                }
            }

            joined += shape[axis];
        }

        return shapes[0].WithDimension(axis, joined);
    }

    /// <inheritdoc/>
    protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => Ops.Concat(inputs, SampleAxis(inputs[0].Rank - 1) + 1);

    /// <summary>The axis among a sample's <paramref name="rank"/> axes (−1 when out of range).</summary>
    private int SampleAxis(int rank)
    {
        var axis = Axis < 0 ? Axis + rank + 1 : Axis;
        return axis >= 1 && axis <= rank ? axis - 1 : -1;
    }
}
