namespace DiffGen;

/// <summary>Fit, Evaluate and Predict over a <see cref="Dataset"/> or an enumerable of batches, as Keras takes a <c>tf.data.Dataset</c> or a generator.</summary>
public partial class Model
{
    /// <summary>
    /// Trains on the batches of <paramref name="x"/> (Keras' <c>fit</c> on a dataset): each element is one batch,
    /// <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>. Each epoch is a new pass over the dataset (a shuffled dataset
    /// reshuffles) unless <paramref name="stepsPerEpoch"/> is given.
    /// </summary>
    /// <param name="x">The training batches.</param>
    /// <param name="epochs">Epochs to train.</param>
    /// <param name="validationData">Validation batches evaluated after each epoch (<c>val_loss</c>, …), or arrays <c>(xVal, yVal)</c> in batches of 32.</param>
    /// <param name="callbacks">Hooks called around epochs and batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="initialEpoch">The epoch to start counting from.</param>
    /// <param name="stepsPerEpoch">
    /// Keras' <c>steps_per_epoch</c>: batches per epoch, taken from one pass that continues across epochs; when the pass
    /// runs out, the epoch ends early (with Keras' "ran out of data" warning) and the next epoch starts a new pass.
    /// Null: each epoch is one whole pass.
    /// </param>
    /// <param name="classWeight">Weights per class index applied as sample weights (not with batches that carry sample weights).</param>
    /// <exception cref="ArgumentException">A batch has no y, its parts disagree in sample count (the message names the batch and shapes), or the dataset gives no batch.</exception>
    public History Fit(
        Dataset x,
        int epochs = 1,
        Dataset? validationData = null,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int initialEpoch = 0,
        int? stepsPerEpoch = null,
        IReadOnlyDictionary<int, double>? classWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (optimizer, loss) = RequireCompiled("Fit");
        ClassWeights.Check("Fit", classWeight, hasSampleWeight: false);
        if (stepsPerEpoch is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "Fit: stepsPerEpoch must be at least 1 (or null: one pass per epoch).");
        }

        IEnumerator<DataElement>? current = null;
        IEnumerator<StepBatch> Epoch(int epoch)
        {
            if (stepsPerEpoch is not { } steps)
            {
                using var pass = x.Elements();
                var any = false;
                while (pass.MoveNext())
                {
                    any = true;
                    yield return Step(pass.Current);
                }

                if (!any)
                {
                    throw new ArgumentException($"Fit: the dataset gave no batches in epoch {epoch + 1}.", nameof(x));
                }

                yield break;
            }

            for (var step = 0; step < steps; step++)
            {
                var fresh = current is null;
                current ??= x.Elements();
                if (!current.MoveNext())
                {
                    current.Dispose();
                    current = null;
                    if (step > 0 || fresh)
                    {
                        if (step == 0)
                        {
                            throw new ArgumentException($"Fit: the dataset gave no batches in epoch {epoch + 1}.", nameof(x));
                        }

                        Console.Error.WriteLine(
                            $"Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `stepsPerEpoch * epochs` batches ({steps} × {epochs}).");
                        yield break;
                    }

                    // The last epoch ended exactly at the end of a pass: this one starts a new pass.
                    current = x.Elements();
                    if (!current.MoveNext())
                    {
                        throw new ArgumentException($"Fit: the dataset gave no batches in epoch {epoch + 1}.", nameof(x));
                    }
                }

                yield return Step(current.Current);
            }
        }

