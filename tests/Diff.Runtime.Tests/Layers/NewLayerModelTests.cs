using System.Text.Json;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Each new layer inside a model: <c>Summary()</c> shows its output shape and parameter count, <c>Save</c>/<c>Load</c>
/// recreate it from its config with the same weights (and predictions), and a small model with it trains (the loss
/// goes down). Seeds are fixed (<see cref="RandomSeed.Scope"/>, Fit's seed), so every run is the same.
/// </summary>
public sealed class NewLayerModelTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public static TheoryData<string> Cases => [.. CaseTable.Keys];

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Summary_shows_the_output_shape_and_parameter_count(string name)
    {
        using var seed = RandomSeed.Scope(1);
        var (model, _, _, shape, parameters) = Build(name);
        var table = model.Summary(_ => { });
        var layer = model.Layers.Single(l => l.Name == "probe");
        Assert.Matches($@"│ probe \({layer.TypeName}\)\s+│ {System.Text.RegularExpressions.Regex.Escape(shape)}\s+│\s+{parameters} │", table);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Save_and_Load_recreate_the_layer_config_and_weights(string name)
    {
        using var seed = RandomSeed.Scope(2);
        var (model, x, y, _, _) = Build(name);
        model.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0, seed: 2); // moves weights (and moving statistics) off their defaults
        var path = Path.Combine(_directory.FullName, $"{name}.dgmodel");
        model.Save(path);

        var loaded = Model.Load(path);

        var original = model.Layers.Single(l => l.Name == "probe");
        var copy = loaded.Layers.Single(l => l.Name == "probe");
        Assert.Equal(original.GetType(), copy.GetType());
        Assert.Equal(JsonSerializer.Serialize(original.GetConfig()), JsonSerializer.Serialize(copy.GetConfig()));
        Assert.Equal(original.Weights.Select(w => w.Name), copy.Weights.Select(w => w.Name));
        Assert.Equal(original.GetWeights().Select(w => w.ToArray()), copy.GetWeights().Select(w => w.ToArray()));
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_small_model_with_the_layer_trains(string name)
    {
        using var seed = RandomSeed.Scope(3);
        var (model, x, y, _, _) = Build(name);
        var history = model.Fit(x, y, epochs: 15, batchSize: 8, verbose: 0, seed: 3);
        var losses = history["loss"];
        Assert.True(losses[^1] < 0.5 * losses[0], $"{name}: loss went from {losses[0]} to {losses[^1]}");
    }

    private static readonly Dictionary<string, Func<(Layer[] Layers, int[] Input, bool Indices, string Shape, int Params)>> CaseTable = new()
    {
        ["Conv2D"] = () => ([new Input(6, 6, 2), new Conv2D(4, 3, activation: "relu", name: "probe"), new Flatten(), new Dense(1)], [6, 6, 2], false, "(None, 4, 4, 4)", (3 * 3 * 2 * 4) + 4),
        ["Conv1D"] = () => ([new Input(8, 2), new Conv1D(3, 3, padding: "causal", activation: "tanh", name: "probe"), new Flatten(), new Dense(1)], [8, 2], false, "(None, 8, 3)", (3 * 2 * 3) + 3),
        ["MaxPooling2D"] = () => ([new Input(6, 6, 2), new Conv2D(3, 3, padding: "same", activation: "relu"), new MaxPooling2D(name: "probe"), new Flatten(), new Dense(1)], [6, 6, 2], false, "(None, 3, 3, 3)", 0),
        ["AveragePooling2D"] = () => ([new Input(6, 6, 2), new Conv2D(3, 3, padding: "same", activation: "relu"), new AveragePooling2D(3, padding: "same", name: "probe"), new Flatten(), new Dense(1)], [6, 6, 2], false, "(None, 2, 2, 3)", 0),
        ["GlobalAveragePooling2D"] = () => ([new Input(4, 4, 2), new Conv2D(6, 3, padding: "same", activation: "relu"), new GlobalAveragePooling2D(name: "probe"), new Dense(1)], [4, 4, 2], false, "(None, 6)", 0),
        ["Reshape"] = () => ([new Input(12), new Reshape([4, 3], name: "probe"), new Conv1D(4, 2, activation: "relu"), new Flatten(), new Dense(1)], [12], false, "(None, 4, 3)", 0),
        ["Embedding"] = () => ([new Input(5), new Embedding(10, 3, name: "probe"), new Flatten(), new Dense(1)], [5], true, "(None, 5, 3)", 30),
        ["LayerNormalization"] = () => ([new Input(6), new Dense(4, activation: "relu"), new LayerNormalization(name: "probe"), new Dense(1)], [6], false, "(None, 4)", 8),
        ["LSTM"] = () => ([new Input(5, 2), new LSTM(4, name: "probe"), new Dense(1)], [5, 2], false, "(None, 4)", 4 * 4 * (2 + 4 + 1)),
        ["GRU"] = () => ([new Input(5, 2), new GRU(3, returnSequences: true, name: "probe"), new Flatten(), new Dense(1)], [5, 2], false, "(None, 5, 3)", (3 * 3 * (2 + 3)) + (2 * 9)),
        ["BatchNormalization"] = () => ([new Input(6), new Dense(4, activation: "relu"), new BatchNormalization(name: "probe"), new Dense(1)], [6], false, "(None, 4)", 16),
    };

    /// <summary>The case's compiled model and 32 samples whose target is the scaled sum of the inputs (learnable by every case, pooled or not).</summary>
    private static (Sequential Model, Tensor X, Tensor Y, string Shape, int Params) Build(string name)
    {
        var (layers, input, indices, shape, parameters) = CaseTable[name]();
        var model = new Sequential(layers);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        var random = new Random(name.Length);
        var features = input.Aggregate(1, (p, d) => p * d);
        var x = new float[32 * features];
        var y = new float[32];
        for (var i = 0; i < 32; i++)
        {
            for (var j = 0; j < features; j++)
            {
                x[(i * features) + j] = indices ? random.Next(10) : (float)((random.NextDouble() * 2) - 1);
                y[i] += (indices ? (x[(i * features) + j] - 4.5f) / 3 : x[(i * features) + j]) / MathF.Sqrt(features);
            }
        }

        return (model, Tensor.From(x, [32, .. input]), Tensor.From(y, 32, 1), shape, parameters);
    }
}
