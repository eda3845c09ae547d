namespace DiffGen;

/// <summary>
/// <c>Compile</c> for a model of several outputs (Keras' <c>compile(loss=[…] or {…}, loss_weights=…)</c>): a loss per
/// output, by position or by output name (<see cref="OutputNames"/>), and optional weights; the trained loss is
/// Σ weightᵢ · lossᵢ.
/// </summary>
public partial class Model
{
    /// <summary>One loss per output, in <see cref="OutputNames"/> order.</summary>
    /// <param name="optimizer">An optimizer object, or a name.</param>
    /// <param name="loss">One loss per output.</param>
    /// <param name="lossWeights">Keras' <c>loss_weights</c>: one factor per output; null: each loss counts once.</param>
    /// <param name="metrics">
    /// Metrics, one list per output (as Keras' list of lists); with several outputs each is logged as
    /// <c>{output name}_{metric name}</c>.
    /// </param>
    /// <exception cref="ArgumentException">The count of losses, weights or metric lists does not match the outputs; the message names them.</exception>
    public void Compile(Optimizer optimizer, IReadOnlyList<Loss> loss, IReadOnlyList<double>? lossWeights = null, IReadOnlyList<IReadOnlyList<Metric>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var names = OutputNames;
        if (loss.Count != names.Count || loss.Any(l => l is null))
        {
            throw new ArgumentException(
                $"Compile: model '{Name}' has {names.Count} output(s) ({string.Join(", ", names)}) but {loss.Count(l => l is not null)} loss(es) were given; give one loss per output, in that order, or a dictionary by output name.",
                nameof(loss));
        }

        if (lossWeights is not null && lossWeights.Count != names.Count)
        {
            throw new ArgumentException(
                $"Compile: model '{Name}' has {names.Count} output(s) ({string.Join(", ", names)}) but {lossWeights.Count} loss weight(s) were given.", nameof(lossWeights));
        }

        if (metrics is not null && metrics.Count != names.Count)
        {
            throw new ArgumentException(
                $"Compile: model '{Name}' has {names.Count} output(s) ({string.Join(", ", names)}) but {metrics.Count} metric list(s) were given; give one list per output (empty for none).", nameof(metrics));
        }

        CompileCore(optimizer, new OutputLosses([.. loss], lossWeights is null ? null : [.. lossWeights], names), metrics);
    }

    /// <summary>One loss per output by Keras name (<c>["mse", "binary_crossentropy"]</c>).</summary>
    /// <inheritdoc cref="Compile(Optimizer, IReadOnlyList{Loss}, IReadOnlyList{double}?, IReadOnlyList{IReadOnlyList{Metric}}?)"/>
    public void Compile(Optimizer optimizer, IReadOnlyList<string> loss, IReadOnlyList<double>? lossWeights = null, IReadOnlyList<IReadOnlyList<Metric>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Compile(optimizer, [.. loss.Select(DiffGen.Losses.Get)], lossWeights, metrics);
    }

    /// <summary>A loss per output name (<see cref="OutputNames"/>), and optionally a weight and metrics per output name.</summary>
    /// <exception cref="ArgumentException">An output has no loss, or a key names no output; the message lists the outputs.</exception>
    /// <inheritdoc cref="Compile(Optimizer, IReadOnlyList{Loss}, IReadOnlyList{double}?, IReadOnlyList{IReadOnlyList{Metric}}?)"/>
    public void Compile(Optimizer optimizer, IReadOnlyDictionary<string, Loss> loss, IReadOnlyDictionary<string, double>? lossWeights = null, IReadOnlyDictionary<string, IReadOnlyList<Metric>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var names = OutputNames;
        CheckKeys("loss", loss.Keys, names);
        CheckKeys("loss weight", lossWeights?.Keys ?? [], names);
        CheckKeys("metric list", metrics?.Keys ?? [], names);
        Compile(
            optimizer,
            [.. names.Select(n => loss.TryGetValue(n, out var l) ? l : throw MissingKey("loss", n, names, loss.Keys))],
            lossWeights is null ? null : [.. names.Select(n => lossWeights.TryGetValue(n, out var w) ? w : throw MissingKey("loss weight", n, names, lossWeights.Keys))],
            metrics is null ? null : [.. names.Select(n => metrics.TryGetValue(n, out var m) ? m : [])]);
    }

