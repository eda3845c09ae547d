namespace DiffGen.Runtime.Tests.Onnx;

public sealed class OnnxExportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathFor(string name) => Path.Combine(_directory.FullName, name);

    public static TheoryData<string> ActivationNames => [.. Activations.Names.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Every_built_in_activation_exports_and_ONNX_Runtime_matches_Predict(string activation)
    {
        using var seed = RandomSeed.Scope(activation.Length);
        var model = new Sequential(new Input(6), new Dense(8, activation: activation), new Dense(5, activation: activation));
        var path = PathFor($"{activation}.onnx");

        model.ExportOnnx(path);

        OnnxRuntimeCheck.AssertMatchesPredict(model, path, Tensor.RandomNormal(new Shape(9, 6), seed: 1, stddev: 2f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_random_model_of_every_built_in_layer_matches_Predict_for_any_batch_size(int seed)
    {
        using var scope = RandomSeed.Scope(seed);
        var random = new Random(seed);
        var names = Activations.Names.Order(StringComparer.Ordinal).ToArray();
        string Pick() => names[random.Next(names.Length)];
        var model = new Sequential(
            new Input(3, 4),
            new Dense(random.Next(2, 9), activation: Pick()),
            new Flatten(),
            new Dropout(0.5),
            new Dense(random.Next(2, 9), activation: Pick(), useBias: random.Next(2) == 0),
            new LeakyReLU(random.NextDouble()),
            new Dense(3, activation: Pick()));
        var path = PathFor("model.onnx");

        model.ExportOnnx(path);

        // The batch dimension is dynamic: one file serves every batch size.
        foreach (var batch in new[] { 1, 7 })
        {
            OnnxRuntimeCheck.AssertMatchesPredict(model, path, Tensor.RandomNormal(new Shape(batch, 3, 4), seed: seed + batch));
        }
    }

    [Fact]
    public void A_trained_model_built_from_data_exports_with_chosen_names()
    {
        var model = new Sequential(new Dense(4, activation: "relu"), new Dense(1, activation: "sigmoid"));
        model.Compile(optimizer: "adam", loss: "binary_crossentropy");
        var x = Tensor.RandomNormal(new Shape(16, 2), seed: 3);
        var y = Tensor.From([.. Enumerable.Range(0, 16).Select(i => (float)(i % 2))], 16, 1);
        model.Fit(x, y, epochs: 2, verbose: 0, seed: 1);
        var path = PathFor("trained.onnx");

        model.ExportOnnx(path, inputName: "features", outputName: "probability");

        var (values, shape) = OnnxRuntimeCheck.Run(path, x, inputName: "features");
        Assert.Equal([16, 1], shape);
        var expected = model.Predict(x).ToArray();
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(expected[i], values[i], 1e-5f));
    }

    [Fact]
    public void A_custom_activation_is_refused_naming_the_layer_and_no_file_is_written()
    {
        Func<Tensor, Tensor> square = Ops.Square;
        var model = new Sequential(new Input(2), new Dense(3, activation: "relu", name: "hidden"), new Dense(1, activation: square, name: "odd_one"));
        var path = PathFor("custom.onnx");

        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(path));

        Assert.Contains("'odd_one'", error.Message);
        Assert.Contains("'custom'", error.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(_directory.GetFiles());
    }

    [Fact]
    public void A_function_under_a_built_in_name_is_still_refused()
    {
        // Only the name is Keras'; the function is not relu, so exporting it as Relu would be wrong.
        var model = new Sequential(new Input(2), new Dense(3, activation: new ActivationFunction("relu", Ops.Tanh), name: "impostor"));

        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(PathFor("impostor.onnx")));

        Assert.Contains("'impostor'", error.Message);
    }

    [Fact]
    public void A_layer_without_an_exporter_is_refused_naming_it_and_the_exportable_layers()
    {
        var model = new Sequential(new Input(2), new Dense(3), new Doubler("twice"));

        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(PathFor("doubler.onnx")));

        Assert.Contains("'twice'", error.Message);
        Assert.Contains("Dense", error.Message);
    }

    [Fact]
    public void An_unbuilt_model_or_a_missing_directory_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => new Sequential(new Dense(2)).ExportOnnx(PathFor("unbuilt.onnx")));

        var model = new Sequential(new Input(2), new Dense(1));
        var error = Assert.Throws<DirectoryNotFoundException>(() => model.ExportOnnx(PathFor(Path.Combine("missing", "model.onnx"))));
        Assert.Contains("missing", error.Message);
    }

    private sealed class Doubler(string name) : Layer(name, "doubler")
    {
        public override Shape ComputeOutputShape(Shape sampleShape) => sampleShape;

        public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name };

        protected override Tensor Forward(Tensor inputs, bool training) => inputs * 2f;
    }
}