        Func<IReadOnlyDictionary<string, double>>? validate = validationData is null
            ? null
            : () => EvaluateLoop("Fit (validation)", loss, Steps(validationData), validationData.Cardinality, verbose: 0);
        try
        {
            return FitLoop(optimizer, loss, Epoch, stepsPerEpoch ?? x.Cardinality, validate, epochs, callbacks, verbose, initialEpoch, classWeight);
        }
        finally
        {
            current?.Dispose();
        }
    }

    /// <summary>Trains on an enumerable of <c>(x, y)</c> batches, enumerated anew each epoch (see <see cref="Fit(Dataset, int, Dataset?, IReadOnlyList{Callback}?, int, int, int?, IReadOnlyDictionary{int, double}?)"/>).</summary>
    /// <inheritdoc cref="Fit(Dataset, int, Dataset?, IReadOnlyList{Callback}?, int, int, int?, IReadOnlyDictionary{int, double}?)"/>
    public History Fit(
        IEnumerable<(Tensor X, Tensor Y)> x,
        int epochs = 1,
        Dataset? validationData = null,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int initialEpoch = 0,
        int? stepsPerEpoch = null,
        IReadOnlyDictionary<int, double>? classWeight = null) =>
        Fit(Dataset.FromGenerator(x), epochs, validationData, callbacks, verbose, initialEpoch, stepsPerEpoch, classWeight);

    /// <summary>Trains on an enumerable of weighted <c>(x, y, sampleWeight)</c> batches, enumerated anew each epoch.</summary>
    /// <inheritdoc cref="Fit(Dataset, int, Dataset?, IReadOnlyList{Callback}?, int, int, int?, IReadOnlyDictionary{int, double}?)"/>
    public History Fit(
        IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> x,
        int epochs = 1,
        Dataset? validationData = null,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int initialEpoch = 0,
        int? stepsPerEpoch = null) =>
        Fit(Dataset.FromGenerator(x), epochs, validationData, callbacks, verbose, initialEpoch, stepsPerEpoch);

    /// <summary>Trains on an asynchronous stream of <c>(x, y)</c> batches, enumerated anew each epoch; each batch is awaited in turn.</summary>
    /// <inheritdoc cref="Fit(Dataset, int, Dataset?, IReadOnlyList{Callback}?, int, int, int?, IReadOnlyDictionary{int, double}?)"/>
    public History Fit(
        IAsyncEnumerable<(Tensor X, Tensor Y)> x,
        int epochs = 1,
        Dataset? validationData = null,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int initialEpoch = 0,
        int? stepsPerEpoch = null,
        IReadOnlyDictionary<int, double>? classWeight = null) =>
        Fit(Dataset.FromAsyncGenerator(x), epochs, validationData, callbacks, verbose, initialEpoch, stepsPerEpoch, classWeight);

    /// <summary>The loss over the batches of <paramref name="x"/> (Keras' <c>evaluate</c> on a dataset), the mean over samples.</summary>
    /// <param name="x">Batches <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>.</param>
    /// <param name="steps">Batches to evaluate (Keras' <c>steps</c>); null: the whole pass.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    public double Evaluate(Dataset x, int? steps = null, int verbose = 1) => EvaluateAll(x, steps, verbose)["loss"];

    /// <summary>The loss and every compiled metric over the batches of <paramref name="x"/>, by name.</summary>
    /// <inheritdoc cref="Evaluate(Dataset, int?, int)"/>
    public IReadOnlyDictionary<string, double> EvaluateAll(Dataset x, int? steps = null, int verbose = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (_, loss) = RequireCompiled("Evaluate");
        var data = steps is { } n ? x.Take(n) : x;
        return EvaluateLoop("Evaluate", loss, Steps(data), data.Cardinality, verbose);
    }

    /// <summary>The loss over an enumerable of <c>(x, y)</c> batches.</summary>
    /// <inheritdoc cref="Evaluate(Dataset, int?, int)"/>
    public double Evaluate(IEnumerable<(Tensor X, Tensor Y)> x, int? steps = null, int verbose = 1) => Evaluate(Dataset.FromGenerator(x), steps, verbose);

    /// <summary>The loss and metrics over an enumerable of <c>(x, y)</c> batches.</summary>
    /// <inheritdoc cref="Evaluate(Dataset, int?, int)"/>
    public IReadOnlyDictionary<string, double> EvaluateAll(IEnumerable<(Tensor X, Tensor Y)> x, int? steps = null, int verbose = 1) =>
        EvaluateAll(Dataset.FromGenerator(x), steps, verbose);

    /// <summary>
    /// The model's outputs for every batch of <paramref name="x"/>, joined along the sample axis (Keras' <c>predict</c>
    /// on a dataset; a batch's y and sample weights are ignored).
    /// </summary>
    /// <param name="x">Batches of inputs (or (x, y) batches).</param>
    /// <param name="steps">Batches to predict; null: the whole pass.</param>
    /// <param name="verbose">0 silent, 1 progress bar.</param>
    public Tensor Predict(Dataset x, int? steps = null, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var data = steps is { } n ? x.Take(n) : x;
        var outputs = new List<Tensor>();
        var progress = verbose > 0 ? new ProgressBar(data.Cardinality, verbose) : null;
        using (var batches = data.Elements())
        {
            while (batches.MoveNext())
            {
                var batch = batches.Current.Materialize().X;
                outputs.Add(WithoutTape(() => Call(batch)));
                progress?.Update(outputs.Count, new Dictionary<string, double>(), finalize: false);
            }
        }

        if (outputs.Count == 0)
        {
            throw new ArgumentException("Predict: the dataset gave no batches.", nameof(x));
        }

        progress?.Update(outputs.Count, new Dictionary<string, double>(), finalize: true);
        return Batches.Stack(outputs);
    }

    /// <summary>The model's outputs for an enumerable of input batches, joined along the sample axis.</summary>
    /// <inheritdoc cref="Predict(Dataset, int?, int)"/>
    public Tensor Predict(IEnumerable<Tensor> x, int? steps = null, int verbose = 0) => Predict(Dataset.FromGenerator(x), steps, verbose);

    private static StepBatch Step(DataElement element)
    {
        var (x, y, weights) = element.Materialize();
        return StepBatch.Of(x, y, weights);
    }

    private static IEnumerator<StepBatch> Steps(Dataset data)
    {
        using var elements = data.Elements();
        while (elements.MoveNext())
        {
            yield return Step(elements.Current);
        }
    }
}
