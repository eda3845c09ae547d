using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace DiffGen.Generated;

/// <summary>
/// The value stack generated gradients record on (Tapenade's PUSH/POP), held in the generated method's locals: a
/// struct of a buffer and a count, so once <see cref="Push(double)"/> and <see cref="Pop"/> are inlined the JIT
/// keeps both in registers. Room is made by <see cref="Reserve"/> at the top of every loop iteration that pushes,
/// for all the pushes the iteration and its enclosing levels can still make (the generator counts them), so a push
/// is one store and no call: a call in a loop, even on a path never taken, makes the JIT keep the loop's
/// floating-point values in memory (no xmm register survives a call). A push without reserved room fails with
/// <see cref="IndexOutOfRangeException"/>, never writes out of bounds. Buffers are pooled per thread and come from
/// <see cref="ArrayPool{T}"/>, so after warm-up a gradient call allocates nothing. Called by generated code only;
/// a copy of the struct is a second cursor over the same buffer, so generated code never copies it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct LocalTape
{
    private const int PoolSize = 16;
    private const int InitialCapacity = 256;

    [ThreadStatic]
    private static double[]?[]? pool;

    [ThreadStatic]
    private static int pooled;

    private double[] values;
    private int count;

    private LocalTape(double[] values)
    {
        this.values = values;
        count = 0;
    }

    /// <summary>The number of values on the tape.</summary>
    public readonly int Count => count;

    /// <summary>An empty tape for one gradient call; nested calls (a pullback calling a pullback) each get their own buffer.</summary>
    public static LocalTape Rent()
    {
        if (pooled > 0)
        {
            var buffer = pool![--pooled]!;
            pool[pooled] = null;
            return new LocalTape(buffer);
        }

        return new LocalTape(ArrayPool<double>.Shared.Rent(InitialCapacity));
    }

    /// <summary>Gives the tape's buffer back for the next call on this thread (whatever is left on it is dropped).</summary>
    public static void Return(LocalTape tape)
    {
        pool ??= new double[PoolSize][];
        if (pooled < PoolSize)
        {
            pool[pooled++] = tape.values;
        }
        else
        {
            ArrayPool<double>.Shared.Return(tape.values);
        }
    }

    /// <summary>Makes room for <paramref name="pushes"/> more values; the only place a push can lead to a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reserve(int pushes)
    {
        if (values.Length - count < pushes)
        {
            values = Grow(values, count, pushes);
        }
    }

    /// <summary>Records a value for the reverse sweep, into room made by <see cref="Reserve"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value) => values[count++] = value;

    /// <summary>Integers (loop counters, indices, counts) are stored exactly as doubles (|n| &lt; 2⁵³).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value) => values[count++] = value;

    /// <summary>float values are stored exactly as doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float value) => values[count++] = value;

    /// <summary>
    /// Values of a generic method's floating-point type (float, double, Half) are stored exactly as doubles; the
    /// reverse sweep takes them back with <c>T.CreateTruncating(tape.Pop())</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push<T>(T value)
        where T : System.Numerics.INumberBase<T>
        => values[count++] = double.CreateTruncating(value);

    /// <summary>Flags (a branch taken, a loop left early) are stored as 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => values[count++] = value ? 1.0 : 0.0;

    /// <summary>Takes back the flag pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBool() => values[--count] != 0;

    /// <summary>Takes back the value pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Pop() => values[--count];

    /// <summary>Takes back the integer pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => (int)values[--count];

    // Out of line: the rare path stays out of the loops that Reserve is inlined into.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double[] Grow(double[] values, int count, int pushes)
    {
        var larger = ArrayPool<double>.Shared.Rent(Math.Max(values.Length * 2, count + pushes));
        Array.Copy(values, larger, count);
        ArrayPool<double>.Shared.Return(values);
        return larger;
    }
}
