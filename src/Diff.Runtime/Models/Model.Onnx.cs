using DiffGen.Onnx;

namespace DiffGen;

public partial class Model
{
    /// <summary>
    /// Writes the model as an ONNX file for inference elsewhere — ONNX Runtime on a server, phone or browser, ML.NET,
    /// any ONNX consumer (Keras 3: <c>model.export(path, format="onnx")</c>). The graph computes <see cref="O:DiffGen.Model.Predict"/>:
    /// <see cref="Dropout"/> is the identity, as at inference. It uses ONNX opset 17 (IR version 8), float32
    /// throughout; its one input is named <paramref name="inputName"/> with shape (batch, the model's input shape)
    /// and its output <paramref name="outputName"/>, where <c>batch</c> is a dynamic dimension. A functional model of
    /// several inputs or outputs names each input after its <see cref="Input"/> and each output after the layer that
    /// produced it (<see cref="OutputNames"/>). Written atomically: on an error no file is left.
    /// <code>
    /// model.ExportOnnx("model.onnx");
    /// // then, with Microsoft.ML.OnnxRuntime:
    /// using var session = new InferenceSession("model.onnx");
    /// using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor&lt;float&gt;(data, [n, features]))]);
    /// </code>
    /// </summary>
    /// <param name="path">The file to write (by convention <c>*.onnx</c>); its directory must exist.</param>
    /// <param name="inputName">The graph input's name.</param>
    /// <param name="outputName">The graph output's name.</param>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    /// <exception cref="NotSupportedException">
    /// A layer has no ONNX exporter (the built-in ones are Input, Dense, Dropout, Flatten and LeakyReLU), or a layer's
    /// activation is not built in (a custom function or a lifted <c>[TapeOp]</c> one); the message names the layer.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    public void ExportOnnx(string path, string inputName = "input", string outputName = "output")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        ArgumentException.ThrowIfNullOrEmpty(outputName);
        if (inputName == outputName)
        {
            throw new ArgumentException($"ExportOnnx: the input and the output cannot both be named '{inputName}'.", nameof(outputName));
        }

        RequireBuilt("ExportOnnx");
        var bytes = OnnxExport.ToBytes(this, inputName, outputName);
        WeightsFile.WriteAtomically(path, stream => stream.Write(bytes));
    }
}
