namespace DiffGen;

/// <summary>
/// Whole arrays of samples (Keras' array data adapter): inputs, targets and optional sample weights (one array for every
/// output, or one per output; null entries unweighted) — one input and
/// one target array each, or one per input and per output of a functional model.
/// </summary>
internal sealed record ArrayData(Tensor[] X, Tensor[] Y, Tensor?[]? SampleWeights)
{
    public ArrayData(Tensor x, Tensor y, Tensor? sampleWeight)
        : this([x], [y], sampleWeight is null ? null : [sampleWeight])
    {
    }

    /// <summary>The number of samples (every array has as many).</summary>
    public int Samples => X[0].Shape[0];

    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of each array.</summary>
    public ArrayData Rows(int start, int count) => new(
        [.. X.Select(x => Batches.Rows(x, null, start, count))],
        [.. Y.Select(y => Batches.Rows(y, null, start, count))],
        SampleWeights?.Select(w => w is null ? null : Batches.Rows(w, null, start, count)).ToArray());

    /// <summary>The number of batches of <paramref name="batchSize"/>.</summary>
    public int Steps(int batchSize) => (Samples + batchSize - 1) / batchSize;

    /// <summary>The batches in order, the last one possibly smaller.</summary>
    public IEnumerator<StepBatch> InBatches(int batchSize)
    {
        var samples = Samples;
        for (var start = 0; start < samples; start += batchSize)
        {
            yield return StepBatch.Rows(X, Y, SampleWeights, null, start, Math.Min(batchSize, samples - start));
        }
    }
}
