using System.Numerics.Tensors;

namespace DiffGen;

/// <summary>
/// Keras 3's gradient clipping (<c>BaseOptimizer._clip_gradients</c>), in float32 as Keras computes it. Clipped
/// gradients are new arrays; an unclipped gradient is the tensor's own storage, which is only read.
/// </summary>
internal static class GradientClipping
{
    /// <summary>The gradients' storage, clipped by whichever option is set (at most one is); null entries stay null.</summary>
    public static float[]?[] Clip(IReadOnlyList<Tensor?> gradients, double? clipNorm, double? clipValue, double? globalClipNorm)
    {
        var result = new float[]?[gradients.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = gradients[i]?.Data;
        }

        if (clipNorm is { } norm)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = result[i] is { } g ? ByNorm(g, (float)norm) : null;
            }
        }
        else if (globalClipNorm is { } global)
        {
            ByGlobalNorm(result, (float)global);
        }
        else if (clipValue is { } value)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = result[i] is { } g ? ByValue(g, (float)value) : null;
            }
        }

        return result;
    }

    /// <summary><c>g · c / max(‖g‖, c)</c>: unchanged when the norm is at most c (Keras <c>_clip_by_norm</c>).</summary>
    private static float[] ByNorm(float[] gradient, float clipNorm)
    {
        var sumOfSquares = TensorPrimitives.SumOfSquares<float>(gradient);
        var norm = sumOfSquares > 0 ? MathF.Sqrt(sumOfSquares) : sumOfSquares;
        var clipped = new float[gradient.Length];
        TensorPrimitives.Multiply(gradient, clipNorm, clipped);
        TensorPrimitives.Divide(clipped, MathF.Max(norm, clipNorm), clipped);
        return clipped;
    }

    /// <summary>
    /// Every gradient times <c>c · min(1/‖G‖, 1/c)</c>, where ‖G‖ is the norm of all of them together; a NaN or
    /// infinite ‖G‖ makes the scale NaN (Keras adds <c>‖G‖ − ‖G‖</c> on purpose, so the failure is visible).
    /// </summary>
    private static void ByGlobalNorm(float[]?[] gradients, float clipNorm)
    {
        var sumOfSquares = 0f;
        foreach (var g in gradients)
        {
            if (g is not null)
            {
                sumOfSquares += TensorPrimitives.SumOfSquares<float>(g);
            }
        }

        var norm = MathF.Sqrt(sumOfSquares);
        var scale = (clipNorm * MathF.Min(1f / norm, 1f / clipNorm)) + (norm - norm);
        for (var i = 0; i < gradients.Length; i++)
        {
            if (gradients[i] is { } g)
            {
                var scaled = new float[g.Length];
                TensorPrimitives.Multiply(g, scale, scaled);
                gradients[i] = scaled;
            }
        }
    }

    /// <summary>Each element clipped to [−c, c].</summary>
    private static float[] ByValue(float[] gradient, float clipValue)
    {
        var clipped = new float[gradient.Length];
        TensorPrimitives.Min(gradient, clipValue, clipped);
        TensorPrimitives.Max(clipped, -clipValue, clipped);
        return clipped;
    }
}
