namespace DiffGen.Onnx.Exporters;

/// <summary><see cref="LSTM"/>: ONNX gates i, o, f, c from Keras' i, f, c, o; one bias (the recurrent bias is zero).</summary>
internal sealed class LSTMExporter : RecurrentExporter<LSTM>
{
    /// <inheritdoc/>
    protected override string OpType => "LSTM";

    /// <inheritdoc/>
    protected override int[] KerasBlockOf => [0, 3, 1, 2];

    /// <inheritdoc/>
    protected override string[] OnnxActivations(LSTM layer)
    {
        var candidate = Activation(layer, layer.Activation, "activation");
        return [Activation(layer, layer.RecurrentActivation, "recurrent_activation"), candidate, candidate];
    }

    /// <inheritdoc/>
    protected override (Tensor Kernel, Tensor Recurrent, float[]? InputBias, float[]? RecurrentBias) Weights(LSTM layer) =>
        (layer.Kernel!.Peek(), layer.RecurrentKernel!.Peek(), layer.Bias?.Peek().ToArray(), null);
}
