namespace DiffGen;

/// <summary>
/// One batch of a training or evaluation loop: either tensors as given (a dataset's element), or rows
/// <see cref="Start"/> … <see cref="Start"/> + <see cref="Count"/> − 1 (in <see cref="Order"/>) of whole arrays, copied
/// only when <see cref="Materialize"/> is called — inside the step's <see cref="TensorScope"/>, so their memory is
/// reused by the next step.
/// </summary>
internal readonly record struct StepBatch(Tensor X, Tensor? Y, Tensor? SampleWeight, int[]? Order, int Start, int Count, bool IsRows)
{
    /// <summary>A batch given as tensors.</summary>
    public static StepBatch Of(Tensor x, Tensor? y, Tensor? sampleWeight) => new(x, y, sampleWeight, null, 0, x.Rank == 0 ? 0 : x.Shape[0], false);

    /// <summary>Rows of whole arrays.</summary>
    public static StepBatch Rows(Tensor x, Tensor? y, Tensor? sampleWeight, int[]? order, int start, int count) => new(x, y, sampleWeight, order, start, count, true);

    /// <summary>The batch's tensors (rows copied now for a batch of rows).</summary>
    public (Tensor X, Tensor? Y, Tensor? SampleWeight) Materialize() => IsRows
        ? (Batches.Rows(X, Order, Start, Count), Y is null ? null : Batches.Rows(Y, Order, Start, Count), SampleWeight is null ? null : Batches.Rows(SampleWeight, Order, Start, Count))
        : (X, Y, SampleWeight);
}
