namespace DiffGen.Onnx.Exporters;

/// <summary>The layer exporters by layer class. A layer class not listed here cannot be exported (and the error says so).</summary>
internal static class OnnxLayerExporters
{
    private static readonly Dictionary<Type, IOnnxLayerExporter> s_byType = new IOnnxLayerExporter[]
    {
        new InputExporter(),
        new DenseExporter(),
        new DropoutExporter(),
        new FlattenExporter(),
        new LeakyReLUExporter(),
        new Conv1DExporter(),
        new Conv2DExporter(),
        new MaxPooling2DExporter(),
        new AveragePooling2DExporter(),
        new GlobalAveragePooling2DExporter(),
        new ReshapeExporter(),
        new EmbeddingExporter(),
        new LayerNormalizationExporter(),
        new BatchNormalizationExporter(),
        new LSTMExporter(),
        new GRUExporter(),
    }.ToDictionary(e => e.LayerType);

    /// <summary>The Keras class names of the layers that can be exported, for error messages.</summary>
    public static string SupportedNames => string.Join(", ", s_byType.Keys.Select(t => t.Name).Order(StringComparer.Ordinal));

    /// <summary>The exporter for exactly <paramref name="layer"/>'s class, or null.</summary>
    public static IOnnxLayerExporter? For(Layer layer) => s_byType.GetValueOrDefault(layer.GetType());
}
