namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// The global seed stream (<see cref="RandomSeed.Set"/>) against the scoped one (<see cref="RandomSeed.Scope"/>).
/// Setting the global stream is process-wide, and any test building an unseeded layer draws from it: this class runs
/// alone (<see cref="ProcessWideStateCollection"/>).
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class RandomSeedTests
{
    [Fact]
    public void Set_restarts_the_global_stream_and_consecutive_layers_differ()
    {
        RandomSeed.Set(42);
        var first = Kernel();
        RandomSeed.Set(42);
        var second = Kernel();
        var third = Kernel();

        Assert.Equal(first, second);
        Assert.NotEqual(second, third);
    }

    [Fact]
    public void A_scope_neither_reads_nor_moves_the_global_stream()
    {
        RandomSeed.Set(7);
        var globalFirst = Kernel();
        var globalSecond = Kernel();

        RandomSeed.Set(7);
        float[] scoped;
        using (RandomSeed.Scope(7))
        {
            scoped = Kernel();
        }

        // The global stream is where Set left it, and the scope's stream is its own (same seed, same draws).
        Assert.Equal(globalFirst, Kernel());
        Assert.Equal(globalSecond, Kernel());
        Assert.Equal(globalFirst, scoped);
    }

    [Fact]
    public void Draws_on_another_thread_do_not_move_a_scope_and_scopes_nest()
    {
        float[] expected, expectedAfterInner;
        using (RandomSeed.Scope(5))
        {
            expected = Kernel();
            expectedAfterInner = Kernel();
        }

        using (RandomSeed.Scope(5))
        {
            Assert.Equal(expected, Kernel());

            // A thread that does not inherit the scope draws from the global stream.
            var other = new Thread(() => Kernel());
            other.UnsafeStart();
            other.Join();

            using (RandomSeed.Scope(99))
            {
                _ = Kernel();
            }

            Assert.Equal(expectedAfterInner, Kernel());
        }
    }

    /// <summary>An unseeded Dense layer's glorot-uniform kernel: one draw from whichever stream is in use.</summary>
    private static float[] Kernel()
    {
        var dense = new Dense(3);
        dense.Build(4);
        return dense.Kernel!.ToArray();
    }
}
