namespace DiffGen.Runtime.Tests.Onnx;

/// <summary>The convolution, pooling, reshaping, embedding and normalisation layers exported and run in ONNX Runtime: equal to Predict to 1e-5.</summary>
public sealed class OnnxNewLayerExportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private static readonly Dictionary<string, Func<(Layer[] Layers, int[] Input)>> Models = new()
    {
        ["conv2d valid"] = () => ([new Conv2D(3, (3, 2), activation: "relu")], [7, 6, 2]),
        ["conv2d same strided"] = () => ([new Conv2D(4, 3, strides: (2, 3), padding: "same", activation: "tanh")], [7, 8, 3]),
        ["conv2d same dilated no bias"] = () => ([new Conv2D(2, (2, 3), dilationRate: (2, 2), padding: "same", useBias: false)], [6, 7, 1]),
        ["conv2d valid strided"] = () => ([new Conv2D(2, 2, strides: (3, 2), activation: "sigmoid")], [9, 8, 2]),
        ["conv2d valid dilated"] = () => ([new Conv2D(2, (3, 2), dilationRate: (1, 3))], [9, 8, 2]),
        ["conv1d valid strided"] = () => ([new Conv1D(3, 3, strides: 2)], [10, 2]),
        ["conv1d same"] = () => ([new Conv1D(4, 4, padding: "same", activation: "gelu")], [9, 3]),
        ["conv1d causal dilated"] = () => ([new Conv1D(2, 3, padding: "causal", dilationRate: 2, useBias: false)], [8, 2]),
        ["max pooling valid"] = () => ([new MaxPooling2D(2)], [7, 6, 3]),
        ["max pooling same strided"] = () => ([new MaxPooling2D((3, 2), strides: (2, 1), padding: "same")], [7, 5, 2]),
        ["average pooling valid"] = () => ([new AveragePooling2D((2, 3), strides: 1)], [5, 6, 2]),
        ["average pooling same"] = () => ([new AveragePooling2D(3, strides: 2, padding: "same")], [7, 6, 2]),
        ["global average pooling"] = () => ([new GlobalAveragePooling2D()], [4, 5, 3]),
        ["global average pooling keepdims"] = () => ([new GlobalAveragePooling2D(keepdims: true), new Flatten()], [4, 5, 3]),
        ["reshape"] = () => ([new Reshape([-1, 3]), new Dense(2)], [4, 3, 2]),
        ["layer normalization last axis"] = () => ([new Dense(6), new LayerNormalization(gammaInitializer: "random_normal", betaInitializer: "random_uniform")], [4]),
        ["layer normalization middle axis"] = () => ([new LayerNormalization(axis: 1, epsilon: 1e-5, gammaInitializer: "random_normal", betaInitializer: "random_uniform")], [3, 4]),
        ["layer normalization two axes no scale"] = () => ([new LayerNormalization([1, 2], scale: false, betaInitializer: "random_uniform")], [3, 4, 2]),
        ["layer normalization no center"] = () => ([new LayerNormalization(center: false, gammaInitializer: "random_normal")], [3, 5]),
        ["batch normalization channels last"] = () => ([new Conv2D(3, 2), new BatchNormalization(movingMeanInitializer: "random_normal", movingVarianceInitializer: "ones", gammaInitializer: "random_normal", betaInitializer: "random_normal")], [5, 4, 2]),
        ["batch normalization axis 1"] = () => ([new BatchNormalization(axis: 1, epsilon: 1e-2, center: false, movingMeanInitializer: "random_normal", movingVarianceInitializer: "ones")], [3, 4]),
        ["lstm last state"] = () => ([new LSTM(4)], [5, 3]),
        ["lstm sequences backwards"] = () => ([new LSTM(3, returnSequences: true, goBackwards: true, biasInitializer: "random_normal"), new Dense(2)], [4, 2]),
        ["lstm relu no bias"] = () => ([new LSTM(3, activation: "relu", recurrentActivation: "tanh", useBias: false, unitForgetBias: false)], [6, 2]),
        ["gru reset after"] = () => ([new GRU(4, biasInitializer: "random_normal")], [5, 3]),
        ["gru reset before sequences"] = () => ([new GRU(3, resetAfter: false, returnSequences: true, biasInitializer: "random_normal")], [4, 2]),
        ["gru backwards no bias"] = () => ([new GRU(3, useBias: false, goBackwards: true, activation: "relu")], [5, 2]),
        ["stacked recurrent"] = () => ([new Conv1D(4, 2, padding: "causal"), new LSTM(5, returnSequences: true), new GRU(3), new Dense(1)], [6, 2]),
        ["convnet"] = () => ([new Conv2D(4, 3, padding: "same", activation: "relu"), new BatchNormalization(), new MaxPooling2D(2), new Conv2D(6, 2, activation: "relu"), new AveragePooling2D(2, padding: "same"), new Flatten(), new Dense(3, activation: "softmax")], [8, 8, 1]),
    };

    public static TheoryData<string> Names => [.. Models.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void ONNX_Runtime_matches_Predict(string name)
    {
        using var seed = RandomSeed.Scope(name.Length);
        var (layers, input) = Models[name]();
        var model = new Sequential([new Input(input), .. layers]);
        var path = Path.Combine(_directory.FullName, "model.onnx");

        model.ExportOnnx(path);

        foreach (var batch in new[] { 1, 5 })
        {
            OnnxRuntimeCheck.AssertMatchesPredict(model, path, Tensor.RandomNormal(new Shape([batch, .. input]), seed: batch, stddev: 2f));
        }
    }

    [Fact]
    public void Trained_batch_normalization_exports_its_moving_statistics()
    {
        using var seed = RandomSeed.Scope(3);
        var model = new Sequential(new Input(4, 4, 2), new Conv2D(3, 2), new BatchNormalization(momentum: 0.5), new Flatten(), new Dense(1));
        var x = Tensor.RandomNormal(new Shape(8, 4, 4, 2), seed: 1, mean: 1.5f, stddev: 3f);
        model.Compile(new SGD(learningRate: 0.01), "mse");
        model.Fit(x, Tensor.RandomNormal(new Shape(8, 1), seed: 2), epochs: 3, batchSize: 4, verbose: 0, seed: 1);
        Assert.NotEqual(new float[3], ((BatchNormalization)model.Layers[2]).MovingMean!.Peek().ToArray());
        var path = Path.Combine(_directory.FullName, "trained.onnx");

        model.ExportOnnx(path);

        OnnxRuntimeCheck.AssertMatchesPredict(model, path, x);
    }

    [Fact]
    public void An_embedding_gathers_rows_for_float_indices()
    {
        using var seed = RandomSeed.Scope(8);
        var model = new Sequential(new Input(5), new Embedding(9, 3), new Conv1D(2, 2), new Flatten(), new Dense(2));
        var path = Path.Combine(_directory.FullName, "embedding.onnx");

        model.ExportOnnx(path);

        OnnxRuntimeCheck.AssertMatchesPredict(model, path, Tensor.From([.. Enumerable.Range(0, 20).Select(i => (float)((i * 5) % 9))], 4, 5));
    }

    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void A_recurrent_activation_ONNX_does_not_have_is_refused_naming_the_layer_and_no_file_is_written(string type)
    {
        Layer recurrent = type == "LSTM" ? new LSTM(3, activation: "gelu", name: "encoder") : new GRU(3, recurrentActivation: "swish", name: "encoder");
        var model = new Sequential(new Input(4, 2), recurrent, new Dense(1));
        var path = Path.Combine(_directory.FullName, "recurrent.onnx");

        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(path));

        Assert.Contains("'encoder'", error.Message);
        Assert.Contains(type, error.Message);
        Assert.Contains(type == "LSTM" ? "gelu" : "swish", error.Message);
        Assert.False(File.Exists(path));
    }
}
