namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="Embedding"/>: the float indices cast to int64, then <c>Gather</c> of the embedding rows (axis 0). The
/// model's input stays float32, as <see cref="O:DiffGen.Model.Predict"/> takes it.
/// </summary>
internal sealed class EmbeddingExporter : OnnxLayerExporter<Embedding>
{
    /// <summary>ONNX's TensorProto data type INT64.</summary>
    private const int Int64 = 7;

    /// <inheritdoc/>
    protected override string Export(Embedding layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        var embeddings = graph.Initializer($"{layer.Name}/embeddings", layer.Embeddings!.Peek());
        var indices = graph.Node("Cast", $"{layer.Name}/Indices", [input], ("to", Int64));
        return graph.Node("Gather", $"{layer.Name}/Gather", [embeddings, indices], ("axis", 0));
    }
}
