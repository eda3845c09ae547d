using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Function values computed in a branch of a loop body and read by the reverse (exp' = exp) are recorded when
/// computed, the branch not taken pushing a placeholder in their slot, instead of being computed again in the
/// reverse. The first patterns are where that applies; the last ones where it must not: a value in a nested branch,
/// and a loop that writes an array (its tape is shared with the stores' log).
/// </summary>
public static partial class BranchRecordingPatterns
{
    /// <summary>A one-pass log-sum-exp per row: an exp in each branch, the running sum rescaled on a new max.</summary>
    [Differentiable]
    public static double OnlineLogSumExp(ReadOnlySpan<double> x, int columns)
    {
        int rows = x.Length / columns;
        double total = 0.0;
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            double sum = 0.0;
            for (int j = 0; j < columns; j++)
            {
                double v = x[r * columns + j];
                if (v > max)
                {
                    sum = sum * Math.Exp(max - v) + 1.0;
                    max = v;
                }
                else
                {
                    sum += Math.Exp(v - max);
                }
            }

            total += max + Math.Log(sum);
        }

        return total;
    }

    /// <summary>Values in one branch only (tanh and a callee), the other branch nonlinear without one; a loop left early.</summary>
    [Differentiable]
    public static double OneSided(ReadOnlySpan<double> w, double x)
    {
        double y = x;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 0.2)
            {
                double t = Math.Tanh(w[i] * y);
                y = t + 0.5 * Softplus(y * w[i]);
            }
            else
            {
                y = y * (1.0 + w[i] * y);
            }

            if (y > 50.0)
            {
                break;
            }
        }

        return y * y;
    }

    [Differentiable]
    public static double Softplus(double z) => Math.Log(1.0 + Math.Exp(z));

    /// <summary>The same in float: the placeholder is a float zero.</summary>
    [Differentiable]
    public static float OnlineLogSumExpFloat(ReadOnlySpan<float> x)
    {
        float max = float.NegativeInfinity;
        float sum = 0f;
        for (int j = 0; j < x.Length; j++)
        {
            float v = x[j];
            if (v > max)
            {
                sum = sum * MathF.Exp(max - v) + 1f;
                max = v;
            }
            else
            {
                sum += MathF.Exp(v - max);
            }
        }

        return max + MathF.Log(sum);
    }

    /// <summary>Not applied: the exp sits in a branch nested in a branch, so the reverse computes it again.</summary>
    [Differentiable]
    public static double NestedBranch(ReadOnlySpan<double> w, double x)
    {
        double y = x;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 0.0)
            {
                if (y < 1.0)
                {
                    y = y + 0.3 * Math.Exp(w[i] * y);
                }
                else
                {
                    y = 0.5 * y;
                }
            }
            else
            {
                y = y * y * 0.25 + w[i];
            }
        }

        return y;
    }

    /// <summary>Not applied: the loop writes a local array, so its iterations log their stores and nothing else is recorded by value.</summary>
    [Differentiable]
    public static double WritesAnArray(ReadOnlySpan<double> w, double x)
    {
        Span<double> h = stackalloc double[w.Length];
        double y = x;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 0.0)
            {
                y = Math.Exp(w[i] * y) * 0.5;
            }
            else
            {
                y = y * w[i];
            }

            h[i] = y;
        }

        double total = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            total += h[i] * h[i];
        }

        return total;
    }
}
