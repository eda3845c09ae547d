using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffGen.Runtime.Tests.Functional;

/// <summary>A functional model exported to ONNX computes in ONNX Runtime what Predict computes, input and output names included.</summary>
public sealed class FunctionalOnnxExportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Two_inputs_two_outputs_a_shared_layer_and_both_merges_run_in_onnx_runtime_as_predict()
    {
        var net = new TwoTowerModel("onnx");
        var (xa, xb) = TwoTowerModel.Inputs(7, 2);
        var path = Path.Combine(_directory.FullName, "towers.onnx");

        net.Model.ExportOnnx(path);

        var results = Run(path, [("onnx_a", xa), ("onnx_b", xb)]);
        var expected = net.Model.Predict([xa, xb]);
        Assert.Equal(["onnx_wide", "onnx_narrow"], results.Keys);
        AssertClose(expected[0], results["onnx_wide"]);
        AssertClose(expected[1], results["onnx_narrow"]);
    }

    [Fact]
    public void One_input_and_output_take_the_given_names_and_concatenate_along_a_middle_axis()
    {
        var input = new Input([3, 2], "seq_in");
        var left = new Dense(4, activation: "tanh", name: "seq_left").Call(input);
        var right = new Dense(2, name: "seq_right").Call(input);
        var joined = new Concatenate(axis: 1, name: "seq_join").Call(left, new Dense(4, name: "seq_widen").Call(right));
        var model = new Model(input, new Flatten(name: "seq_flat").Call(joined));
        var x = Tensor.RandomNormal(new Shape(5, 3, 2), 4);
        var path = Path.Combine(_directory.FullName, "single.onnx");

        model.ExportOnnx(path, inputName: "features", outputName: "scores");

        var results = Run(path, [("features", x)]);
        Assert.Equal(["scores"], results.Keys);
        AssertClose(model.Predict(x), results["scores"]);
    }

    [Fact]
    public void A_sequential_output_has_the_given_name_too()
    {
        var path = Path.Combine(_directory.FullName, "sequential.onnx");
        var model = new Sequential(new Input(2), new Dense(1));
        var x = Tensor.RandomNormal(new Shape(3, 2), 1);

        model.ExportOnnx(path, inputName: "features", outputName: "probability");

        var results = Run(path, [("features", x)]);
        Assert.Equal(["probability"], results.Keys);
        AssertClose(model.Predict(x), results["probability"]);
    }

    [Fact]
    public void A_layer_without_an_exporter_is_named()
    {
        Func<Tensor, Tensor> square = Ops.Square;
        var input = new Input([2], "odd_in");
        var model = new Model(input, new Dense(1, activation: square, name: "odd_out").Call(input));

        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(Path.Combine(_directory.FullName, "odd.onnx")));
        Assert.Contains("'odd_out'", error.Message);
    }

    private static Dictionary<string, (float[] Values, int[] Shape)> Run(string path, (string Name, Tensor Value)[] inputs)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(path, options);
        using var results = session.Run([.. inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(i.Value.ToArray(), i.Value.Shape.Dimensions.ToArray())))]);
        return results.ToDictionary(r => r.Name, r => (r.AsTensor<float>().ToArray(), r.AsTensor<float>().Dimensions.ToArray()));
    }

    private static void AssertClose(Tensor expected, (float[] Values, int[] Shape) actual)
    {
        Assert.Equal(expected.Shape.Dimensions.ToArray(), actual.Shape);
        var want = expected.ToArray();
        for (var i = 0; i < want.Length; i++)
        {
            Assert.True(Math.Abs(want[i] - actual.Values[i]) <= 1e-5 * Math.Max(1, Math.Abs(want[i])), $"element {i}: Predict {want[i]:R}, ONNX Runtime {actual.Values[i]:R}");
        }
    }
}
