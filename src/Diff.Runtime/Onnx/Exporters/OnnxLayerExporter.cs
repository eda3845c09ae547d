namespace DiffGen.Onnx.Exporters;

/// <summary>
/// Writes one kind of layer into an ONNX graph. To make a new layer type exportable, add a small subclass of
/// <see cref="OnnxLayerExporter{TLayer}"/> in this folder and list it in <see cref="OnnxLayerExporters"/>.
/// </summary>
internal interface IOnnxLayerExporter
{
    /// <summary>The layer class it exports (exactly that class).</summary>
    Type LayerType { get; }

    /// <summary>Adds the layer's nodes reading <paramref name="input"/>; returns the name of the layer's output.</summary>
    /// <param name="layer">The layer, built.</param>
    /// <param name="graph">The graph being written.</param>
    /// <param name="input">The name of the value the layer reads: (batch, sample shape).</param>
    /// <param name="sampleShape">The shape of one input sample, without the batch axis (which is dynamic).</param>
    string Export(Layer layer, OnnxGraph graph, string input, Shape sampleShape);
}

/// <summary>The typed base of an exporter: <see cref="Export(TLayer, OnnxGraph, string, Shape)"/> receives its own layer class.</summary>
internal abstract class OnnxLayerExporter<TLayer> : IOnnxLayerExporter
    where TLayer : Layer
{
    /// <inheritdoc/>
    public Type LayerType => typeof(TLayer);

    /// <inheritdoc/>
    public string Export(Layer layer, OnnxGraph graph, string input, Shape sampleShape) => Export((TLayer)layer, graph, input, sampleShape);

    /// <inheritdoc cref="IOnnxLayerExporter.Export"/>
    protected abstract string Export(TLayer layer, OnnxGraph graph, string input, Shape sampleShape);
}
