namespace DiffGen;

/// <summary>
/// <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> on one array per input and per output (Keras:
/// <c>model.fit([xa, xb], [ya, yb])</c>), for functional models of several inputs or outputs. The same loop as one
/// array each: rows are taken alike from every array, so shuffling, validation split and sample weights work the same.
/// </summary>
public partial class Model
{
    /// <summary>Trains on one array per input and one per output (in <see cref="Inputs"/> and <see cref="OutputNames"/> order).</summary>
    /// <param name="x">One array per input, samples along the first axis, as many in each.</param>
    /// <param name="y">One array per output.</param>
    /// <param name="sampleWeights">Keras' per-output <c>sample_weight</c> list: one weight array per output, in order (a null entry leaves that output's loss unweighted); not with <paramref name="sampleWeight"/>, which weighs every output's loss alike.</param>
    /// <inheritdoc cref="Fit(Tensor, Tensor, int, int, double, Dataset?, bool, IReadOnlyList{Callback}?, int, int?, int, Tensor?, IReadOnlyDictionary{int, double}?)"/>
#pragma warning disable CS1573 // The other parameters are documented by the inherited doc.
    public History Fit(
        Tensor[] x,
        Tensor[] y,
        int epochs = 1,
        int batchSize = 32,
        double validationSplit = 0,
        bool shuffle = true,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int? seed = null,
        int initialEpoch = 0,
        Tensor? sampleWeight = null,
        Tensor?[]? sampleWeights = null)
#pragma warning restore CS1573
    {
        RequireCompiled("Fit");
        var data = CheckArrays("Fit", x, y, sampleWeight, sampleWeights);
        return FitArrays(data, epochs, batchSize, validationSplit, null, shuffle, callbacks, verbose, seed, initialEpoch, classWeight: null);
    }

    /// <summary>The loss on one array per input and per output (each output's loss as <c>{name}_loss</c> in <see cref="EvaluateAll(Tensor[], Tensor[], int, int, Tensor?, Tensor?[])"/>).</summary>
    public double Evaluate(Tensor[] x, Tensor[] y, int batchSize = 32, int verbose = 1, Tensor? sampleWeight = null, Tensor?[]? sampleWeights = null) =>
        EvaluateAll(x, y, batchSize, verbose, sampleWeight, sampleWeights)["loss"];

    /// <summary>The loss, each output's loss and the metrics on one array per input and per output (sample weights as in <see cref="Fit(Tensor[], Tensor[], int, int, double, bool, IReadOnlyList{Callback}?, int, int?, int, Tensor?, Tensor?[])"/>).</summary>
    public IReadOnlyDictionary<string, double> EvaluateAll(Tensor[] x, Tensor[] y, int batchSize = 32, int verbose = 1, Tensor? sampleWeight = null, Tensor?[]? sampleWeights = null)
    {
        RequireCompiled("Evaluate");
        return EvaluateArrays(CheckArrays("Evaluate", x, y, sampleWeight, sampleWeights), batchSize, verbose);
    }

    /// <summary>The outputs for one array per input, one tensor per output (Keras' <c>predict</c> of a multi-output model).</summary>
    public Tensor[] Predict(Tensor[] x, int batchSize = 32, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckBatchSize(batchSize);
        var data = CheckArrays("Predict", x, null, null, null);
        var samples = data.Samples;
        var parts = new List<Tensor[]>();
        var progress = verbose > 0 ? new ProgressBar((samples + batchSize - 1) / batchSize, verbose) : null;
        for (var start = 0; start < samples; start += batchSize)
        {
            var count = Math.Min(batchSize, samples - start);
            Tensor[] batch = [.. x.Select(t => Batches.Rows(t, null, start, count))];
            using (TapeRecorder.Pause())
            {
                parts.Add(CallAll(batch, training: false));
            }

            progress?.Update(parts.Count, new Dictionary<string, double>(), finalize: start + count >= samples);
        }

        return [.. Enumerable.Range(0, parts[0].Length).Select(o => Batches.Stack([.. parts.Select(p => p[o])]))];
    }

    /// <summary>
    /// Trains on a stream of batches, each one tensor per input and one per output, enumerated anew each epoch (the
    /// multi-input form of <see cref="Fit(IEnumerable{ValueTuple{Tensor, Tensor}}, int, Dataset?, IReadOnlyList{Callback}?, int, int, int?, IReadOnlyDictionary{int, double}?)"/>;
    /// the same loop).
    /// </summary>
    /// <param name="x">The batches: <c>(new[] { xa, xb }, new[] { yWide, yNarrow })</c>.</param>
    /// <param name="epochs">Passes over the batches.</param>
    /// <param name="callbacks">Hooks called around epochs and batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="initialEpoch">The epoch to start counting from.</param>
    /// <exception cref="ArgumentException">A batch's tensors disagree in sample count or do not fit the model's inputs and outputs, or there are no batches.</exception>
    public History Fit(IEnumerable<(Tensor[] X, Tensor[] Y)> x, int epochs = 1, IReadOnlyList<Callback>? callbacks = null, int verbose = 1, int initialEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Fit(x.Select(b => (b.X, b.Y, (Tensor?[])null!)), epochs, callbacks, verbose, initialEpoch);
    }

