namespace DiffGen;

/// <summary>
/// tf.data's shuffle buffer (<see cref="Dataset.Shuffle"/>): fill the buffer, then repeatedly give a random element of
/// it and put the next input element in its place; once the input is exhausted, give the rest in random order. Pass k
/// uses the k-th seed drawn from the dataset's seed, so every pass has its own order and the sequence is reproducible.
/// </summary>
internal sealed class ShuffleDataset : Dataset
{
    private readonly Dataset _source;
    private readonly int _bufferSize;
    private readonly Random _seeds;
    private readonly Lock _gate = new();

    public ShuffleDataset(Dataset source, int bufferSize, int seed)
    {
        _source = source;
        _bufferSize = bufferSize;
        _seeds = new Random(seed);
    }

    public override int? Cardinality => _source.Cardinality;

    internal override IEnumerator<DataElement> Elements()
    {
        int passSeed;
        lock (_gate)
        {
            passSeed = _seeds.Next();
        }

        return Shuffled(new Random(passSeed));
    }

    private IEnumerator<DataElement> Shuffled(Random random)
    {
        using var input = _source.Elements();
        var buffer = new List<DataElement>(Math.Min(_bufferSize, 1 << 16));
        while (buffer.Count < _bufferSize && input.MoveNext())
        {
            buffer.Add(input.Current);
        }

        while (buffer.Count > 0)
        {
            var pick = random.Next(buffer.Count);
            var element = buffer[pick];
            if (input.MoveNext())
            {
                buffer[pick] = input.Current;
            }
            else
            {
                buffer[pick] = buffer[^1];
                buffer.RemoveAt(buffer.Count - 1);
            }

            yield return element;
        }
    }
}
