namespace DiffGen;

/// <summary>
/// Tensor arrays released by a <see cref="TensorScope"/> (or by an optimizer, for a variable's old value no one can
/// read), kept for the next tensors of the same length. Arrays of at least 1 KB are kept, so that a training step in a
/// scope allocates almost nothing after the first (the garbage collector's cost is per byte allocated, and a large
/// array also costs page faults); smaller ones are left to the garbage collector. Arrays come back with
/// whatever values they held; <see cref="RentZeroed"/> clears them. The pool holds at most
/// <see cref="MaxPooledBytes"/>; an array that would overflow it empties it first (what it held was of sizes no longer
/// in use), unless that array alone is above a quarter of it: then the array is left to the garbage collector.
/// </summary>
internal static class TensorBufferPool
{
    /// <summary>The shortest float array kept: 1 KB.</summary>
    internal const int MinLength = 256;

    /// <summary>At most 256 MB, and at most 1/16 of the memory the garbage collector may use.</summary>
    internal static readonly long MaxPooledBytes = Math.Min(256L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16);

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, Stack<float[]>> Free = [];
    private static long s_pooledBytes;

    /// <summary>Bytes held for reuse now.</summary>
    internal static long PooledBytes => Interlocked.Read(ref s_pooledBytes);

    /// <summary>An array of <paramref name="length"/> with unspecified contents, for a result that writes every element.</summary>
    public static float[] Rent(int length)
        => TryTake(length) ?? (length >= MinLength ? GC.AllocateUninitializedArray<float>(length) : new float[length]);

    /// <summary>An array of <paramref name="length"/> zeros.</summary>
    public static float[] RentZeroed(int length)
    {
        if (TryTake(length) is { } array)
        {
            Array.Clear(array);
            return array;
        }

        return new float[length];
    }

    /// <summary>Keeps <paramref name="array"/> for reuse; the caller must hold the only reference to it.</summary>
    public static void Return(float[] array)
    {
        if (array.Length < MinLength)
        {
            return;
        }

        lock (Gate)
        {
            var bytes = (long)array.Length * sizeof(float);
            if (s_pooledBytes + bytes > MaxPooledBytes)
            {
                if (bytes > MaxPooledBytes / 4)
                {
                    return;
                }

                // Full: the arrays kept are of sizes the program stopped using (a loop over new shapes fills the pool
                // with its own sizes within a step or two). Forget them rather than refuse every array from now on.
                Free.Clear();
                s_pooledBytes = 0;
            }

            if (!Free.TryGetValue(array.Length, out var stack))
            {
                Free[array.Length] = stack = new Stack<float[]>();
            }

            stack.Push(array);
            s_pooledBytes += bytes;
        }
    }

    /// <summary>Forgets every pooled array (tests; memory pressure).</summary>
    internal static void Clear()
    {
        lock (Gate)
        {
            Free.Clear();
            s_pooledBytes = 0;
        }
    }

    private static float[]? TryTake(int length)
    {
        if (length < MinLength || Interlocked.Read(ref s_pooledBytes) == 0)
        {
            return null;
        }

        lock (Gate)
        {
            if (Free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
            {
                s_pooledBytes -= (long)length * sizeof(float);
                return array;
            }
        }

        return null;
    }
}
