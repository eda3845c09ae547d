namespace DiffGen;

/// <summary>
/// A source of elements for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>, after <c>tf.data.Dataset</c>, which Keras
/// takes as its data: each element is <c>(x, y)</c>, <c>(x, y, sampleWeight)</c> or <c>x</c> alone, and a model reads
/// each element as one batch. Build one from arrays and chain transformations, each returning a new dataset:
/// <code>
/// var train = Dataset.FromTensorSlices(x, y).Shuffle(1000, seed: 1).Batch(32).Prefetch(2);
/// model.Fit(train, epochs: 5, validationData: Dataset.FromTensorSlices(xVal, yVal).Batch(64));
/// </code>
/// Enumerating a dataset (<c>foreach (var (x, y, w) in ds)</c>) starts a new pass each time, as iterating a
/// <c>tf.data.Dataset</c> does: a shuffled dataset visits a new order on every pass, reproducible from its seed.
/// </summary>
public abstract class Dataset : IEnumerable<(Tensor X, Tensor? Y, Tensor? SampleWeight)>
{
    private protected Dataset()
    {
    }

    /// <summary>
    /// The number of elements a pass gives, when known (tf.data's <c>cardinality()</c>); null for a generator, whose
    /// length is known only by running it.
    /// </summary>
    public abstract int? Cardinality { get; }

    /// <summary>Validation data as arrays, <c>validationData: (xVal, yVal)</c>: their slices in batches of 32, or of <c>Fit</c>'s <c>batchSize</c>.</summary>
    public static implicit operator Dataset((Tensor X, Tensor Y) data) => new BatchDataset(FromTensorSlices(data.X, data.Y), 32, false, fromArrays: true);

    /// <summary>Weighted validation data as arrays, <c>validationData: (xVal, yVal, weights)</c> (Keras' 3-tuple).</summary>
    public static implicit operator Dataset((Tensor X, Tensor Y, Tensor SampleWeight) data) =>
        new BatchDataset(FromTensorSlices(data.X, data.Y, data.SampleWeight), 32, false, fromArrays: true);

    /// <summary>
    /// One element per sample, the rows of <paramref name="x"/> (and of <paramref name="y"/> and
    /// <paramref name="sampleWeight"/>) along their first axis — tf.data's <c>from_tensor_slices</c>. Follow it with
    /// <see cref="Batch"/> for training.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is a scalar, or the tensors' first dimensions differ (the message names the shapes).</exception>
    public static Dataset FromTensorSlices(Tensor x, Tensor? y = null, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        foreach (var (name, tensor) in new[] { ("y", y), ("sampleWeight", sampleWeight) })
        {
            if (x.Rank == 0 || (tensor is not null && (tensor.Rank == 0 || tensor.Shape[0] != x.Shape[0])))
            {
                throw new ArgumentException(
                    $"Dataset.FromTensorSlices: x has shape {x.Shape.ToCompactString()} and {name} has shape {tensor?.Shape.ToCompactString() ?? "(none)"}; every tensor needs the same number of samples along its first axis.");
            }
        }

        return new SlicesDataset(new TensorSlices(x, y, sampleWeight));
    }

    /// <summary>
    /// One element made of the whole tensors — tf.data's <c>from_tensors</c>: a model fitted on it takes all the
    /// samples as one batch. (For one element per sample use <see cref="FromTensorSlices"/>.)
    /// </summary>
    public static Dataset FromTensors(Tensor x, Tensor? y = null, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new GeneratorDataset(() => [DataElement.Of(x, y, sampleWeight)], cardinality: 1);
    }

    /// <summary>
    /// The elements an enumerable gives, enumerated anew on each pass (tf.data's <c>from_generator</c>): e.g. batches
    /// read from disk by an iterator method. Its <see cref="Cardinality"/> is unknown.
    /// </summary>
    public static Dataset FromGenerator(IEnumerable<(Tensor X, Tensor Y)> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new GeneratorDataset(() => elements.Select(e => DataElement.Of(e.X, e.Y, null)), cardinality: null);
    }

    /// <summary>Weighted elements <c>(x, y, sampleWeight)</c> an enumerable gives, enumerated anew on each pass.</summary>
    public static Dataset FromGenerator(IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new GeneratorDataset(() => elements.Select(e => DataElement.Of(e.X, e.Y, e.SampleWeight)), cardinality: null);
    }

    /// <summary>Inputs alone (for <c>Predict</c>) an enumerable gives, enumerated anew on each pass.</summary>
    public static Dataset FromGenerator(IEnumerable<Tensor> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new GeneratorDataset(() => elements.Select(x => DataElement.Of(x, null, null)), cardinality: null);
    }

    /// <summary>
    /// The elements an asynchronous stream gives, enumerated anew on each pass; <c>Fit</c> waits for each one.
    /// </summary>
    public static Dataset FromAsyncGenerator(IAsyncEnumerable<(Tensor X, Tensor Y)> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new GeneratorDataset(() => Blocking(elements), cardinality: null);

        static IEnumerable<DataElement> Blocking(IAsyncEnumerable<(Tensor X, Tensor Y)> source)
        {
            var e = source.GetAsyncEnumerator();
            try
            {
                while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                {
                    yield return DataElement.Of(e.Current.X, e.Current.Y, null);
                }
            }
            finally
            {
                e.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// tf.data's <c>shuffle</c>: elements pass through a buffer of <paramref name="bufferSize"/>, and each one given is
    /// drawn at random from the buffer (and replaced by the next element). A buffer at least as large as the dataset
    /// shuffles uniformly. Every pass draws a new order (<c>reshuffle_each_iteration</c>); the sequence of orders is
    /// fixed by <paramref name="seed"/> (by the global seed stream, <see cref="RandomSeed"/>, when null).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is less than 1.</exception>
    public Dataset Shuffle(int bufferSize, int? seed = null)
    {
        if (bufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "Dataset.Shuffle: bufferSize must be at least 1.");
        }

        return new ShuffleDataset(this, bufferSize, seed ?? RandomSeed.Next());
    }

    /// <summary>
    /// tf.data's <c>batch</c>: <paramref name="batchSize"/> consecutive elements stacked along a new first axis; the
    /// last batch is smaller unless <paramref name="dropRemainder"/>, which drops it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public Dataset Batch(int batchSize, bool dropRemainder = false)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Dataset.Batch: batchSize must be at least 1.");
        }

        return new BatchDataset(this, batchSize, dropRemainder, fromArrays: false);
    }

    /// <summary>
    /// tf.data's <c>prefetch</c>: a background thread prepares up to <paramref name="bufferSize"/> elements ahead of
    /// the consumer. An exception in the upstream pipeline is thrown to the consumer (after the elements before it);
    /// when enumeration stops, early or not, the thread is stopped and joined.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is less than 1.</exception>
    public Dataset Prefetch(int bufferSize)
    {
        if (bufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "Dataset.Prefetch: bufferSize must be at least 1.");
        }

        return new PrefetchDataset(this, bufferSize);
    }

    /// <summary>tf.data's <c>take</c>: the first <paramref name="count"/> elements of each pass.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Dataset Take(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Dataset.Take: count must be at least 0.");
        }

        return new TakeDataset(this, count);
    }

    /// <summary>A new pass over the elements, as tensors.</summary>
    public IEnumerator<(Tensor X, Tensor? Y, Tensor? SampleWeight)> GetEnumerator()
    {
        using var elements = Elements();
        while (elements.MoveNext())
        {
            yield return elements.Current.Materialize();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A new pass over the elements, rows of sliced arrays left as references.</summary>
    internal abstract IEnumerator<DataElement> Elements();
}
