namespace DiffGen.Runtime.Tests.Models;

public sealed class SequentialTests
{
    [Fact]
    public void Summary_prints_keras_table_with_parameter_counts()
    {
        var model = new Sequential(new Input(1), new Dense(10, activation: "relu", name: "hidden"), new Dense(10, name: "out"));

        var table = model.Summary(_ => { });

        Assert.Contains($"Model: \"{model.Name}\"", table);
        Assert.Contains("Layer (type)", table);
        Assert.Matches(@"│ hidden \(Dense\)\s+│ \(None, 10\)\s+│\s+20 │", table);
        Assert.Matches(@"│ out \(Dense\)\s+│ \(None, 10\)\s+│\s+110 │", table);
        Assert.Contains(" Total params: 130 (520.00 B)", table);
        Assert.Contains(" Trainable params: 130 (520.00 B)", table);
        Assert.Contains(" Non-trainable params: 0 (0.00 B)", table);
    }

    [Fact]
    public void An_unbuilt_model_summarises_without_shapes()
    {
        var model = new Sequential(new Dense(3));
        var table = model.Summary(_ => { });
        Assert.Contains("0 (unbuilt)", table);
    }

    [Fact]
    public void Frozen_layers_count_as_non_trainable()
    {
        var first = new Dense(2) { Trainable = false };
        var model = new Sequential(new Input(3), first, new Dense(1));

        Assert.Equal(2, model.TrainableVariables.Count);
        Assert.Contains(" Non-trainable params: 8 (32.00 B)", model.Summary(_ => { }));
    }

    [Fact]
    public void Predict_in_batches_equals_one_call()
    {
        var model = new Sequential(new Dense(4, activation: "tanh"), new Dense(2));
        var x = Tensor.RandomNormal(new Shape(70, 3), seed: 9);

        var whole = model.Call(x).ToArray();
        var batched = model.Predict(x, batchSize: 16).ToArray();

        Assert.Equal(whole, batched);
    }

    [Fact]
    public void Layer_names_must_be_unique()
    {
        var error = Assert.Throws<ArgumentException>(() => new Sequential(new Dense(1, name: "a"), new Dense(1, name: "a")));
        Assert.Contains("'a'", error.Message);
    }
}
