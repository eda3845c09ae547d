namespace DiffGen;

public partial class Model
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
    /// <param name="validationData">
    /// Validation data instead of <paramref name="validationSplit"/>: arrays <c>(xVal, yVal)</c> or <c>(xVal, yVal,
    /// sampleWeightVal)</c> (batched by <paramref name="batchSize"/>), or a <see cref="Dataset"/> of batches.
    /// </param>
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
    /// <param name="sampleWeight">
    /// Keras' <c>sample_weight</c>: one weight per sample (shape (n,), (n, 1), or the per-sample losses' shape), multiplying
    /// each sample's loss before the loss's reduction (see <see cref="Loss.Call(Tensor, Tensor, Tensor?)"/>). Split with
    /// the samples by <paramref name="validationSplit"/> and shuffled with them. Metrics are not weighted (as Keras'
    /// <c>metrics</c>).
    /// </param>
    /// <param name="classWeight">
    /// Keras' <c>class_weight</c>: a weight per class index, applied as the sample weight of every sample of that class
    /// (the class of a one-hot row is its argmax); classes not listed weigh 1. Not with <paramref name="sampleWeight"/>.
    /// Validation is not weighted by it.
    /// </param>
    /// <exception cref="InvalidOperationException">The model is not compiled, or the loss became NaN/∞ (the epoch and batch are named; weights stay as of the last good step).</exception>
    /// <exception cref="ArgumentException">x and y disagree in sample count, or y does not fit the loss.</exception>
    public History Fit(
        Tensor x,
        Tensor y,
        int epochs = 1,
        int batchSize = 32,
        double validationSplit = 0,
        Dataset? validationData = null,
        bool shuffle = true,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int? seed = null,
        int initialEpoch = 0,
        Tensor? sampleWeight = null,
        IReadOnlyDictionary<int, double>? classWeight = null)
    {
        RequireCompiled("Fit");
        CheckData("Fit", x, y);
        CheckSampleWeight("Fit", x, sampleWeight);
        return FitArrays(new ArrayData(x, y, sampleWeight), epochs, batchSize, validationSplit, validationData, shuffle, callbacks, verbose, seed, initialEpoch, classWeight);
    }

    /// <summary>
    /// The array <c>Fit</c>s' shared part: validation split, per-epoch shuffling (replayed when resuming) and
    /// batching of whole arrays — one per input and output, rows taken alike from each.
    /// </summary>
    private History FitArrays(
        ArrayData data,
        int epochs,
        int batchSize,
        double validationSplit,
        Dataset? validationData,
        bool shuffle,
        IReadOnlyList<Callback>? callbacks,
        int verbose,
        int? seed,
        int initialEpoch,
        IReadOnlyDictionary<int, double>? classWeight)
    {
        var (optimizer, loss) = RequireCompiled("Fit");
        ClassWeights.Check("Fit", classWeight, data.SampleWeights is not null);
        CheckBatchSize(batchSize);
        if (validationSplit is < 0 or >= 1 || double.IsNaN(validationSplit))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "Fit: validationSplit must be in [0, 1).");
        }

        var (train, validation) = SplitValidation(data, validationSplit, validationData);
        var samples = train.Samples;
        var steps = (samples + batchSize - 1) / batchSize;
        // The seed is drawn whether or not it is used (later draws do not depend on shuffle); the generator, whose
        // seeded construction costs about a microsecond, is made only to shuffle.
        var shuffleSeed = seed ?? RandomSeed.Next();
        var random = shuffle ? new Random(shuffleSeed) : null;
        if (random is not null)
        {
            // Epoch e visits the samples in the same order whether training started at 0 or resumed at initialEpoch
            // (after Load): with the same seed, a resumed run continues the uninterrupted one exactly.
            for (var skipped = 0; skipped < initialEpoch; skipped++)
            {
                Permutation(samples, random);
            }
        }

        IEnumerator<StepBatch> Epoch(int epoch)
        {
            var order = random is not null ? Permutation(samples, random) : null;
            for (var start = 0; start < samples; start += batchSize)
            {
                yield return StepBatch.Rows(train.X, train.Y, train.SampleWeights, order, start, Math.Min(batchSize, samples - start));
            }
        }

        Func<IReadOnlyDictionary<string, double>>? validate = validation switch
        {
            null => null,
            ArrayData v => () => EvaluateLoop("Fit (validation)", loss, v.InBatches(batchSize), v.Steps(batchSize), verbose: 0),
            Dataset d => () => EvaluateLoop("Fit (validation)", loss, Steps(d), d.Cardinality, verbose: 0),
            _ => throw new InvalidOperationException(),
        };
        return FitLoop(optimizer, loss, Epoch, steps, validate, epochs, callbacks, verbose, initialEpoch, classWeight);
    }

    /// <summary>The loss on (x, y), the mean over samples (Keras' <c>evaluate</c> with no metrics).</summary>
    /// <param name="x">Inputs, samples along the first axis.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="sampleWeight">Keras' <c>sample_weight</c>: weights of the samples' losses, as in <see cref="Fit(Tensor, Tensor, int, int, double, Dataset?, bool, IReadOnlyList{Callback}?, int, int?, int, Tensor?, IReadOnlyDictionary{int, double}?)"/>.</param>
    public double Evaluate(Tensor x, Tensor y, int batchSize = 32, int verbose = 1, Tensor? sampleWeight = null) =>
        EvaluateAll(x, y, batchSize, verbose, sampleWeight)["loss"];

    /// <summary>The loss and every compiled metric on (x, y), by name, as means over samples.</summary>
    /// <inheritdoc cref="Evaluate(Tensor, Tensor, int, int, Tensor?)"/>
    public IReadOnlyDictionary<string, double> EvaluateAll(Tensor x, Tensor y, int batchSize = 32, int verbose = 1, Tensor? sampleWeight = null)
    {
        RequireCompiled("Evaluate");
        CheckData("Evaluate", x, y);
        CheckSampleWeight("Evaluate", x, sampleWeight);
        return EvaluateArrays(new ArrayData(x, y, sampleWeight), batchSize, verbose);
    }

    /// <summary>The array <c>Evaluate</c>s' shared part.</summary>
    private Dictionary<string, double> EvaluateArrays(ArrayData data, int batchSize, int verbose)
    {
        var (_, loss) = RequireCompiled("Evaluate");
        CheckBatchSize(batchSize);
        return EvaluateLoop("Evaluate", loss, data.InBatches(batchSize), data.Steps(batchSize), verbose);
    }

    /// <summary>
    /// The training loop every <c>Fit</c> shares: per epoch, the batches <paramref name="epochBatches"/> gives, each one
    /// gradient step in its own <see cref="TensorScope"/>; callbacks, progress, validation and the history.
    /// </summary>
    private History FitLoop(
        Optimizer optimizer,
        OutputLosses loss,
        Func<int, IEnumerator<StepBatch>> epochBatches,
        int? steps,
        Func<IReadOnlyDictionary<string, double>>? validate,
        int epochs,
        IReadOnlyList<Callback>? callbacks,
        int verbose,
        int initialEpoch,
        IReadOnlyDictionary<int, double>? classWeight)
    {
        var callbackList = callbacks?.ToList() ?? [];
        foreach (var callback in callbackList)
        {
            callback.Model = this;
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

            var progress = verbose > 0 ? new ProgressBar(steps, verbose) : null;
            var running = new RunningMeans(_metrics, _metricOutputs, loss);
            var step = 0;
            using (var batches = epochBatches(epoch))
            {
                while (!StopTraining && batches.MoveNext())
                {
                    foreach (var callback in callbackList)
                    {
                        callback.OnBatchBegin(step);
                    }

                    var batch = batches.Current;
                    if (!Built)
                    {
                        // The weights must exist before the first step asks for them (built outside the step's scope).
                        Build(new Shape(batch.X[0].Shape.Dimensions[1..].ToArray()));
                    }

                    bool stepped;
                    float lossValue;
                    using (new TensorScope())
                    {
                        // Every tensor of the step but the new weights (variables keep theirs) is released here, and its
                        // memory reused by the next step: no large-object-heap churn for big batches.
                        var (batchX, batchY, weights) = Checked("Fit", step, batch.Materialize(), classWeight);
                        stepped = TrainStep(optimizer, loss, batchX, batchY, weights, running, batchX[0].Shape[0], out lossValue);
                    }

                    if (!stepped)
                    {
                        var terminate = callbackList.OfType<TerminateOnNaN>().FirstOrDefault();
                        if (terminate is null)
                        {
                            var of = steps is { } known ? $" of {known}" : string.Empty;
                            throw new InvalidOperationException(
                                $"Fit: the loss became {lossValue} at epoch {epoch + 1}, batch {step + 1}{of}; training stopped and the weights are those of the last good step. Lower the learning rate, scale the inputs, or add a TerminateOnNaN callback to stop quietly.");
                        }

                        terminate.TerminatedAtBatch = step;
                        if (verbose > 0)
                        {
                            Console.Out.WriteLine($"Batch {step}: Invalid loss, terminating training");
                        }

                        StopTraining = true;
                        break;
                    }

                    step++;
                    if (progress is null && callbackList.Count == 0)
                    {
                        // No one reads a batch's logs: the epoch's are made at its end.
                        continue;
                    }

                    var logs = running.Logs();
                    progress?.Update(step, logs, finalize: false);
                    foreach (var callback in callbackList)
                    {
                        callback.OnBatchEnd(step - 1, logs);
                    }
                }
            }

            var epochLogs = new Dictionary<string, double>(running.Logs());
            if (validate is not null)
            {
                foreach (var (key, value) in validate())
                {
                    epochLogs["val_" + key] = value;
                }
            }

            progress?.Update(steps ?? step, epochLogs, finalize: true);
            callbackList.ForEach(c => c.OnEpochEnd(epoch, epochLogs));
            history.Add(epoch, epochLogs);
        }

        callbackList.ForEach(c => c.OnTrainEnd());
        return history;
    }

    /// <summary>The loop every <c>Evaluate</c> shares: the loss and metrics over the batches, without a tape.</summary>
    private Dictionary<string, double> EvaluateLoop(string what, OutputLosses loss, IEnumerator<StepBatch> batches, int? steps, int verbose)
    {
        var progress = verbose > 0 ? new ProgressBar(steps, verbose) : null;
        var running = new RunningMeans(_metrics, _metricOutputs, loss);
        using (batches)
        using (TapeRecorder.Pause())
        {
            var step = 0;
            var finalized = false;
            while (batches.MoveNext())
            {
                var batch = batches.Current;
                using (new TensorScope())
                {
                    var (batchX, batchY, weights) = Checked(what, step, batch.Materialize(), null);
                    var predictions = CallAll(batchX, training: false);
                    var value = TotalLoss(loss, batchY, predictions, weights, running.OutputParts);
                    running.Add(value.Item, batchY, predictions, batchX[0].Shape[0]);
                }

                step++;
                finalized = step == steps;
                progress?.Update(step, running.Logs(), finalize: finalized);
            }

            if (step == 0)
            {
                throw new ArgumentException($"{what}: the data gave no batches.");
            }

            if (!finalized)
            {
                progress?.Update(step, running.Logs(), finalize: true);
            }
        }

        return running.Logs();
    }

    /// <summary>A batch's tensors checked against each other, with <paramref name="classWeight"/> turned into sample weights.</summary>
    private static (Tensor[] X, Tensor[] Y, Tensor?[]? SampleWeights) Checked(string what, int step, (Tensor[] X, Tensor[]? Y, Tensor?[]? SampleWeights) batch, IReadOnlyDictionary<int, double>? classWeight)
    {
        var (xs, ys, weights) = batch;
        if (ys is null)
        {
            throw new ArgumentException($"{what}: batch {step + 1} has no y (targets); {what} needs (x, y) batches, or (x, y, sampleWeight).");
        }

        var x = xs[0];
        foreach (var t in xs.Concat(ys))
        {
            if (x.Rank == 0 || t.Rank == 0 || x.Shape[0] != t.Shape[0])
            {
                var shapes = string.Join(", ", xs.Concat(ys).Select(u => u.Shape.ToCompactString()));
                throw new ArgumentException(ys.Length == 1 && xs.Length == 1
                    ? $"{what}: batch {step + 1} has x of shape {x.Shape.ToCompactString()} and y of shape {ys[0].Shape.ToCompactString()}; both need the same number of samples along the first axis."
                    : $"{what}: batch {step + 1} has inputs and targets of shapes {shapes}; all need the same number of samples along the first axis.");
            }
        }

        if (weights is not null && weights.Length != 1 && weights.Length != ys.Length)
        {
            throw new ArgumentException($"{what}: batch {step + 1} has {weights.Length} sample weight arrays for {ys.Length} outputs; give one for every output, or one per output.");
        }

        foreach (var w in weights ?? [])
        {
            if (w is not null && (w.Rank == 0 || w.Shape[0] != x.Shape[0]))
            {
                throw new ArgumentException($"{what}: batch {step + 1} has sample weights of shape {w.Shape.ToCompactString()} but {x.Shape[0]} samples (x of shape {x.Shape.ToCompactString()}); give one weight per sample.");
            }
        }

        if (classWeight is not null)
        {
            if (weights is not null)
            {
                throw new ArgumentException($"{what}: the batches carry sample weights and classWeight is given too; give one or the other (Keras: \"You cannot `class_weight` and `sample_weight` at the same time\").");
            }

            if (ys.Length != 1)
            {
                throw new ArgumentException($"{what}: classWeight is for a model of one output; this one has {ys.Length}. Give sampleWeight instead.");
            }

            weights = [ClassWeights.ToSampleWeights(classWeight, ys[0])];
        }

        return (xs, ys, weights);
    }

    /// <summary>One gradient step. False (and nothing applied) when the loss is not finite.</summary>
    private bool TrainStep(Optimizer optimizer, OutputLosses loss, Tensor[] batchX, Tensor[] batchY, Tensor?[]? sampleWeights, RunningMeans running, int count, out float lossValue)
    {
        var variables = TrainableVariables;
        Tensor?[] gradients;
        Tensor[] predictions;
        using (var tape = new GradientTape())
        {
            predictions = CallAll(batchX, training: true);
            var total = TotalLoss(loss, batchY, predictions, sampleWeights, running.OutputParts);
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

    /// <summary>The compiled losses (weighted by the sample weights, if any) plus every layer's regularization penalty.</summary>
    private Tensor TotalLoss(OutputLosses loss, Tensor[] y, Tensor[] predictions, Tensor?[]? sampleWeights, double[]? parts)
    {
        var total = loss.Total(y, predictions, sampleWeights, parts);

        foreach (var penalty in Losses)
        {
            total += penalty;
        }

        return total;
    }

    private (Optimizer Optimizer, OutputLosses Loss) RequireCompiled(string what) =>
        Optimizer is { } optimizer && _outputLosses is { } loss
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

    private static void CheckSampleWeight(string what, Tensor x, Tensor? sampleWeight)
    {
        if (sampleWeight is not null && (sampleWeight.Rank == 0 || sampleWeight.Shape[0] != x.Shape[0]))
        {
            throw new ArgumentException(
                $"{what}: sampleWeight has shape {sampleWeight.Shape.ToCompactString()} but x has {x.Shape[0]} samples (shape {x.Shape.ToCompactString()}); give one weight per sample, shape ({x.Shape[0]},).",
                nameof(sampleWeight));
        }
    }

    /// <summary>The training arrays and the validation data: arrays (split off, or given as arrays) or a dataset.</summary>
    private static (ArrayData Train, object? Validation) SplitValidation(ArrayData data, double split, Dataset? given)
    {
        if (given is BatchDataset { FromArrays: true, Slices: { Y: { } y } arrays })
        {
            CheckData("Fit (validationData)", arrays.X, y);
            return (data, new ArrayData(arrays.X, y, arrays.SampleWeight));
        }

        if (given is not null)
        {
            return (data, given);
        }

        if (split == 0)
        {
            return (data, null);
        }

        // Keras: the last samples, before any shuffling.
        var samples = data.Samples;
        var trainCount = (int)(samples * (1 - split));
        if (trainCount == 0 || trainCount == samples)
        {
            throw new ArgumentException($"Fit: validationSplit {split} of {samples} samples leaves {trainCount} for training and {samples - trainCount} for validation; both need at least one.");
        }

        return (data.Rows(0, trainCount), data.Rows(trainCount, samples - trainCount));
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
