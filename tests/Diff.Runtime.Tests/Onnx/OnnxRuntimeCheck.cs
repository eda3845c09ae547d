using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffGen.Runtime.Tests.Onnx;

/// <summary>Runs an exported file in ONNX Runtime and compares its output with <see cref="Model.Predict"/>.</summary>
internal static class OnnxRuntimeCheck
{
    /// <summary>ONNX Runtime's output for <paramref name="x"/>, with its shape.</summary>
    public static (float[] Values, int[] Shape) Run(string path, Tensor x, string inputName = "input")
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(path, options);
        var input = new DenseTensor<float>(x.ToArray(), x.Shape.Dimensions.ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
        var output = results.Single().AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray());
    }

    /// <summary>Asserts ORT's output equals Predict's to 1e-5 (relative above 1), shape included.</summary>
    public static void AssertMatchesPredict(Model model, string path, Tensor x)
    {
        var expected = model.Predict(x);
        var (actual, shape) = Run(path, x);
        Assert.Equal(expected.Shape.Dimensions.ToArray(), shape);
        var want = expected.ToArray();
        for (var i = 0; i < want.Length; i++)
        {
            var tolerance = 1e-5 * Math.Max(1, Math.Abs(want[i]));
            Assert.True(Math.Abs(want[i] - actual[i]) <= tolerance, $"element {i}: Predict {want[i]:R}, ONNX Runtime {actual[i]:R}");
        }
    }
}
