namespace DiffGen;

/// <summary>The elements of <see cref="Dataset.FromTensorSlices"/>: one per row of the arrays.</summary>
internal sealed class SlicesDataset(TensorSlices source) : Dataset
{
    public TensorSlices Source { get; } = source;

    public override int? Cardinality => Source.Count;

    internal override IEnumerator<DataElement> Elements()
    {
        for (var row = 0; row < Source.Count; row++)
        {
            yield return DataElement.Slice(Source, row);
        }
    }
}