    /// <summary>
    /// Trains on a stream of batches of one tensor per input and per output with sample weights — one array per
    /// output (a null entry: that output unweighted), or a single array for every output.
    /// </summary>
    /// <inheritdoc cref="Fit(IEnumerable{ValueTuple{Tensor[], Tensor[]}}, int, IReadOnlyList{Callback}?, int, int)"/>
    public History Fit(IEnumerable<(Tensor[] X, Tensor[] Y, Tensor?[] SampleWeights)> x, int epochs = 1, IReadOnlyList<Callback>? callbacks = null, int verbose = 1, int initialEpoch = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (optimizer, loss) = RequireCompiled("Fit");
        return FitLoop(optimizer, loss, epoch => Steps(x, "Fit", epoch), null, null, epochs, callbacks, verbose, initialEpoch, classWeight: null);
    }

    /// <summary>The loss over a stream of batches of one tensor per input and per output.</summary>
    /// <param name="x">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    public double Evaluate(IEnumerable<(Tensor[] X, Tensor[] Y)> x, int verbose = 1) => EvaluateAll(x, verbose)["loss"];

    /// <summary>The outputs for a stream of batches of one tensor per input: one tensor per output, the batches' rows stacked in order.</summary>
    /// <param name="x">The batches: <c>new[] { xa, xb }</c> each.</param>
    /// <param name="verbose">0 silent, 1 progress bar.</param>
    /// <exception cref="ArgumentException">A batch does not have one tensor per input, its tensors disagree in sample count, or there are no batches.</exception>
    public Tensor[] Predict(IEnumerable<Tensor[]> x, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var parts = new List<Tensor[]>();
        var progress = verbose > 0 ? new ProgressBar(null, verbose) : null;
        foreach (var batch in x)
        {
            CheckArrays("Predict", batch, null, null, null);
            using (TapeRecorder.Pause())
            {
                parts.Add(CallAll(batch, training: false));
            }

            progress?.Update(parts.Count, new Dictionary<string, double>(), finalize: false);
        }

        if (parts.Count == 0)
        {
            throw new ArgumentException("Predict: the batches are empty.", nameof(x));
        }

        progress?.Update(parts.Count, new Dictionary<string, double>(), finalize: true);
        return [.. Enumerable.Range(0, parts[0].Length).Select(o => Batches.Stack([.. parts.Select(p => p[o])]))];
    }

    /// <summary>The loss, each output's loss and the metrics over a stream of batches of one tensor per input and per output.</summary>
    /// <param name="x">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    public IReadOnlyDictionary<string, double> EvaluateAll(IEnumerable<(Tensor[] X, Tensor[] Y)> x, int verbose = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (_, loss) = RequireCompiled("Evaluate");
        return EvaluateLoop("Evaluate", loss, Steps(x.Select(b => (b.X, b.Y, (Tensor?[])null!)), "Evaluate", 0), null, verbose);
    }

    /// <summary>The batches of a stream as the loop takes them.</summary>
    private static IEnumerator<StepBatch> Steps(IEnumerable<(Tensor[] X, Tensor[] Y, Tensor?[] SampleWeights)> batches, string what, int epoch)
    {
        var any = false;
        foreach (var (x, y, weights) in batches)
        {
            if (x is not { Length: > 0 } || y is null || x.Concat(y).Any(t => t is null))
            {
                throw new ArgumentException($"{what}: a batch needs one tensor per input and one per output (no nulls, at least one input).");
            }

            any = true;
            yield return StepBatch.Of(x, y, weights);
        }

        if (!any)
        {
            throw new ArgumentException($"{what}: the batches are empty (epoch {epoch + 1}).");
        }
    }

    /// <summary>The arrays checked: as many as inputs and outputs, the same number of samples in each.</summary>
    private ArrayData CheckArrays(string what, Tensor[] x, Tensor[]? y, Tensor? sampleWeight, Tensor?[]? sampleWeights)
    {
        ArgumentNullException.ThrowIfNull(x);
        var inputs = _graph?.Inputs.Count ?? 1;
        if (x.Length != inputs || x.Any(t => t is null))
        {
            throw new ArgumentException($"{what}: model '{Name}' has {inputs} input(s) but {x.Length} x array(s) were given; give one per input, in order.", nameof(x));
        }

        if (y is not null && y.Length != OutputNames.Count)
        {
            throw new ArgumentException(
                $"{what}: model '{Name}' has {OutputNames.Count} output(s) ({string.Join(", ", OutputNames)}) but {y.Length} y array(s) were given; give one per output, in order.", nameof(y));
        }

        var all = y is null ? x : [.. x, .. y];
        if (all.Any(t => t is null || t.Rank == 0 || t.Shape[0] != x[0].Shape[0]))
        {
            throw new ArgumentException(
                $"{what}: the arrays need the samples along their first axis, as many in each; got shapes {string.Join(", ", all.Select(t => t?.Shape.ToString() ?? "null"))}.");
        }

        if (x[0].Shape[0] == 0)
        {
            throw new ArgumentException($"{what}: the arrays hold no samples.");
        }

        CheckSampleWeight(what, x[0], sampleWeight);
        if (sampleWeights is null)
        {
            return new ArrayData(x, y ?? [], sampleWeight is null ? null : [sampleWeight]);
        }

        if (sampleWeight is not null)
        {
            throw new ArgumentException($"{what}: give sampleWeight (every output alike) or sampleWeights (one per output), not both.", nameof(sampleWeights));
        }

        if (sampleWeights.Length != OutputNames.Count)
        {
            throw new ArgumentException(
                $"{what}: model '{Name}' has {OutputNames.Count} output(s) ({string.Join(", ", OutputNames)}) but {sampleWeights.Length} sample weight array(s) were given; give one per output, in order (null for an unweighted output).", nameof(sampleWeights));
        }

        foreach (var weights in sampleWeights)
        {
            CheckSampleWeight(what, x[0], weights);
        }

        return new ArrayData(x, y ?? [], sampleWeights);
    }
}
