using DiffGen.Generated;

namespace DiffGen.Runtime.Tests.Generated;

public class LocalTapeTests
{
    [Fact]
    public void Values_come_back_last_in_first_out_across_buffer_growth()
    {
        var tape = LocalTape.Rent();
        for (var i = 0; i < 10_000; i++)
        {
            tape.Reserve(5);
            tape.Push(i * 0.5);
            tape.Push(i);
            tape.Push(i % 3 == 0);
            tape.Push(0.25f);
            tape.Push((Half)0.5);
        }

        Assert.Equal(50_000, tape.Count);
        for (var i = 9_999; i >= 0; i--)
        {
            Assert.Equal((Half)0.5, Half.CreateTruncating(tape.Pop()));
            Assert.Equal(0.25f, (float)tape.Pop());
            Assert.Equal(i % 3 == 0, tape.PopBool());
            Assert.Equal(i, tape.PopInt());
            Assert.Equal(i * 0.5, tape.Pop());
        }

        Assert.Equal(0, tape.Count);
        LocalTape.Return(tape);
    }

    [Fact]
    public void A_reservation_larger_than_twice_the_buffer_is_met_at_once()
    {
        var tape = LocalTape.Rent();
        tape.Reserve(100_000);
        for (var i = 0; i < 100_000; i++)
        {
            tape.Push(i);
        }

        Assert.Equal(99_999, tape.PopInt());
        LocalTape.Return(tape);
    }

    [Fact]
    public void A_push_without_reserved_room_throws_and_writes_nothing_out_of_bounds()
    {
        var tape = LocalTape.Rent();
        tape.Reserve(1);
        var pushed = 0;
        Assert.Throws<IndexOutOfRangeException>((Action)(() =>
        {
            while (true)
            {
                tape.Push(1.0);
                pushed++;
            }
        }));
        Assert.True(pushed >= 1);
        LocalTape.Return(tape);
    }

    [Fact]
    public void Buffers_are_reused_on_the_same_thread_with_nothing_allocated()
    {
        static int Call()
        {
            var outer = LocalTape.Rent();
            var inner = LocalTape.Rent(); // a pullback calling a pullback: two tapes at once
            outer.Reserve(300);
            inner.Reserve(300);
            for (var i = 0; i < 300; i++)
            {
                outer.Push(i);
                inner.Push(-i);
            }

            var last = outer.PopInt() - inner.PopInt();
            LocalTape.Return(inner);
            LocalTape.Return(outer);
            return last;
        }

        Assert.Equal(598, Call());
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum += Call();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(59_800, sum);
    }

    [Fact]
    public void A_rented_tape_is_empty_even_if_the_last_call_failed_half_way()
    {
        var tape = LocalTape.Rent();
        tape.Reserve(2);
        tape.Push(1.0);
        tape.Push(2.0);
        LocalTape.Return(tape);
        Assert.Equal(0, LocalTape.Rent().Count);
    }
}
