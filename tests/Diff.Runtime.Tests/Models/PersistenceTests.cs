namespace DiffGen.Runtime.Tests.Models;

public sealed class PersistenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private static Sequential Trained()
    {
        var model = new Sequential(new Dense(5, activation: "tanh"), new Dropout(0.1), new Dense(2, activation: "softmax"));
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
        var x = Tensor.RandomNormal(new Shape(32, 3), seed: 1);
        var y = Tensor.From([.. Enumerable.Range(0, 64).Select(i => (i % 2 == 0) == (i / 2 % 3 == 0) ? 1f : 0f)], 32, 2);
        model.Fit(x, y, epochs: 2, verbose: 0);
        return model;
    }

    [Fact]
    public void SaveWeights_then_LoadWeights_restores_identical_predictions()
    {
        var model = Trained();
        var path = Path.Combine(_directory.FullName, "model.weights.bin");
        var x = Tensor.RandomNormal(new Shape(7, 3), seed: 2);
        var before = model.Predict(x).ToArray();
        model.SaveWeights(path);

        var other = new Sequential(new Dense(5, activation: "tanh"), new Dropout(0.1), new Dense(2, activation: "softmax"));
        other.Build(3);
        other.LoadWeights(path);

        Assert.Equal(before, other.Predict(x).ToArray());
        Assert.Empty(_directory.GetFiles("*.tmp"));
    }

    [Fact]
    public void Save_then_Load_restores_architecture_weights_and_compile_settings()
    {
        var model = Trained();
        var path = Path.Combine(_directory.FullName, "model.dgmodel");
        var x = Tensor.RandomNormal(new Shape(7, 3), seed: 3);
        model.Save(path);

        var loaded = Model.Load(path);

        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        Assert.Equal(model.Layers.Select(l => l.TypeName), loaded.Layers.Select(l => l.TypeName));
        Assert.NotNull(loaded.Optimizer);
        Assert.Equal(model.Loss!.Name, loaded.Loss!.Name);
    }

    [Fact]
    public void A_model_compiled_with_a_Huber_object_loads_back_with_its_saved_name()
    {
        var model = new Sequential(new Dense(1));
        model.Compile(optimizer: "sgd", loss: new Huber());
        model.Build(2);
        var path = Path.Combine(_directory.FullName, "huber.dgmodel");
        model.Save(path);

        var loaded = Sequential.Load(path);

        Assert.IsType<Huber>(loaded.Loss);
        Assert.Equal("huber_loss", loaded.Loss!.Name);
    }

    [Fact]
    public void LoadWeights_names_a_shape_mismatch_and_changes_nothing()
    {
        var model = Trained();
        var path = Path.Combine(_directory.FullName, "model.weights.bin");
        model.SaveWeights(path);
        var other = new Sequential(new Dense(6, activation: "tanh"), new Dropout(0.1), new Dense(2, activation: "softmax"));
        other.Build(3);
        var before = other.GetWeights().Select(w => w.ToArray()).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => other.LoadWeights(path));

        Assert.Contains("kernel", error.Message);
        Assert.Contains("(3, 6)", error.Message);
        Assert.Contains("(3, 5)", error.Message);
        Assert.Equal(before, other.GetWeights().Select(w => w.ToArray()).ToArray());
    }

    [Fact]
    public void LoadWeights_names_a_layer_count_mismatch()
    {
        var model = Trained();
        var path = Path.Combine(_directory.FullName, "model.weights.bin");
        model.SaveWeights(path);
        var other = new Sequential(new Dense(5), new Dense(2));
        other.Build(3);

        var error = Assert.Throws<InvalidDataException>(() => other.LoadWeights(path));
        Assert.Contains("3 layers", error.Message);
        Assert.Contains("has 2", error.Message);
    }
}
