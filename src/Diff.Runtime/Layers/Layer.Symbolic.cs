namespace DiffGen;

/// <summary>The functional API's half of a layer: calls on symbolic tensors, and the nodes they recorded.</summary>
public abstract partial class Layer
{
    /// <summary>The calls of this layer on symbolic tensors, in order (Keras' <c>_inbound_nodes</c>).</summary>
    internal List<Node> InboundNodes { get; } = [];

    /// <summary>
    /// Applies the layer to a symbolic tensor of the functional API (Keras: <c>layer(x)</c> on a <c>KerasTensor</c>):
    /// builds the layer for that shape on its first call, checks the shape on later ones (a layer called twice shares
    /// its weights), and returns the symbolic output.
    /// </summary>
    /// <exception cref="ArgumentException">The layer was built for another shape; the message names both.</exception>
    public KerasTensor Call(KerasTensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CallSymbolic([input]);
    }

    /// <summary>Records a call on symbolic tensors: the output shape checked and computed now, the node kept.</summary>
    internal KerasTensor CallSymbolic(IReadOnlyList<KerasTensor> inputs) =>
        new Node(this, inputs, SymbolicOutputShape([.. inputs.Select(t => t.Shape)])).Output;

    /// <summary>
    /// The sample shape a call on inputs of <paramref name="shapes"/> gives, building the layer if needed. A layer of
    /// one input takes one shape; <see cref="Merge"/> layers take several.
    /// </summary>
    internal virtual Shape SymbolicOutputShape(IReadOnlyList<Shape> shapes)
    {
        if (shapes.Count != 1)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) takes one input but was called on {shapes.Count}: {string.Join(", ", shapes.Select(LayerShapes.WithNoneBatch))}.");
        }

        var shape = shapes[0];
        try
        {
            Build(shape);
        }
        catch (ArgumentException e) when (InputShape is { } expected)
        {
            // The layer's own check speaks of batches; a symbolic call has none, so say it in Keras' (None, …) form.
            throw new ArgumentException(
                $"Layer '{Name}' ({TypeName}) was built for inputs of shape {LayerShapes.WithNoneBatch(expected)} but was called on shape {LayerShapes.WithNoneBatch(shape)}.", e);
        }

        return ComputeOutputShape(shape);
    }

    /// <summary>Runs one recorded node on real tensors (a <see cref="Merge"/> layer takes all of them).</summary>
    internal virtual Tensor CallNode(IReadOnlyList<Tensor> inputs, bool training) => Call(inputs[0], training);
}
