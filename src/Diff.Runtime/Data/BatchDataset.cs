namespace DiffGen;

/// <summary>
/// Consecutive elements stacked along a new first axis (<see cref="Dataset.Batch"/>). Rows of one sliced source are
/// gathered straight from it — the same rows, in the same order, as <c>Fit</c> on tensors copies.
/// </summary>
internal sealed class BatchDataset : Dataset
{
    private readonly Dataset _source;
    private readonly int _batchSize;
    private readonly bool _dropRemainder;

    public BatchDataset(Dataset source, int batchSize, bool dropRemainder, bool fromArrays)
    {
        _source = source;
        _batchSize = batchSize;
        _dropRemainder = dropRemainder;
        FromArrays = fromArrays;
    }

    /// <summary>Made by the conversion of <c>(x, y)</c> arrays: <c>Fit</c> on tensors batches them with its own batch size.</summary>
    public bool FromArrays { get; }

    /// <summary>The arrays sliced, when this batches a <see cref="Dataset.FromTensorSlices"/> dataset directly.</summary>
    public TensorSlices? Slices => (_source as SlicesDataset)?.Source;

    public override int? Cardinality => _source.Cardinality is { } n ? (_dropRemainder ? n / _batchSize : (n + _batchSize - 1) / _batchSize) : null;

    internal override IEnumerator<DataElement> Elements()
    {
        using var input = _source.Elements();
        var batch = new List<DataElement>(Math.Min(_batchSize, 1 << 16));
        while (true)
        {
            batch.Clear();
            while (batch.Count < _batchSize && input.MoveNext())
            {
                batch.Add(input.Current);
            }

            if (batch.Count == 0 || (_dropRemainder && batch.Count < _batchSize))
            {
                yield break;
            }

            yield return Stack(batch);
        }
    }

    private static DataElement Stack(List<DataElement> elements)
    {
        if (elements[0].Source is { } source && elements.TrueForAll(e => e.Source == source))
        {
            var rows = elements.ConvertAll(e => e.Row).ToArray();
            return DataElement.Of(
                Batches.Rows(source.X, rows, 0, rows.Length),
                source.Y is null ? null : Batches.Rows(source.Y, rows, 0, rows.Length),
                source.SampleWeight is null ? null : Batches.Rows(source.SampleWeight, rows, 0, rows.Length));
        }

        var materialized = elements.ConvertAll(e => e.Materialize());
        return DataElement.Of(
            Stacked("x", materialized.ConvertAll(e => (Tensor?)e.X))!,
            Stacked("y", materialized.ConvertAll(e => e.Y)),
            Stacked("sampleWeight", materialized.ConvertAll(e => e.SampleWeight)));
    }

    private static Tensor? Stacked(string part, List<Tensor?> tensors)
    {
        var first = tensors[0];
        if (first is null)
        {
            return tensors.TrueForAll(t => t is null)
                ? null
                : throw new ArgumentException($"Dataset.Batch: element 0 has no {part} but a later element has one; every element needs the same parts.");
        }

        var size = first.Size;
        var data = new float[tensors.Count * size];
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            if (t is null || t.Shape != first.Shape)
            {
                throw new ArgumentException(
                    $"Dataset.Batch: element {i} has {part} of shape {t?.Shape.ToCompactString() ?? "(none)"} but element 0 has shape {first.Shape.ToCompactString()}; a batch stacks elements of one shape.");
            }

            t.AsSpan().CopyTo(data.AsSpan(i * size, size));
        }

        return Tensor.From(data, [tensors.Count, .. first.Shape.ToArray()]);
    }
}
