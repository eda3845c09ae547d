using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DiffGen.Generated;

/// <summary>
/// A multidimensional array's elements as one span, in the row-major order .NET stores them (<c>a[i, j]</c> is element
/// <c>i · a.GetLength(1) + j</c>): how generated gradients read a <c>double[,]</c> parameter and write its gradient.
/// Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FlatSpan
{
    /// <summary>
    /// Every element of <paramref name="array"/>; empty for null, so that the method's own argument check (which runs
    /// after this) reports a null array as the primal does.
    /// </summary>
    /// <exception cref="ArgumentException">The array's elements are not of type <typeparamref name="T"/>.</exception>
    public static Span<T> Of<T>(Array? array)
    {
        if (array is null)
        {
            return Span<T>.Empty;
        }

        if (array.GetType().GetElementType() != typeof(T))
        {
            throw new ArgumentException($"Expected an array of {typeof(T).Name}, got {array.GetType().Name}.", nameof(array));
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);
    }
}
