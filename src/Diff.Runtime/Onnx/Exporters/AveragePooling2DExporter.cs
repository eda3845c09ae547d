namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="AveragePooling2D"/> as ONNX <c>AveragePool</c> over the real elements of each window.</summary>
internal sealed class AveragePooling2DExporter : Pooling2DExporter<AveragePooling2D>
{
    /// <inheritdoc/>
    protected override string OpType => "AveragePool";

    /// <inheritdoc/>
    protected override (string Name, object Value)[] Extra => [("count_include_pad", 0)];
}
