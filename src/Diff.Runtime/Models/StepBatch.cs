namespace DiffGen;

/// <summary>
/// One batch of a training or evaluation loop: either tensors as given (a dataset's element), or rows
/// <see cref="Start"/> … <see cref="Start"/> + <see cref="Count"/> − 1 (in <see cref="Order"/>) of whole arrays, copied
/// only when <see cref="Materialize"/> is called — inside the step's <see cref="TensorScope"/>, so their memory is
/// reused by the next step. One tensor per model input in <see cref="X"/> and per output in <see cref="Y"/> (one
/// each but for a functional model of several); sample weights: none, one array for every output, or one per output.
/// </summary>
internal readonly record struct StepBatch(Tensor[] X, Tensor[]? Y, Tensor?[]? SampleWeights, int[]? Order, int Start, int Count, bool IsRows)
{
    /// <summary>A batch given as tensors.</summary>
    public static StepBatch Of(Tensor x, Tensor? y, Tensor? sampleWeight) => Of([x], y is null ? null : [y], sampleWeight is null ? null : [sampleWeight]);

    /// <summary>A batch given as tensors, one per input and per output.</summary>
    public static StepBatch Of(Tensor[] x, Tensor[]? y, Tensor?[]? sampleWeights) => new(x, y, sampleWeights, null, 0, x[0].Rank == 0 ? 0 : x[0].Shape[0], false);

    /// <summary>Rows of whole arrays, one per input and per output.</summary>
    public static StepBatch Rows(Tensor[] x, Tensor[]? y, Tensor?[]? sampleWeights, int[]? order, int start, int count) => new(x, y, sampleWeights, order, start, count, true);

    /// <summary>The batch's tensors (rows copied now for a batch of rows).</summary>
    public (Tensor[] X, Tensor[]? Y, Tensor?[]? SampleWeights) Materialize() => IsRows
        ? (RowsOf(X), Y is null ? null : RowsOf(Y), SampleWeights is null ? null : WeightRowsOf(SampleWeights))
        : (X, Y, SampleWeights);

    private Tensor[] RowsOf(Tensor[] arrays)
    {
        var rows = new Tensor[arrays.Length];
        for (var i = 0; i < arrays.Length; i++)
        {
            rows[i] = Batches.Rows(arrays[i], Order, Start, Count);
        }

        return rows;
    }

    private Tensor?[] WeightRowsOf(Tensor?[] arrays)
    {
        var rows = new Tensor?[arrays.Length];
        for (var i = 0; i < arrays.Length; i++)
        {
            rows[i] = arrays[i] is { } array ? Batches.Rows(array, Order, Start, Count) : null;
        }

        return rows;
    }
}
