namespace DiffGen.Runtime.Tests.Autodiff;

/// <summary>
/// A used, disposed, non-persistent tape hands its emptied record to the thread's next tape (no collections allocated
/// and grown again every training step). The old tape must not reach into the record it gave away, and the next
/// tape must start from nothing.
/// </summary>
public sealed class TapeRecordReuseTests
{
    [Fact]
    public void A_tape_used_again_after_passing_its_record_on_does_not_touch_the_next_tapes()
    {
        var x = Tensor.From([1f, 2f, 3f], 3);
        var first = new GradientTape();
        first.Watch(x);
        var g1 = first.Gradient(Ops.ReduceSum(x * x), x);
        first.Dispose();
        Assert.Equal([2f, 4f, 6f], g1.ToArray());

        using var second = new GradientTape();
        first.Watch(x); // the first tape's record went to the second: this must not make the second track x
        var y = Ops.ReduceSum(x * x);
        Assert.Null(second.Gradient(y, [x])[0]);
    }

    [Fact]
    public void The_next_tape_starts_empty_and_gives_its_own_gradients()
    {
        var w = new Variable(Tensor.From([1f, -1f], 2));
        var v = new Variable(Tensor.From([0.5f], 1));
        for (var step = 0; step < 3; step++)
        {
            using var tape = new GradientTape();
            var loss = step % 2 == 0 ? Ops.ReduceSum((Tensor)w * w) : Ops.ReduceSum((Tensor)v * 3f);
            Assert.Equal(step % 2 == 0 ? [w] : [v], tape.WatchedVariables);
            var grads = tape.Gradient(loss, [w, v]);
            Assert.Equal(step % 2 == 0 ? new[] { 2f, -2f } : null, grads[0]?.ToArray());
            Assert.Equal(step % 2 == 0 ? null : new[] { 3f }, grads[1]?.ToArray());
        }
    }

    [Fact]
    public void A_persistent_tape_keeps_its_record_for_every_gradient()
    {
        var x = Tensor.From([2f], 1);
        using var persistent = new GradientTape(persistent: true);
        persistent.Watch(x);
        var y = x * x * x;
        using (var other = new GradientTape())
        {
            other.Watch(x);
            _ = other.Gradient(Ops.ReduceSum(x * 5f), x);
        }

        Assert.Equal([12f], persistent.Gradient(y, x).ToArray());
        Assert.Equal([12f], persistent.Gradient(y, x).ToArray());
    }
}
