namespace DiffGen;

/// <summary>
/// One call of a layer on symbolic tensors (Keras' <c>Node</c>): which tensors went in and which came out. A layer
/// called twice has two nodes and one set of weights — a shared layer. <see cref="Index"/> is the call's position
/// among the layer's calls, as Keras' <c>inbound_nodes</c> refer to it.
/// </summary>
internal sealed class Node
{
    public Node(Layer layer, IReadOnlyList<KerasTensor> inputs, Shape outputShape)
    {
        Layer = layer;
        Inputs = inputs;
        Index = layer.InboundNodes.Count;
        Output = new KerasTensor(outputShape, this);
        layer.InboundNodes.Add(this);
    }

    public Layer Layer { get; }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public KerasTensor Output { get; }

    public int Index { get; }

    /// <summary>Whether this is an <see cref="Input"/>'s node, where a graph starts.</summary>
    public bool IsInput => Layer is Input;
}
