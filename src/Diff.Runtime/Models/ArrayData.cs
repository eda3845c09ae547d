namespace DiffGen;

/// <summary>Whole arrays of samples (Keras' array data adapter): inputs, targets and optional sample weights.</summary>
internal sealed record ArrayData(Tensor X, Tensor Y, Tensor? SampleWeight)
{
    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of each array.</summary>
    public ArrayData Rows(int start, int count) => new(
        Batches.Rows(X, null, start, count),
        Batches.Rows(Y, null, start, count),
        SampleWeight is null ? null : Batches.Rows(SampleWeight, null, start, count));

    /// <summary>The number of batches of <paramref name="batchSize"/>.</summary>
    public int Steps(int batchSize) => (X.Shape[0] + batchSize - 1) / batchSize;

    /// <summary>The batches in order, the last one possibly smaller.</summary>
    public IEnumerator<StepBatch> InBatches(int batchSize)
    {
        var samples = X.Shape[0];
        for (var start = 0; start < samples; start += batchSize)
        {
            yield return StepBatch.Rows(X, Y, SampleWeight, null, start, Math.Min(batchSize, samples - start));
        }
    }
}
