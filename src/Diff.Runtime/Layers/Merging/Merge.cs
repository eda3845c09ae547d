namespace DiffGen;

/// <summary>
/// A layer of several inputs and no weights (Keras' <c>Merge</c> base of <see cref="Concatenate"/> and
/// <see cref="Add"/>): called on a list, <c>add.Call(a, b)</c> on symbolic tensors or <c>add.Call([x1, x2])</c> on
/// batches. The shapes are checked on every call and a mismatch names them all.
/// </summary>
public abstract class Merge : Layer
{
    /// <summary>A merge layer named <paramref name="name"/>, or automatically from <paramref name="defaultPrefix"/>.</summary>
    protected Merge(string? name, string defaultPrefix)
        : base(name, defaultPrefix)
    {
    }

    /// <summary>Merges batches (the samples along the first axis of each, as many in each).</summary>
    /// <exception cref="ArgumentException">Fewer than two inputs, different batch sizes, or shapes the layer cannot merge; the message names the shapes.</exception>
    public Tensor Call(IReadOnlyList<Tensor> inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Any(t => t is null || t.Rank < 1))
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}): every input needs the samples along its first axis.", nameof(inputs));
        }

        if (inputs.Count > 1 && inputs.Any(t => t.Shape[0] != inputs[0].Shape[0]))
        {
            throw new ArgumentException(
                $"Layer '{Name}' ({TypeName}): the inputs have different batch sizes: {string.Join(", ", inputs.Select(t => t.Shape.ToString()))}.", nameof(inputs));
        }

        SymbolicOutputShape([.. inputs.Select(t => new Shape(t.Shape.Dimensions[1..].ToArray()))]);
        return Combine(inputs);
    }

    /// <summary>Merges symbolic tensors of the functional API: <c>new Concatenate().Call(a, b)</c>.</summary>
    public KerasTensor Call(params KerasTensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return CallSymbolic(inputs);
    }

    /// <summary>Merge layers take a list; a single shape has no meaning for them.</summary>
    public sealed override Shape ComputeOutputShape(Shape sampleShape) =>
        throw new InvalidOperationException($"Layer '{Name}' ({TypeName}) merges several inputs; it cannot follow a single layer (use the functional API: new Model(inputs, outputs)).");

    /// <summary>The merged sample shape of inputs of <paramref name="shapes"/>; throws naming the shapes when they do not fit.</summary>
    public Shape ComputeOutputShape(IReadOnlyList<Shape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (shapes.Count < 2)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) merges at least 2 inputs but was given {shapes.Count}.", nameof(shapes));
        }

        return MergedShape(shapes);
    }

    /// <inheritdoc/>
    internal override Shape SymbolicOutputShape(IReadOnlyList<Shape> shapes)
    {
        var merged = ComputeOutputShape(shapes);
        if (!Built)
        {
            // No weights to create; built only so that Summary and Save see a layer like any other.
            Build(shapes[0]);
        }

        return merged;
    }

    /// <inheritdoc/>
    internal override Tensor CallNode(IReadOnlyList<Tensor> inputs, bool training) => Call(inputs, training);

    /// <summary>The merged sample shape; throws <see cref="ArgumentException"/> naming all shapes when they do not fit.</summary>
    protected abstract Shape MergedShape(IReadOnlyList<Shape> shapes);

    /// <summary>The merge itself, with <see cref="Ops"/> so tapes record it; the shapes are already checked.</summary>
    protected abstract Tensor Combine(IReadOnlyList<Tensor> inputs);

    /// <summary>A single tensor is not a list: Layer.Call(Tensor) on a merge layer is an error naming what to do.</summary>
    protected sealed override Tensor Forward(Tensor inputs, bool training) =>
        throw new InvalidOperationException($"Layer '{Name}' ({TypeName}) merges several inputs; call it on a list: Call([x1, x2]).");

    /// <summary>Each call's shapes are checked against each other by <see cref="MergedShape"/>, not against the first call's.</summary>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
    }

    /// <summary>The shapes as an error lists them: (None, 3), (None, 4).</summary>
    protected static string Describe(IReadOnlyList<Shape> shapes) => string.Join(", ", shapes.Select(LayerShapes.WithNoneBatch));
}
