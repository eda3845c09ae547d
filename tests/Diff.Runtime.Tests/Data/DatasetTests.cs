namespace DiffGen.Runtime.Tests.Data;

/// <summary>The <see cref="Dataset"/> transformations, with tf.data's semantics.</summary>
public sealed class DatasetTests
{
    private static Tensor Range(int count, int width = 1) => Tensor.From([.. Enumerable.Range(0, count * width).Select(i => (float)i)], count, width);

    private static List<float[]> Xs(Dataset dataset) => [.. dataset.Select(e => e.X.ToArray())];

    [Fact]
    public void Slices_give_one_element_per_row_and_batches_stack_them()
    {
        var x = Range(7, 2);
        var y = Tensor.From([.. Enumerable.Range(0, 7).Select(i => i * 10f)], 7);
        var slices = Dataset.FromTensorSlices(x, y);
        Assert.Equal(7, slices.Cardinality);
        var (x3, y3, w3) = slices.ElementAt(3);
        Assert.Equal([2], x3.Shape.ToArray());
        Assert.Equal(new float[] { 6, 7 }, x3.ToArray());
        Assert.Equal(30f, y3!.Item);
        Assert.Null(w3);

        var batches = slices.Batch(3).ToList();
        Assert.Equal(3, slices.Batch(3).Cardinality);
        Assert.Equal([3, 3, 1], batches.Select(b => b.X.Shape[0]));
        Assert.Equal(new float[] { 6, 7, 8, 9, 10, 11 }, batches[1].X.ToArray());
        Assert.Equal(new float[] { 60 }, batches[2].Y!.ToArray());

        Assert.Equal(2, slices.Batch(3, dropRemainder: true).Count());
        Assert.Equal(2, slices.Batch(3, dropRemainder: true).Cardinality);
    }

    [Fact]
    public void Batching_materialized_elements_stacks_them_on_a_new_axis()
    {
        var elements = Enumerable.Range(0, 5).Select(i => (Tensor.From(new float[] { i, -i }, 2), Tensor.From(new float[] { i })));
        var batches = Dataset.FromGenerator(elements).Batch(2).ToList();
        Assert.Null(Dataset.FromGenerator(elements).Cardinality);
        Assert.Equal([2, 2], batches[0].X.Shape.ToArray());
        Assert.Equal(new float[] { 2, -2, 3, -3 }, batches[1].X.ToArray());
        Assert.Equal([2, 1], batches[1].Y!.Shape.ToArray());
        Assert.Equal([1, 2], batches[2].X.Shape.ToArray());

        // The same batches as slicing arrays: the fast path and the general one agree.
        var sliced = Dataset.FromTensorSlices(Tensor.From(new float[] { 0, 0, 1, -1, 2, -2, 3, -3, 4, -4 }, 5, 2)).Batch(2).ToList();
        Assert.Equal(sliced.Select(b => b.X.ToArray()), batches.Select(b => b.X.ToArray()));
    }

    [Fact]
    public void Batching_elements_of_different_shapes_is_an_error_naming_them()
    {
        var elements = new[] { (Tensor.Ones(2), Tensor.Ones(1)), (Tensor.Ones(3), Tensor.Ones(1)) };
        var error = Assert.Throws<ArgumentException>(() => Dataset.FromGenerator(elements).Batch(2).ToList());
        Assert.Contains("element 1 has x of shape (3,)", error.Message);
        Assert.Contains("(2,)", error.Message);
    }

    [Fact]
    public void From_tensors_is_one_element_of_the_whole_tensors()
    {
        var dataset = Dataset.FromTensors(Range(4), Range(4));
        Assert.Equal(1, dataset.Cardinality);
        var only = Assert.Single(dataset);
        Assert.Equal([4, 1], only.X.Shape.ToArray());

        // tf.data: batching it adds an axis.
        Assert.Equal([1, 4, 1], dataset.Batch(8).Single().X.Shape.ToArray());
    }

