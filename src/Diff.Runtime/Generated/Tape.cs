using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace DiffGen.Generated;

/// <summary>
/// The value stack generated gradients record on (Tapenade's PUSH/POP): the forward sweep pushes only what the
/// reverse sweep will need and cannot recompute — values a loop overwrites, old array elements — and the reverse
/// sweep pops them in the opposite order. Tapes are pooled per thread and their buffers come from
/// <see cref="ArrayPool{T}"/>, so after warm-up a gradient call allocates nothing. Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Tape
{
    private const int PoolSize = 16;
    private const int InitialCapacity = 256;

    [ThreadStatic]
    private static Tape?[]? pool;

    [ThreadStatic]
    private static int pooled;

    private double[] values = ArrayPool<double>.Shared.Rent(InitialCapacity);
    private int count;

    private Tape()
    {
    }

    /// <summary>The number of values on the tape.</summary>
    public int Count => count;

    /// <summary>A tape for one gradient call; nested calls (a pullback calling a pullback) each get their own.</summary>
    public static Tape Rent()
    {
        if (pooled > 0)
        {
            var tape = pool![--pooled]!;
            pool[pooled] = null;
            return tape;
        }

        return new Tape();
    }

    /// <summary>Gives the tape back for the next call on this thread; it must be empty unless the call failed.</summary>
    public static void Return(Tape tape)
    {
        tape.count = 0;
        pool ??= new Tape?[PoolSize];
        if (pooled < PoolSize)
        {
            pool[pooled++] = tape;
        }
    }

    /// <summary>Records a value for the reverse sweep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        if (count == values.Length)
        {
            Grow();
        }

        values[count++] = value;
    }

    /// <summary>Integers (loop counters, indices, counts) are stored exactly as doubles (|n| &lt; 2⁵³).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value) => Push((double)value);

    /// <summary>float values are stored exactly as doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float value) => Push((double)value);

    /// <summary>
    /// Values of a generic method's floating-point type (float, double, Half) are stored exactly as doubles; the
    /// reverse sweep takes them back with <c>T.CreateTruncating(tape.Pop())</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push<T>(T value)
        where T : System.Numerics.INumberBase<T>
        => Push(double.CreateTruncating(value));

    /// <summary>Flags (a branch taken, a loop left early) are stored as 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => Push(value ? 1.0 : 0.0);

    /// <summary>Takes back the flag pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBool() => values[--count] != 0;

    /// <summary>Takes back the value pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Pop() => values[--count];

    /// <summary>Takes back the integer pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => (int)values[--count];

    private void Grow()
    {
        var larger = ArrayPool<double>.Shared.Rent(values.Length * 2);
        Array.Copy(values, larger, count);
        ArrayPool<double>.Shared.Return(values);
        values = larger;
    }
}
