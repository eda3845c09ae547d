namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="MaxPooling2D"/> as ONNX <c>MaxPool</c>.</summary>
internal sealed class MaxPooling2DExporter : Pooling2DExporter<MaxPooling2D>
{
    /// <inheritdoc/>
    protected override string OpType => "MaxPool";
}
