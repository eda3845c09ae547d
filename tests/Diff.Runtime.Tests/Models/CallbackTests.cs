namespace DiffGen.Runtime.Tests.Models;

public sealed class CallbackTests
{
    private static Sequential ModelWithWeight(float value)
    {
        var model = new Sequential(new Dense(1, useBias: false));
        model.Build(1);
        model.SetWeights(Tensor.From([value], 1, 1));
        return model;
    }

    [Fact]
    public void EarlyStopping_waits_patience_epochs_and_restores_the_best_weights()
    {
        var model = ModelWithWeight(0f);
        var stopping = new EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true) { Model = model };
        var losses = new[] { 1.0, 0.5, 0.6, 0.7, 0.4 };

        stopping.OnTrainBegin();
        for (var epoch = 0; epoch < losses.Length && !model.StopTraining; epoch++)
        {
            model.SetWeights(Tensor.From([epoch], 1, 1));   // the weights "of" each epoch
            stopping.OnEpochEnd(epoch, new Dictionary<string, double> { ["val_loss"] = losses[epoch] });
        }

        stopping.OnTrainEnd();

        Assert.True(model.StopTraining);
        Assert.Equal(3, stopping.StoppedEpoch);
        Assert.Equal(1, stopping.BestEpoch);
        Assert.Equal(1f, model.GetWeights()[0].Item);
    }

    /// <summary>
    /// Keras 3: an epoch improves on the best only when it beats it by more than min_delta (strictly), in the direction
    /// of the mode. With patience 1, an epoch that does not improve stops training; one that does resets the wait.
    /// The values are exact in binary, so "exactly min_delta" is exact.
    /// </summary>
    [Theory]
    [InlineData("min", 0.74, true)]
    [InlineData("min", 0.75, false)] // better by exactly min_delta: not more than it
    [InlineData("min", 0.76, false)]
    [InlineData("min", 1.5, false)]
    [InlineData("max", 1.26, true)]
    [InlineData("max", 1.25, false)]
    [InlineData("max", 1.24, false)]
    [InlineData("max", 0.5, false)]
    public void EarlyStopping_counts_an_improvement_only_when_it_exceeds_min_delta(string mode, double next, bool improves)
    {
        var model = ModelWithWeight(0f);
        var stopping = new EarlyStopping(monitor: "loss", minDelta: 0.25, patience: 1, mode: mode) { Model = model };
        stopping.OnTrainBegin();
        stopping.OnEpochEnd(0, new Dictionary<string, double> { ["loss"] = 1.0 });
        stopping.OnEpochEnd(1, new Dictionary<string, double> { ["loss"] = next });

        Assert.Equal(!improves, model.StopTraining);
        Assert.Equal(improves ? 1 : 0, stopping.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_in_Fit_ends_training_early()
    {
        var model = new Sequential(new Dense(1));
        model.Compile(optimizer: new SGD(learningRate: 0), loss: "mse");   // the loss never improves

        var history = model.Fit(Tensor.Ones(8, 1), Tensor.Ones(8, 1), epochs: 50, verbose: 0, callbacks: [new EarlyStopping(monitor: "loss", patience: 3)]);

        Assert.Equal(4, history.Epochs.Count);
    }

    [Fact]
    public void LearningRateScheduler_sets_the_rate_each_epoch_and_records_it()
    {
        var model = new Sequential(new Dense(1));
        var sgd = new SGD(learningRate: 0.1);
        model.Compile(optimizer: sgd, loss: "mse");

        var history = model.Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, rate) => rate / 2)]);

        Assert.Equal(new[] { 0.05, 0.025, 0.0125 }, history["learning_rate"]);
        Assert.Equal(0.0125, sgd.LearningRate, 10);
    }

    [Fact]
    public void LambdaCallback_sees_every_epoch_and_batch()
    {
        var model = new Sequential(new Dense(1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var events = new List<string>();
        var callback = new LambdaCallback(
            onTrainBegin: () => events.Add("begin"),
            onEpochBegin: e => events.Add($"e{e}"),
            onBatchEnd: (b, logs) => events.Add($"b{b}:{logs.ContainsKey("loss")}"),
            onTrainEnd: () => events.Add("end"));

        model.Fit(Tensor.Ones(3, 1), Tensor.Ones(3, 1), epochs: 2, batchSize: 2, verbose: 0, callbacks: [callback]);

        Assert.Equal(["begin", "e0", "b0:True", "b1:True", "e1", "b0:True", "b1:True", "end"], events);
    }

    [Fact]
    public void ModelCheckpoint_saves_the_best_epochs_weights()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            var model = new Sequential(new Dense(1, kernelInitializer: "zeros"));
            model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
            var path = Path.Combine(directory.FullName, "best-{epoch:02d}.weights.bin");

            model.Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), epochs: 3, verbose: 0, callbacks: [new ModelCheckpoint(path, monitor: "loss", saveBestOnly: true, saveWeightsOnly: true)]);

            Assert.Equal(["best-01.weights.bin", "best-02.weights.bin", "best-03.weights.bin"], directory.GetFiles().Select(f => f.Name).Order());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ModelCheckpoint_creates_its_directory_as_Keras_does()
    {
        var directory = Directory.CreateTempSubdirectory();
        try
        {
            var model = new Sequential(new Dense(1, kernelInitializer: "zeros"));
            model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "mse");
            var path = Path.Combine(directory.FullName, "checkpoints", "model-{epoch}.dgmodel");

            model.Fit(Tensor.Ones(4, 1), Tensor.Ones(4, 1), epochs: 1, verbose: 0, callbacks: [new ModelCheckpoint(path, monitor: "loss")]);

            Assert.True(File.Exists(Path.Combine(directory.FullName, "checkpoints", "model-1.dgmodel")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
