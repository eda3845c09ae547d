namespace DiffGen;

/// <summary>The first elements of each pass (<see cref="Dataset.Take"/>).</summary>
internal sealed class TakeDataset(Dataset source, int count) : Dataset
{
    public override int? Cardinality => source.Cardinality is { } n ? Math.Min(n, count) : null;

    internal override IEnumerator<DataElement> Elements()
    {
        if (count == 0)
        {
            yield break;
        }

        using var elements = source.Elements();
        for (var taken = 0; taken < count && elements.MoveNext(); taken++)
        {
            yield return elements.Current;
        }
    }
}
