using System.ComponentModel;
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
}
