namespace DiffGen;

/// <summary>
/// Keras' <c>Embedding</c>: maps each integer index in [0, input_dim) to a trainable row of an
/// (input_dim, output_dim) matrix, so (batch, …) indices give (batch, …, output_dim). Indices arrive as a float
/// tensor of whole numbers (DiffGen tensors are float32); they are data, not differentiated. The default initializer
/// is Keras' <c>uniform</c>: U(−0.05, 0.05).
/// </summary>
public sealed class Embedding : Layer
{
    private readonly Initializer _embeddingsInitializer;
    private Variable? _embeddings;

    /// <summary>An embedding of <paramref name="inputDim"/> indices into vectors of <paramref name="outputDim"/>.</summary>
    /// <param name="inputDim">The number of distinct indices (vocabulary size, ≥ 1).</param>
    /// <param name="outputDim">The length of each vector (≥ 1).</param>
    /// <param name="embeddingsInitializer">Default <c>random_uniform</c> in [−0.05, 0.05) (Keras' <c>uniform</c>).</param>
    /// <param name="embeddingsRegularizer">A penalty on the matrix added to the training loss.</param>
    /// <param name="name">Default <c>embedding</c>, <c>embedding_1</c>, …</param>
    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null, Regularizer? embeddingsRegularizer = null, string? name = null)
        : base(name, "embedding")
    {
        InputDim = inputDim >= 1 ? inputDim : throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, "Embedding: inputDim must be at least 1.");
        OutputDim = outputDim >= 1 ? outputDim : throw new ArgumentOutOfRangeException(nameof(outputDim), outputDim, "Embedding: outputDim must be at least 1.");
        _embeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
        EmbeddingsRegularizer = embeddingsRegularizer;
    }

    /// <summary>The number of distinct indices.</summary>
    public int InputDim { get; }

    /// <summary>The length of each vector.</summary>
    public int OutputDim { get; }

    /// <summary>The penalty on the matrix, if any.</summary>
    public Regularizer? EmbeddingsRegularizer { get; }

    /// <summary>The (input_dim, output_dim) matrix; null until built.</summary>
    public Variable? Embeddings => _embeddings;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) => new([.. sampleShape.Dimensions, OutputDim]);

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["input_dim"] = InputDim,
        ["output_dim"] = OutputDim,
        ["embeddings_initializer"] = _embeddingsInitializer.Name,
        ["embeddings_regularizer"] = EmbeddingsRegularizer is { } r ? new[] { r.L1Factor, r.L2Factor } : null,
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape) =>
        _embeddings = AddWeight("embeddings", new Shape(InputDim, OutputDim), _embeddingsInitializer);

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        // Any number of indices per sample: sequences may differ in length from batch to batch.
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        var values = inputs.AsSpan();
        var rows = new int[values.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var value = values[i];
            if (!(value >= 0 && value < InputDim && value == MathF.Floor(value)))
            {
                throw new ArgumentException($"Layer '{Name}' (Embedding) takes whole-number indices in [0, {InputDim}); input of shape {inputs.Shape} holds {value} at flat position {i}.", nameof(inputs));
            }

            rows[i] = (int)value;
        }

        Tensor embeddings = _embeddings!;
        if (EmbeddingsRegularizer is not null)
        {
            AddLoss(EmbeddingsRegularizer.Penalty(embeddings));
        }

        return Ops.GatherRows(embeddings, rows, OutputDim, new Shape([.. inputs.Shape.Dimensions, OutputDim]));
    }
}
