namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="GRU"/>: gates z, r, h in the same order in both; <c>reset_after</c> is ONNX's
/// <c>linear_before_reset = 1</c>, its (2, 3·units) bias the input and recurrent biases.
/// </summary>
internal sealed class GRUExporter : RecurrentExporter<GRU>
{
    /// <inheritdoc/>
    protected override string OpType => "GRU";

    /// <inheritdoc/>
    protected override int[] KerasBlockOf => [0, 1, 2];

    /// <inheritdoc/>
    protected override string[] OnnxActivations(GRU layer) =>
        [Activation(layer, layer.RecurrentActivation, "recurrent_activation"), Activation(layer, layer.Activation, "activation")];

    /// <inheritdoc/>
    protected override (string Name, object Value)[] Extra(GRU layer) => [("linear_before_reset", layer.ResetAfter ? 1 : 0)];

    /// <inheritdoc/>
    protected override (Tensor Kernel, Tensor Recurrent, float[]? InputBias, float[]? RecurrentBias) Weights(GRU layer)
    {
        var bias = layer.Bias?.Peek().ToArray();
        var width = 3 * layer.Units;
        return layer.ResetAfter && bias is not null
            ? (layer.Kernel!.Peek(), layer.RecurrentKernel!.Peek(), bias[..width], bias[width..])
            : (layer.Kernel!.Peek(), layer.RecurrentKernel!.Peek(), bias, null);
    }
}
