namespace DiffGen;

/// <summary>
/// <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> with inputs, targets and sample weights given by name (Keras' dict
/// inputs: <c>model.fit({"title": xa, "body": xb}, {"priority": ya, "department": yb})</c>): inputs by their
/// <see cref="Input"/> layers' names (<see cref="InputNames"/>), targets and sample weights by output layer names
/// (<see cref="OutputNames"/>). The arrays are put in model order and take the positional path.
/// </summary>
public partial class Model
{
    /// <summary>The names a functional model's inputs go by (its <see cref="Input"/> layers' names), in order.</summary>
    public IReadOnlyList<string> InputNames => _graph is null ? [] : [.. _graph.Inputs.Select(i => i.Layer.Name)];

    /// <summary>Trains on arrays given by input and output name.</summary>
    /// <param name="x">One array per input, keyed by input name.</param>
    /// <param name="y">One array per output, keyed by output name.</param>
    /// <param name="sampleWeight">Per-output sample weights keyed by output name (outputs not listed are unweighted); null: none.</param>
    /// <inheritdoc cref="Fit(Tensor[], Tensor[], int, int, double, bool, IReadOnlyList{Callback}?, int, int?, int, Tensor?, Tensor?[])"/>
#pragma warning disable CS1573 // The other parameters are documented by the inherited doc.
    public History Fit(
        IReadOnlyDictionary<string, Tensor> x,
        IReadOnlyDictionary<string, Tensor> y,
        int epochs = 1,
        int batchSize = 32,
        double validationSplit = 0,
        bool shuffle = true,
        IReadOnlyList<Callback>? callbacks = null,
        int verbose = 1,
        int? seed = null,
        int initialEpoch = 0,
        IReadOnlyDictionary<string, Tensor>? sampleWeight = null)
#pragma warning restore CS1573
    {
        return Fit(
            ByInputName("Fit", x), ByOutputName("Fit", y), epochs, batchSize, validationSplit, shuffle, callbacks, verbose, seed, initialEpoch,
            sampleWeights: sampleWeight is null ? null : WeightsByOutputName("Fit", sampleWeight));
    }

    /// <summary>The loss on arrays given by input and output name.</summary>
    public double Evaluate(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int verbose = 1, IReadOnlyDictionary<string, Tensor>? sampleWeight = null) =>
        EvaluateAll(x, y, batchSize, verbose, sampleWeight)["loss"];

    /// <summary>The loss, each output's loss and the metrics on arrays given by input and output name.</summary>
    public IReadOnlyDictionary<string, double> EvaluateAll(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int verbose = 1, IReadOnlyDictionary<string, Tensor>? sampleWeight = null) =>
        EvaluateAll(ByInputName("Evaluate", x), ByOutputName("Evaluate", y), batchSize, verbose, sampleWeights: sampleWeight is null ? null : WeightsByOutputName("Evaluate", sampleWeight));

    /// <summary>The outputs for arrays given by input name, keyed by output name.</summary>
    public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> x, int batchSize = 32, int verbose = 0) =>
        ByOutput(Predict(ByInputName("Predict", x), batchSize, verbose));

    /// <summary>Trains on a stream of batches whose inputs and targets are keyed by name, enumerated anew each epoch.</summary>
    /// <param name="x">The batches: <c>(inputs by name, targets by name)</c>.</param>
    /// <inheritdoc cref="Fit(IEnumerable{ValueTuple{Tensor[], Tensor[]}}, int, IReadOnlyList{Callback}?, int, int)"/>
#pragma warning disable CS1573 // The other parameters are documented by the inherited doc.
    public History Fit(IEnumerable<(IReadOnlyDictionary<string, Tensor> X, IReadOnlyDictionary<string, Tensor> Y)> x, int epochs = 1, IReadOnlyList<Callback>? callbacks = null, int verbose = 1, int initialEpoch = 0)
#pragma warning restore CS1573
    {
        ArgumentNullException.ThrowIfNull(x);
        return Fit(x.Select(b => (ByInputName("Fit", b.X), ByOutputName("Fit", b.Y))), epochs, callbacks, verbose, initialEpoch);
    }

    /// <summary>The loss, each output's loss and the metrics over a stream of batches keyed by name.</summary>
    /// <param name="x">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    public IReadOnlyDictionary<string, double> EvaluateAll(IEnumerable<(IReadOnlyDictionary<string, Tensor> X, IReadOnlyDictionary<string, Tensor> Y)> x, int verbose = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        return EvaluateAll(x.Select(b => (ByInputName("Evaluate", b.X), ByOutputName("Evaluate", b.Y))), verbose);
    }

    /// <summary>The outputs, keyed by output name, for a stream of batches of inputs keyed by name.</summary>
    /// <param name="x">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar.</param>
    public IReadOnlyDictionary<string, Tensor> Predict(IEnumerable<IReadOnlyDictionary<string, Tensor>> x, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ByOutput(Predict(x.Select(b => ByInputName("Predict", b)), verbose));
    }

    private Tensor[] ByInputName(string what, IReadOnlyDictionary<string, Tensor> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (_graph is null)
        {
            throw new ArgumentException($"{what}: inputs by name need a functional model (new Model(inputs, outputs)) whose Input layers name them; '{Name}' is a {TypeName}: pass its input as a tensor.", nameof(x));
        }

        return InOrder(what, "input", InputNames, x, required: true)!;
    }

    private Tensor[] ByOutputName(string what, IReadOnlyDictionary<string, Tensor> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return InOrder(what, "output", OutputNames, y, required: true)!;
    }

    private Tensor?[] WeightsByOutputName(string what, IReadOnlyDictionary<string, Tensor> weights) =>
        InOrder(what, "sample weight output", OutputNames, weights, required: false);

    private Dictionary<string, Tensor> ByOutput(Tensor[] outputs)
    {
        var names = OutputNames;
        var result = new Dictionary<string, Tensor>();
        for (var i = 0; i < outputs.Length; i++)
        {
            result[names[i]] = outputs[i];
        }

        return result;
    }

    /// <summary>The values of <paramref name="given"/> in the order of <paramref name="names"/>; unknown names are errors, and so are missing ones when <paramref name="required"/>.</summary>
    private Tensor?[] InOrder(string what, string kind, IReadOnlyList<string> names, IReadOnlyDictionary<string, Tensor> given, bool required)
    {
        var unknown = given.Keys.Where(k => !names.Contains(k)).ToList();
        var missing = required ? names.Where(n => !given.ContainsKey(n)).ToList() : [];
        if (unknown.Count > 0 || missing.Count > 0)
        {
            var problems = new List<string>();
            if (unknown.Count > 0)
            {
                problems.Add($"no {kind} is named {string.Join(", ", unknown.Select(n => $"'{n}'"))}");
            }

            if (missing.Count > 0)
            {
                problems.Add($"nothing was given for {string.Join(", ", missing.Select(n => $"'{n}'"))}");
            }

            throw new ArgumentException($"{what}: model '{Name}' has {kind}s {string.Join(", ", names.Select(n => $"'{n}'"))}; {string.Join(" and ", problems)}.");
        }

        var ordered = new Tensor?[names.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = given.TryGetValue(names[i], out var tensor)
                ? tensor ?? throw new ArgumentException($"{what}: the {kind} '{names[i]}' was given null.")
                : null;
        }

        return ordered;
    }
}