    /// <summary>A loss per output name by Keras name (<c>{ ["score"] = "mse" }</c>).</summary>
    /// <inheritdoc cref="Compile(Optimizer, IReadOnlyDictionary{string, Loss}, IReadOnlyDictionary{string, double}?, IReadOnlyDictionary{string, IReadOnlyList{Metric}}?)"/>
    public void Compile(Optimizer optimizer, IReadOnlyDictionary<string, string> loss, IReadOnlyDictionary<string, double>? lossWeights = null, IReadOnlyDictionary<string, IReadOnlyList<Metric>>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Compile(optimizer, loss.ToDictionary(p => p.Key, p => DiffGen.Losses.Get(p.Value)), lossWeights, metrics);
    }

    /// <summary>
    /// Where every Compile ends: keeps the settings, the metrics flat (<see cref="Metrics"/>) with the output each
    /// reads. A flat list of metrics is for a model of one output; several outputs take one list each.
    /// </summary>
    private void CompileCore(Optimizer optimizer, OutputLosses losses, IReadOnlyList<IReadOnlyList<Metric>>? metricsByOutput)
    {
        Optimizer = optimizer;
        _outputLosses = losses;
        _metrics = [];
        _metricOutputs = [];
        for (var output = 0; output < (metricsByOutput?.Count ?? 0); output++)
        {
            foreach (var metric in metricsByOutput![output] ?? [])
            {
                _metrics.Add(metric ?? throw new ArgumentNullException(nameof(metricsByOutput), $"Compile: a metric of output '{losses.Names[output]}' is null."));
                _metricOutputs.Add(output);
            }
        }
    }

    /// <summary>Where the single-loss Compile ends: a flat list of metrics, which only a model of one output can take.</summary>
    private void CompileCore(Optimizer optimizer, OutputLosses losses, IReadOnlyList<Metric>? metrics)
    {
        if (metrics is { Count: > 0 } && losses.Count > 1)
        {
            throw new ArgumentException(
                $"Compile: model '{Name}' has {losses.Count} outputs ({string.Join(", ", losses.Names)}); give its metrics one list per output (Compile(optimizer, losses, lossWeights, metrics: [[…], […]]) or a dictionary by output name).",
                nameof(metrics));
        }

        CompileCore(optimizer, losses, metrics is null ? null : [metrics]);
    }

    /// <summary>Each compiled metric in a list per output (empty lists for outputs without metrics).</summary>
    internal IReadOnlyList<IReadOnlyList<Metric>> MetricsByOutput =>
        [.. Enumerable.Range(0, _outputLosses?.Count ?? 1).Select(o => (IReadOnlyList<Metric>)[.. _metrics.Where((_, i) => _metricOutputs[i] == o)])];

    private ArgumentException MissingKey(string what, string output, IReadOnlyList<string> names, IEnumerable<string> given) =>
        new($"Compile: model '{Name}' has no {what} for output '{output}'; the outputs are {string.Join(", ", names.Select(n => $"'{n}'"))} and the keys given are {string.Join(", ", given.Select(n => $"'{n}'"))}.");

    private void CheckKeys(string what, IEnumerable<string> keys, IReadOnlyList<string> names)
    {
        var unknown = keys.FirstOrDefault(k => !names.Contains(k));
        if (unknown is not null)
        {
            throw new ArgumentException($"Compile: model '{Name}' has no output named '{unknown}' (a {what} was given for it); the outputs are {string.Join(", ", names.Select(n => $"'{n}'"))}.");
        }
    }
}
