using System.Text.Json;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Every argument of the new layers survives <c>Save</c>/<c>Load</c>: each layer with all its arguments away from the
/// defaults comes back with the same config (and weights), and the optimizers added alongside load by their names.
/// </summary>
public sealed class NonDefaultConfigRoundTripTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public static TheoryData<string> Cases => [.. Table.Keys];

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_layer_with_non_default_arguments_loads_back_identically(string name)
    {
        using var seed = RandomSeed.Scope(11);
        var (layer, input) = Table[name]();
        var model = new Sequential(new Input(input), layer);
        var path = Path.Combine(_directory.FullName, $"{name}.dgmodel");
        model.Save(path);

        var loaded = Model.Load(path).Layers[^1];

        Assert.Equal(layer.GetType(), loaded.GetType());
        Assert.Equal(JsonSerializer.Serialize(layer.GetConfig()), JsonSerializer.Serialize(loaded.GetConfig()));
        Assert.Equal(layer.GetWeights().Select(w => w.ToArray()), loaded.GetWeights().Select(w => w.ToArray()));
        Assert.Equal(layer.Weights.Select(w => w.Trainable), loaded.Weights.Select(w => w.Trainable));
    }

    [Theory]
    [InlineData("adamw", typeof(AdamW))]
    [InlineData("nadam", typeof(Nadam))]
    public void Models_compiled_with_the_new_optimizers_load_them_by_name(string optimizer, Type type)
    {
        var model = new Sequential(new Input(2), new Dense(1));
        model.Compile(optimizer: optimizer, loss: "mse");
        var path = Path.Combine(_directory.FullName, $"{optimizer}.dgmodel");
        model.Save(path);

        Assert.IsType(type, Model.Load(path).Optimizer);
    }

    private static readonly Dictionary<string, Func<(Layer Layer, int[] Input)>> Table = new()
    {
        ["Conv2D"] = () => (new Conv2D(3, (3, 2), strides: (2, 1), padding: "same", activation: "relu", useBias: false, kernelInitializer: "he_normal", kernelRegularizer: new Regularizer(0.1, 0.2), name: "probe"), [6, 5, 2]),
        ["Conv2D dilated"] = () => (new Conv2D(2, 2, dilationRate: (2, 3), biasInitializer: "ones", biasRegularizer: new Regularizer(0, 0.5), name: "probe"), [6, 7, 1]),
        ["Conv1D"] = () => (new Conv1D(4, 3, strides: 2, padding: "same", activation: "tanh", kernelInitializer: "glorot_normal", name: "probe"), [9, 2]),
        ["Conv1D causal"] = () => (new Conv1D(2, 2, padding: "causal", dilationRate: 3, useBias: false, name: "probe"), [9, 2]),
        ["MaxPooling2D"] = () => (new MaxPooling2D((3, 2), strides: (1, 2), padding: "same", name: "probe"), [5, 5, 2]),
        ["AveragePooling2D"] = () => (new AveragePooling2D(3, strides: 2, padding: "valid", name: "probe"), [7, 7, 1]),
        ["GlobalAveragePooling2D"] = () => (new GlobalAveragePooling2D(keepdims: true, name: "probe"), [3, 3, 4]),
        ["Reshape"] = () => (new Reshape([-1, 2, 3], name: "probe"), [12]),
        ["Embedding"] = () => (new Embedding(7, 5, embeddingsInitializer: "random_normal", embeddingsRegularizer: new Regularizer(0.01, 0), name: "probe"), [4]),
        ["LayerNormalization"] = () => (new LayerNormalization(axis: 1, epsilon: 1e-5, center: false, gammaInitializer: "random_uniform", name: "probe"), [3, 4]),
        ["LayerNormalization over two axes"] = () => (new LayerNormalization([1, 2], scale: false, name: "probe"), [3, 4, 2]),
        ["BatchNormalization"] = () => (new BatchNormalization(axis: 1, momentum: 0.9, epsilon: 1e-4, scale: false, betaInitializer: "ones", movingVarianceInitializer: "random_uniform", name: "probe"), [3, 2]),
        ["LSTM"] = () => (new LSTM(3, activation: "relu", recurrentActivation: "tanh", useBias: false, recurrentInitializer: "glorot_uniform", unitForgetBias: false, returnSequences: true, goBackwards: true, name: "probe"), [4, 2]),
        ["GRU"] = () => (new GRU(3, kernelInitializer: "he_uniform", biasInitializer: "ones", resetAfter: false, returnSequences: true, goBackwards: true, name: "probe"), [4, 2]),
    };
}
