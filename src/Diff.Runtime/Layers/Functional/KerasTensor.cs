namespace DiffGen;

/// <summary>
/// A symbolic tensor of the functional API (Keras 3's <c>KerasTensor</c>): no values, only the shape of one sample and
/// the call that produced it. An <see cref="Input"/> gives the first ones; calling a layer on them
/// (<c>dense.Call(input)</c>) records a <see cref="Node"/> and gives the next; <c>new Model(inputs, outputs)</c> walks
/// those nodes back from the outputs.
/// </summary>
public sealed class KerasTensor
{
    internal KerasTensor(Shape shape, Node node)
    {
        Shape = shape;
        Node = node;
    }

    /// <summary>The shape of one sample (without the batch axis).</summary>
    public Shape Shape { get; }

    /// <summary>The layer whose call produced this tensor (an <see cref="Input"/> for an input).</summary>
    public Layer Layer => Node.Layer;

    /// <summary>The call that produced this tensor.</summary>
    internal Node Node { get; }

    /// <summary>The shape as Keras prints it: <c>(None, 4)</c>.</summary>
    public override string ToString() => $"<KerasTensor shape={LayerShapes.WithNoneBatch(Shape)}, name={Layer.Name}>";
}
