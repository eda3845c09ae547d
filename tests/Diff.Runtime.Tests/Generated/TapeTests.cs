using DiffGen.Generated;

namespace DiffGen.Runtime.Tests.Generated;

public class TapeTests
{
    [Fact]
    public void Values_come_back_last_in_first_out_across_buffer_growth()
    {
        var tape = Tape.Rent();
        for (var i = 0; i < 10_000; i++)
        {
            tape.Push(i * 0.5);
            tape.Push(i);
            tape.Push(i % 3 == 0);
        }

        Assert.Equal(30_000, tape.Count);
        for (var i = 9_999; i >= 0; i--)
        {
            Assert.Equal(i % 3 == 0, tape.PopBool());
            Assert.Equal(i, tape.PopInt());
            Assert.Equal(i * 0.5, tape.Pop());
        }

        Assert.Equal(0, tape.Count);
        Tape.Return(tape);
    }

    [Fact]
    public void Rented_tapes_are_reused_on_the_same_thread_and_nested_rents_get_distinct_tapes()
    {
        var outer = Tape.Rent();
        var inner = Tape.Rent();
        Assert.NotSame(outer, inner);
        Tape.Return(inner);
        Tape.Return(outer);

        var again = Tape.Rent();
        Assert.Same(outer, again);
        Assert.Equal(0, again.Count);
        Tape.Return(again);
    }

    [Fact]
    public void A_returned_tape_is_empty_even_if_its_call_failed_half_way()
    {
        var tape = Tape.Rent();
        tape.Push(1.0);
        tape.Push(2.0);
        Tape.Return(tape);
        var next = Tape.Rent();
        Assert.Equal(0, next.Count);
        Tape.Return(next);
    }

    [Fact]
    public void Float_Half_and_other_number_values_are_stored_exactly_as_doubles()
    {
        var tape = Tape.Rent();
        tape.Push(0.1f);
        tape.Push((Half)0.3);
        tape.Push<double>(0.7);
        Assert.Equal(0.7, tape.Pop());
        Assert.Equal((Half)0.3, Half.CreateTruncating(tape.Pop()));
        Assert.Equal(0.1f, (float)tape.Pop());
        Tape.Return(tape);
    }
}
