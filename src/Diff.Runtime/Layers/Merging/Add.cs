namespace DiffGen;

/// <summary>Keras' <c>Add</c>: the elementwise sum of inputs of one shape (a residual connection: <c>Add().Call(x, f(x))</c>).</summary>
public sealed class Add(string? name = null) : Merge(name, "add")
{
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name };

    /// <inheritdoc/>
    protected override Shape MergedShape(IReadOnlyList<Shape> shapes) =>
        shapes.All(s => s == shapes[0])
            ? shapes[0]
            : throw new ArgumentException($"Layer '{Name}' (Add) needs inputs of one shape; got shapes {Describe(shapes)}.");

    /// <inheritdoc/>
    protected override Tensor Combine(IReadOnlyList<Tensor> inputs)
    {
        // Left to right, as Keras sums: ((x1 + x2) + x3) …
        var sum = inputs[0];
        for (var i = 1; i < inputs.Count; i++)
        {
            sum = Ops.Add(sum, inputs[i]);
        }

        return sum;
    }
}
