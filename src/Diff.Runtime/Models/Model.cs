namespace DiffGen;

/// <summary>
/// A layer made of layers that can be trained (Keras' <c>Model</c>): <see cref="Compile(Optimizer, Loss, IReadOnlyList{Metric}?)"/>
/// with an optimizer, a loss and metrics, then <see cref="O:DiffGen.Model.Fit"/>, <see cref="O:DiffGen.Model.Evaluate"/> and <see cref="O:DiffGen.Model.Predict"/>.
/// Made from symbolic tensors, <c>new Model(inputs, outputs)</c> is a functional model (a graph of layer calls, see
/// Model.Functional.cs); <see cref="Sequential"/> is a stack of layers. Both train through the same loop.
/// </summary>
public partial class Model : Layer
{
    private List<Metric> _metrics = [];
    private List<int> _metricOutputs = [];
    private OutputLosses? _outputLosses;

    /// <summary>A model named <paramref name="name"/> or automatically from <paramref name="defaultPrefix"/>.</summary>
    protected Model(string? name, string defaultPrefix)
        : base(name, defaultPrefix)
    {
    }

    /// <summary>The layers, in order.</summary>
    public virtual IReadOnlyList<Layer> Layers => Graph("Layers").Layers;

    /// <summary>The optimizer given to <c>Compile</c>; null before.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>The loss given to <c>Compile</c> (the first output's, for a model of several); null before.</summary>
    public Loss? Loss => _outputLosses?.Losses[0];

    /// <summary>One loss per output, as <c>Compile</c> set them (in <see cref="OutputNames"/> order); empty before.</summary>
    public IReadOnlyList<Loss> OutputLosses => _outputLosses?.Losses ?? [];

    /// <summary>Keras' <c>loss_weights</c> in output order, as <c>Compile</c> set them; null when none were given.</summary>
    public IReadOnlyList<double>? LossWeights => _outputLosses?.Weights;

    /// <summary>The metrics given to <c>Compile</c>.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>Set by a callback to end <see cref="O:DiffGen.Model.Fit"/> after the current epoch (Keras' <c>stop_training</c>).</summary>
    public bool StopTraining { get; set; }

    /// <summary>Every layer's weights, in layer order.</summary>
    public override IReadOnlyList<Variable> Weights => [.. Layers.SelectMany(layer => layer.Weights)];

    /// <summary>The weights training updates: those of the trainable layers, none if the model is frozen.</summary>
    public override IReadOnlyList<Variable> TrainableVariables
    {
        get
        {
            var variables = new List<Variable>();
            if (Trainable)
            {
                foreach (var layer in Layers)
                {
                    variables.AddRange(layer.TrainableVariables);
                }
            }

            return variables;
        }
    }

    /// <summary>Every layer's regularization penalties from the last call.</summary>
    public override IReadOnlyList<Tensor> Losses
    {
        get
        {
            var losses = new List<Tensor>();
            foreach (var layer in Layers)
            {
                losses.AddRange(layer.Losses);
            }

            return losses;
        }
    }

    /// <summary>Prepares for training: <c>model.Compile(optimizer: new SGD(learningRate: 0.01), loss: "mse")</c>.</summary>
    /// <param name="optimizer">An optimizer object, or a name (<c>"sgd"</c>, <c>"adam"</c>, <c>"rmsprop"</c>, <c>"adagrad"</c>) with Keras' defaults.</param>
    /// <param name="loss">A loss object, or a Keras name (<c>"mse"</c>, <c>"binary_crossentropy"</c>, …).</param>
    /// <param name="metrics">Metrics reported beside the loss.</param>
    public void Compile(Optimizer optimizer, Loss loss, IReadOnlyList<Metric>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);

        // One loss for every output, as Keras applies a single loss to each output of a model of several.
        var names = OutputNames;
        CompileCore(optimizer, new OutputLosses([.. names.Select(_ => loss)], null, names), metrics);
    }

    /// <summary>Prepares for training with metrics by Keras name (<c>"mae"</c>, <c>"mse"</c>, <c>"accuracy"</c>; accuracy's kind follows the loss, as in Keras).</summary>
    /// <inheritdoc cref="Compile(Optimizer, Loss, IReadOnlyList{Metric}?)"/>
    public void Compile(Optimizer optimizer, Loss loss, IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loss);
        Compile(optimizer, loss, [.. metrics.Select(name => DiffGen.Metrics.Get(name, loss))]);
    }

    /// <summary>The model applied to a batch (Keras: <c>model(x)</c>); <see cref="Layer.Call(Tensor, bool)"/> does the same.</summary>
    public Tensor Predict(Tensor x, int batchSize = 32, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckBatchSize(batchSize);
        if (x.Rank == 0)
        {
            throw new ArgumentException($"Predict: x is a scalar; '{Name}' takes a batch with the samples along the first axis.", nameof(x));
        }

        var samples = x.Shape[0];
        if (samples <= batchSize)
        {
            return WithoutTape(() => Call(x));
        }

        var outputs = new List<Tensor>();
        var progress = verbose > 0 ? new ProgressBar((samples + batchSize - 1) / batchSize, verbose) : null;
        for (var start = 0; start < samples; start += batchSize)
        {
            var count = Math.Min(batchSize, samples - start);
            outputs.Add(WithoutTape(() => Call(Batches.Rows(x, null, start, count))));
            progress?.Update(outputs.Count, new Dictionary<string, double>(), finalize: start + count >= samples);
        }

        return Batches.Stack(outputs);
    }

    /// <summary>All weights of all layers, as values (for restoring later).</summary>
    internal Tensor[][] GetAllWeights() => [.. Layers.Select(layer => layer.GetWeights())];

    /// <summary>Restores values from <see cref="GetAllWeights"/>.</summary>
    internal void SetAllWeights(Tensor[][] weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            Layers[i].SetWeights(weights[i]);
        }
    }

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        }
    }

    /// <summary>Runs inference ops unrecorded, even inside a user's tape (Keras' predict is never differentiated).</summary>
    private static Tensor WithoutTape(Func<Tensor> compute)
    {
        using var paused = TapeRecorder.Pause();
        return compute();
    }
}
