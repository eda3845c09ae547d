using static DiffGen.Generator.Tests.Loops.LoopPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// After warm-up a generated gradient allocates nothing: scalar code stores nothing, and loop code records on a
/// pooled tape whose buffer is reused. Measured in bytes (GC.GetAllocatedBytesForCurrentThread), never in time.
/// </summary>
public class AllocationTests
{
    private static long AllocatedBy(Action call)
    {
        for (var i = 0; i < 20; i++)
        {
            call(); // warm-up: tiering, the tape's pool and its buffer growing to size
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            call();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void A_loop_that_records_on_the_tape_allocates_nothing_after_warm_up()
    {
        // Iterate overwrites a scalar 500 times: 500 values pushed per call, more than the tape's first buffer.
        Assert.Equal(0, AllocatedBy(() => IterateGrad(0.3, 500, out _)));
    }

    [Fact]
    public void Nested_loops_and_calls_allocate_nothing_after_warm_up()
    {
        var w1 = new double[6];
        var b1 = new double[3];
        var w2 = new double[3];
        var (dw1, db1, dw2) = (new double[6], new double[3], new double[3]);
        double[] inputs = { 0.5, -1.0, 0.25, 2.0, -0.5, 1.0 };
        double[] targets = { 0.3, -0.2, 0.7 };
        Assert.Equal(0, AllocatedBy(() => TwoLayerLossGrad(w1, b1, w2, 0.1, inputs, targets, 2, dw1, db1, dw2, out _)));

        double[] a = { 1, 2, 3 };
        double[] b = { 0.5, -1, 2 };
        var (da, db) = (new double[3], new double[3]);
        Assert.Equal(0, AllocatedBy(() => CosineSimilarityGrad(a, b, da, db)));
    }

    [Fact]
    public void Early_exits_from_loops_allocate_nothing_after_warm_up()
    {
        double[] v = { 0.5, -1.0, 2.0, 9.0, 3.0, 1.5 };
        var dv = new double[v.Length];
        Assert.Equal(0, AllocatedBy(() => BreakAndContinueGrad(v, 4.0, dv, out _)));
        Assert.Equal(0, AllocatedBy(() => NewtonSqrtGrad(17.5, out _)));
    }
}
