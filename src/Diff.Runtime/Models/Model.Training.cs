namespace DiffGen;

public abstract partial class Model
{
    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over the data in batches (Keras' <c>fit</c>): per batch, forward
    /// pass under a <see cref="GradientTape"/>, loss plus the layers' regularization penalties, gradients, one
    /// optimizer step. Returns the per-epoch loss and metrics (means over the epoch's samples).
    /// </summary>
    /// <param name="x">Inputs, samples along the first axis.</param>
    /// <param name="y">Targets, as many samples as <paramref name="x"/>.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="batchSize">Samples per gradient step (Keras' default 32); the last batch may be smaller.</param>
    /// <param name="validationSplit">Fraction of the samples held out for validation — the last ones, taken before shuffling, as Keras does.</param>
    /// <param name="validationData">Validation inputs and targets (instead of <paramref name="validationSplit"/>).</param>
    /// <param name="shuffle">Whether to visit the training samples in a new random order each epoch.</param>
    /// <param name="callbacks">Hooks called around epochs and batches.</param>
    /// <param name="verbose">0 silent, 1 Keras' progress bar, 2 one line per epoch.</param>
    /// <param name="seed">Seed for the shuffling; the same seed (and the same initial weights) gives bit-for-bit the same training.</param>
    /// <param name="initialEpoch">
    /// The epoch to start counting from (resuming): after <see cref="Load"/> of a model saved after epoch k, <c>Fit(…,
    /// epochs: n, initialEpoch: k, seed: s)</c> gives bit for bit the weights of one uninterrupted <c>Fit(…, epochs: n,
    /// seed: s)</c>, because the shuffling of the skipped epochs is replayed and the optimizer's state was saved
    /// (a <see cref="Dropout"/> layer's masks are the exception: they restart from its seed).
    /// </param>
    /// <exception cref="InvalidOperationException">The model is not compiled, or the loss became NaN/∞ (the epoch and batch are named; weights stay as of the last good step).</exception>
    /// <exception cref="ArgumentException">x and y disagree in sample count, or y does not fit the loss.</exception>
    public History Fit(
        Tensor x,
        Tensor y,
        int epochs = 1,
        int batchSize = 32,
        double validationSplit = 0,
        (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int? seed = null,
        int initialEpoch = 0)
    {
        var (optimizer, loss) = RequireCompiled("Fit");
        CheckData("Fit", x, y);
        CheckBatchSize(batchSize);
        if (validationSplit is < 0 or >= 1 || double.IsNaN(validationSplit))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "Fit: validationSplit must be in [0, 1).");
        }

        if (!Built)
        {
            // The weights must exist before the first step asks for them.
            Build(new Shape(x.Shape.Dimensions[1..].ToArray()));
        }

        var (trainX, trainY, validation) = SplitValidation(x, y, validationSplit, validationData);
        var samples = trainX.Shape[0];
        var steps = (samples + batchSize - 1) / batchSize;
        var random = new Random(seed ?? RandomSeed.Next());
        var callbackList = callbacks?.ToList() ?? [];
        foreach (var callback in callbackList)
        {
            callback.Model = this;
        }

        if (shuffle)
        {
            // Epoch e visits the samples in the same order whether training started at 0 or resumed at initialEpoch
            // (after Load): with the same seed, a resumed run continues the uninterrupted one exactly.
            for (var skipped = 0; skipped < initialEpoch; skipped++)
            {
                Permutation(samples, random);
            }
        }

        var history = new History();
        StopTraining = false;
        callbackList.ForEach(c => c.OnTrainBegin());
        for (var epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
        {
            callbackList.ForEach(c => c.OnEpochBegin(epoch));
            if (verbose > 0)
            {
                Console.Out.WriteLine($"Epoch {epoch + 1}/{epochs}");
            }

            var order = shuffle ? Permutation(samples, random) : null;
            var progress = verbose > 0 ? new ProgressBar(steps, verbose) : null;
            var running = new RunningMeans(_metrics);
            for (var step = 0; step < steps && !StopTraining; step++)
            {
                callbackList.ForEach(c => c.OnBatchBegin(step));
                var start = step * batchSize;
                var count = Math.Min(batchSize, samples - start);
                bool stepped;
                float lossValue;
                using (new TensorScope())
                {
                    // Every tensor of the step but the new weights (variables keep theirs) is released here, and its
                    // memory reused by the next step: no large-object-heap churn for big batches.
                    var batchX = Batches.Rows(trainX, order, start, count);
                    var batchY = Batches.Rows(trainY, order, start, count);
                    stepped = TrainStep(optimizer, loss, batchX, batchY, running, count, out lossValue);
                }

                if (!stepped)
                {
                    var terminate = callbackList.OfType<TerminateOnNaN>().FirstOrDefault();
                    if (terminate is null)
                    {
                        throw new InvalidOperationException(
                            $"Fit: the loss became {lossValue} at epoch {epoch + 1}, batch {step + 1} of {steps}; training stopped and the weights are those of the last good step. Lower the learning rate, scale the inputs, or add a TerminateOnNaN callback to stop quietly.");
                    }

                    terminate.TerminatedAtBatch = step;
                    if (verbose > 0)
                    {
                        Console.Out.WriteLine($"Batch {step}: Invalid loss, terminating training");
                    }

                    StopTraining = true;
                    break;
                }

                var logs = running.Logs();
                progress?.Update(step + 1, logs, finalize: false);
                callbackList.ForEach(c => c.OnBatchEnd(step, logs));
            }

            var epochLogs = new Dictionary<string, double>(running.Logs());
            if (validation is { } data)
            {
                foreach (var (key, value) in EvaluateAll(data.X, data.Y, batchSize, verbose: 0))
                {
                    epochLogs["val_" + key] = value;
                }
            }

            progress?.Update(steps, epochLogs, finalize: true);
            callbackList.ForEach(c => c.OnEpochEnd(epoch, epochLogs));
            history.Add(epoch, epochLogs);
        }

        callbackList.ForEach(c => c.OnTrainEnd());
        return history;
    }

    /// <summary>The loss on (x, y), the mean over samples (Keras' <c>evaluate</c> with no metrics).</summary>
    public double Evaluate(Tensor x, Tensor y, int batchSize = 32, int verbose = 1) => EvaluateAll(x, y, batchSize, verbose)["loss"];

    /// <summary>The loss and every compiled metric on (x, y), by name, as means over samples.</summary>
    public IReadOnlyDictionary<string, double> EvaluateAll(Tensor x, Tensor y, int batchSize = 32, int verbose = 1)
    {
        var (_, loss) = RequireCompiled("Evaluate");
        CheckData("Evaluate", x, y);
        CheckBatchSize(batchSize);
        var samples = x.Shape[0];
        var steps = Math.Max(1, (samples + batchSize - 1) / batchSize);
        var progress = verbose > 0 ? new ProgressBar(steps, verbose) : null;
        var running = new RunningMeans(_metrics);
        using (TapeRecorder.Pause())
        {
            for (var step = 0; step * batchSize < samples; step++)
            {
                var start = step * batchSize;
                var count = Math.Min(batchSize, samples - start);
                using (new TensorScope())
                {
                    var batchX = Batches.Rows(x, null, start, count);
                    var batchY = Batches.Rows(y, null, start, count);
                    var predictions = Call(batchX);
                    var value = TotalLoss(loss, batchY, predictions);
                    running.Add(value.Item, batchY, predictions, count);
                }

                progress?.Update(step + 1, running.Logs(), finalize: step == steps - 1);
            }
        }

        return running.Logs();
    }

    /// <summary>One gradient step. False (and nothing applied) when the loss is not finite.</summary>
    private bool TrainStep(Optimizer optimizer, Loss loss, Tensor batchX, Tensor batchY, RunningMeans running, int count, out float lossValue)
    {
        var variables = TrainableVariables;
        Tensor?[] gradients;
        Tensor predictions;
        using (var tape = new GradientTape())
        {
            predictions = Call(batchX, training: true);
            var total = TotalLoss(loss, batchY, predictions);
            lossValue = total.Item;
            if (!float.IsFinite(lossValue))
            {
                return false;
            }

            gradients = tape.Gradient(total, variables);
        }

        optimizer.ApplyGradients(gradients, variables);
        running.Add(lossValue, batchY, predictions, count);
        return true;
    }

    /// <summary>The compiled loss plus every layer's regularization penalty.</summary>
    private Tensor TotalLoss(Loss loss, Tensor y, Tensor predictions)
    {
        var total = loss.Call(y, predictions);
        if (total.Rank != 0)
        {
            throw new InvalidOperationException(
                $"The loss '{loss.Name}' has reduction \"{loss.Reduction}\" and returned shape {total.Shape.ToCompactString()}, one value per sample; training and evaluation need a scalar: compile with reduction \"sum_over_batch_size\" or \"sum\".");
        }

        foreach (var penalty in Losses)
        {
            total += penalty;
        }

        return total;
    }

    private (Optimizer Optimizer, Loss Loss) RequireCompiled(string what) =>
        Optimizer is { } optimizer && Loss is { } loss
            ? (optimizer, loss)
            : throw new InvalidOperationException($"{what}: the model '{Name}' must be compiled first: call model.Compile(optimizer: \"sgd\", loss: \"mse\") (or your own optimizer and loss) before {what}.");

    private static void CheckData(string what, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0)
        {
            throw new ArgumentException($"{what}: x (shape {x.Shape}) and y (shape {y.Shape}) need the samples along their first axis.");
        }

        if (x.Shape[0] != y.Shape[0])
        {
            throw new ArgumentException($"{what}: x has {x.Shape[0]} samples (shape {x.Shape}) but y has {y.Shape[0]} (shape {y.Shape}); they must match.");
        }

        if (x.Shape[0] == 0)
        {
            throw new ArgumentException($"{what}: x and y hold no samples.");
        }
    }

    private static (Tensor X, Tensor Y, (Tensor X, Tensor Y)? Validation) SplitValidation(Tensor x, Tensor y, double split, (Tensor X, Tensor Y)? data)
    {
        if (data is { } given)
        {
            CheckData("Fit (validationData)", given.X, given.Y);
            return (x, y, given);
        }

        if (split == 0)
        {
            return (x, y, null);
        }

        // Keras: the last samples, before any shuffling.
        var samples = x.Shape[0];
        var trainCount = (int)(samples * (1 - split));
        if (trainCount == 0 || trainCount == samples)
        {
            throw new ArgumentException($"Fit: validationSplit {split} of {samples} samples leaves {trainCount} for training and {samples - trainCount} for validation; both need at least one.");
        }

        return (Batches.Rows(x, null, 0, trainCount), Batches.Rows(y, null, 0, trainCount),
            (Batches.Rows(x, null, trainCount, samples - trainCount), Batches.Rows(y, null, trainCount, samples - trainCount)));
    }

    private static int[] Permutation(int count, Random random)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        return order;
    }
}
