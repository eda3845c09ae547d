using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Patterns that exercise the generator's loop optimisations, each at its edges: inner loops whose reverse needs
/// only their trip count (every counted header form, bounds that depend on an outer counter, zero trips, an early
/// exit that rules the closed form out), ...
/// </summary>
public static partial class OptimizationPatterns
{
    /// <summary>
    /// A loop that is not a plain sum (its cell is scaled each iteration), around inner dot products whose sums its
    /// reverse does not read: the recomputation keeps only their trip counts. The inner bounds depend on the outer
    /// counter (a triangle, zero trips for h = 0) and come in each counted form: &lt;, &lt;=, mirrored, counting down.
    /// </summary>
    [Differentiable]
    public static double TriangularTanh(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] double[] x)
    {
        int n = b.Length;
        double acc = 0.0;
        for (int h = n - 1; h >= 0; h--)
        {
            double pre = b[h];
            for (int k = 0; k < h; k++)
            {
                pre += w[h * n + k] * x[k];
            }

            for (int k = 0; k <= h; k++)
            {
                pre += 0.5 * w[k * n + h] * x[k];
            }

            for (int k = h; n > k; k++)
            {
                pre -= 0.25 * w[k] * x[k];
            }

            for (int k = n - 1; k >= h + 1; k--)
            {
                pre += w[k * n + k] * x[k] * x[k];
            }

            for (int k = 0; k < 2; k++)
            {
                pre = pre * 0.9 + 0.1 * w[h];
            }

            acc = 0.5 * acc + Math.Tanh(pre);
        }

        return acc * acc;
    }

    /// <summary>The same shape with an inner loop left by <c>break</c>: its trip count is known only by running it.</summary>
    [Differentiable]
    public static double InnerBreak(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] double[] x, [NoDerivative] double limit)
    {
        int n = b.Length;
        double acc = 0.0;
        for (int h = 0; h < n; h++)
        {
            double pre = b[h];
            for (int k = 0; k < n; k++)
            {
                if (x[k] > limit)
                {
                    break;
                }

                pre += w[h * n + k] * x[k];
            }

            acc = 0.5 * acc + Math.Sin(pre);
        }

        return acc * acc;
    }
}
