using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace DiffGen.Generated;

/// <summary>
/// Vector kernels generated gradients call on whole buffers (SIMD through <see cref="TensorPrimitives"/>), e.g. to
/// add a fused loop's unit gradient, scaled by the adjoint of its sum, into a gradient buffer.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GradientKernels
{
    /// <summary><c>destination[i] += scale · source[i]</c>.</summary>
    public static void AddScaled(Span<double> destination, double scale, ReadOnlySpan<double> source)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"AddScaled: source has length {source.Length} but destination has length {destination.Length}.", nameof(source));
        }

        TensorPrimitives.MultiplyAdd(source, scale, destination, destination);
    }

    /// <summary><c>destination[i] += scale · source[i]</c>, in float.</summary>
    public static void AddScaled(Span<float> destination, float scale, ReadOnlySpan<float> source)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"AddScaled: source has length {source.Length} but destination has length {destination.Length}.", nameof(source));
        }

        TensorPrimitives.MultiplyAdd(source, scale, destination, destination);
    }

    /// <summary><c>destination[i] += scale · source[i]</c>, in a generic math method's type (float, double, Half).</summary>
    public static void AddScaled<T>(Span<T> destination, T scale, ReadOnlySpan<T> source)
        where T : System.Numerics.INumberBase<T>
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"AddScaled: source has length {source.Length} but destination has length {destination.Length}.", nameof(source));
        }

        TensorPrimitives.MultiplyAdd(source, scale, destination, destination);
    }

    /// <summary>
    /// Clears every element of <paramref name="destination"/> outside [<paramref name="start"/>, <paramref name="end"/>):
    /// what a generated <c>Grad</c> has not stored, when it stored each element of that range exactly once (usually
    /// all but a few). Inlined, element by element, with no call: after a loop, a call (even one not taken) makes the
    /// JIT keep the loop's running sum in memory, since no floating-point register survives a call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ClearOutside<T>(Span<T> destination, int start, int end)
    {
        for (var k = 0; k < start; k++)
        {
            destination[k] = default!;
        }

        for (var k = end; k < destination.Length; k++)
        {
            destination[k] = default!;
        }
    }
}
