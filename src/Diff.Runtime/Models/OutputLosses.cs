namespace DiffGen;

/// <summary>
/// What <c>Compile</c> set for the outputs (Keras' <c>CompileLoss</c>): one loss per output, optional weights, and the
/// outputs' names. The total is Σ weightᵢ · lossᵢ(yᵢ, predictionᵢ) in output order; with one output and no weights it
/// is that loss alone, exactly as a <see cref="Sequential"/> always computed it.
/// </summary>
internal sealed class OutputLosses
{
    public OutputLosses(IReadOnlyList<Loss> losses, IReadOnlyList<double>? weights, IReadOnlyList<string> names)
    {
        Losses = losses;
        Weights = weights;
        Names = names;
    }

    public IReadOnlyList<Loss> Losses { get; }

    /// <summary>Keras' <c>loss_weights</c> in output order; null: none given (each loss counts once, unmultiplied).</summary>
    public IReadOnlyList<double>? Weights { get; }

    public IReadOnlyList<string> Names { get; }

    public int Count => Losses.Count;

    /// <summary>
    /// The weighted sum of the outputs' losses; <paramref name="parts"/> gets each output's unweighted loss when there
    /// are several (Keras logs them as <c>{name}_loss</c>). <paramref name="sampleWeights"/>: none, one array for every
    /// output, or one per output (a null entry leaves that output unweighted).
    /// </summary>
    public Tensor Total(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> predictions, IReadOnlyList<Tensor?>? sampleWeights, double[]? parts)
    {
        if (y.Count != Count)
        {
            throw new ArgumentException($"The model has {Count} output(s) ({string.Join(", ", Names)}) but {y.Count} target array(s) were given; give one y per output.");
        }

        Tensor? total = null;
        for (var i = 0; i < Count; i++)
        {
            var loss = Losses[i];
            var value = loss.Call(y[i], predictions[i], sampleWeights is null ? null : sampleWeights[sampleWeights.Count == 1 ? 0 : i]);
            if (value.Rank != 0)
            {
                throw new InvalidOperationException(
                    $"The loss '{loss.Name}' has reduction \"{loss.Reduction}\" and returned shape {value.Shape.ToCompactString()}, one value per sample; training and evaluation need a scalar: compile with reduction \"sum_over_batch_size\" or \"sum\".");
            }

            if (parts is not null)
            {
                parts[i] = value.Item;
            }

            if (Weights is not null)
            {
                value = Ops.Multiply(value, Tensor.Scalar((float)Weights[i]));
            }

            total = total is null ? value : total + value;
        }

        return total!;
    }
}