    [Fact]
    public void Slices_of_different_lengths_are_an_error_naming_the_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Dataset.FromTensorSlices(Range(4), Range(3)));
        Assert.Contains("(4,1)", error.Message);
        Assert.Contains("(3,1)", error.Message);
    }

    [Fact]
    public void Take_gives_the_first_elements_of_each_pass()
    {
        var dataset = Dataset.FromTensorSlices(Range(10)).Batch(3).Take(2);
        Assert.Equal(2, dataset.Cardinality);
        Assert.Equal([new float[] { 0, 1, 2 }, [3, 4, 5]], Xs(dataset));
        Assert.Empty(Dataset.FromTensorSlices(Range(10)).Take(0));
        Assert.Equal(10, Dataset.FromTensorSlices(Range(10)).Take(50).Count());
    }

    [Fact]
    public void Shuffle_visits_every_sample_once_per_pass_in_a_new_order_each_pass()
    {
        var dataset = Dataset.FromTensorSlices(Range(50)).Shuffle(50, seed: 7);
        var passes = Enumerable.Range(0, 4).Select(_ => dataset.Select(e => (int)e.X.Item).ToArray()).ToList();
        foreach (var pass in passes)
        {
            Assert.Equal(Enumerable.Range(0, 50), pass.Order());
        }

        Assert.Equal(4, passes.Select(p => string.Join(",", p)).Distinct().Count());
        Assert.NotEqual(Enumerable.Range(0, 50), passes[0]);

        // The same seed gives the same sequence of orders; another seed another one.
        var again = Dataset.FromTensorSlices(Range(50)).Shuffle(50, seed: 7);
        Assert.Equal(passes, Enumerable.Range(0, 4).Select(_ => again.Select(e => (int)e.X.Item).ToArray()).ToList());
        var other = Dataset.FromTensorSlices(Range(50)).Shuffle(50, seed: 8);
        Assert.NotEqual(passes[0], other.Select(e => (int)e.X.Item).ToArray());
    }

    [Fact]
    public void A_small_shuffle_buffer_only_draws_from_the_elements_read_so_far()
    {
        // Buffer 1: the order is unchanged (tf.data). Buffer 3: the k-th element given is among the first k + 3.
        Assert.Equal(Enumerable.Range(0, 20), Dataset.FromTensorSlices(Range(20)).Shuffle(1, seed: 1).Select(e => (int)e.X.Item));
        for (var seed = 0; seed < 20; seed++)
        {
            var order = Dataset.FromTensorSlices(Range(20)).Shuffle(3, seed).Select(e => (int)e.X.Item).ToArray();
            Assert.Equal(Enumerable.Range(0, 20), order.Order());
            for (var k = 0; k < order.Length; k++)
            {
                Assert.True(order[k] < k + 3, $"seed {seed}: element {k} is {order[k]}");
            }
        }
    }

    [Fact]
    public void Shuffle_then_batch_gives_batches_of_distinct_samples_covering_all()
    {
        var batches = Dataset.FromTensorSlices(Range(10), Range(10)).Shuffle(10, seed: 2).Batch(4).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.X.Shape[0]));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), batches.SelectMany(b => b.X.ToArray()).Order());

        // x and y stay paired.
        Assert.All(batches, b => Assert.Equal(b.X.ToArray(), b.Y!.ToArray()));
    }

    [Fact]
    public void Prefetch_gives_the_same_elements_in_order()
    {
        var dataset = Dataset.FromTensorSlices(Range(23)).Batch(4);
        Assert.Equal(Xs(dataset), Xs(dataset.Prefetch(2)));
        Assert.Equal(Xs(dataset), Xs(dataset.Prefetch(100)));
        Assert.Equal(6, dataset.Prefetch(2).Cardinality);
    }

    [Fact]
    public void Prefetch_passes_an_upstream_exception_to_the_consumer_after_the_elements_before_it()
    {
        IEnumerable<(Tensor X, Tensor Y)> Failing()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return (Tensor.From(new float[] { i }, 1), Tensor.From(new float[] { i }, 1));
            }

            throw new InvalidDataException("record 3 is damaged");
        }

        var seen = new List<float>();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var (x, _, _) in Dataset.FromGenerator(Failing()).Prefetch(2))
            {
                seen.Add(x.Item);
            }
        });
        Assert.Equal("record 3 is damaged", error.Message);
        Assert.Equal(new float[] { 0, 1, 2 }, seen);
    }

    [Fact]
    public void Stopping_early_stops_and_joins_the_prefetch_thread()
    {
        var disposed = 0;
        var produced = 0;
        IEnumerable<Tensor> Endless()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    Interlocked.Increment(ref produced);
                    yield return Tensor.From(new float[] { i }, 1);
                }
            }
            finally
            {
                Interlocked.Increment(ref disposed);
            }
        }

        var dataset = Dataset.FromGenerator(Endless()).Prefetch(3);
        foreach (var (x, _, _) in dataset)
        {
            if (x.Item == 5)
            {
                break;
            }
        }

        // The thread disposed the upstream pass before the consumer's enumerator returned from Dispose.
        Assert.Equal(1, Volatile.Read(ref disposed));

        // And it is gone: no more elements are produced (at most the bounded buffer ran ahead).
        var after = Volatile.Read(ref produced);
        Assert.InRange(after, 6, 6 + 3 + 1);
        Assert.Equal(after, Volatile.Read(ref produced));

        // A dataset enumerated but disposed before its first element starts no thread at all.
        dataset.GetEnumerator().Dispose();
        Assert.Equal(1, Volatile.Read(ref disposed));
    }

    [Fact]
    public void Invalid_arguments_are_errors_naming_them()
    {
        var dataset = Dataset.FromTensorSlices(Range(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Batch(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Shuffle(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Prefetch(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Take(-1));
    }
}
