using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Nested loops whose result a <c>Math.Max</c> or a branch may discard, so that their reverse is skipped when no
/// adjoint flows into it (see <c>ZeroAdjointSkip</c>); the last patterns are nested loops where the skip must not be
/// emitted: one that stores into an array, one that records on the tape, and one whose result is never discarded.
/// </summary>
public static partial class ZeroAdjointSkipPatterns
{
    /// <summary>Per row, the largest of several dot products (the others' reverses are skipped), then a log-sum-exp over them.</summary>
    [Differentiable]
    public static double BestOfDots(ReadOnlySpan<double> w, [NoDerivative] double[] data, int groups)
    {
        int features = w.Length / groups;
        int rows = data.Length / features;
        double total = 0.0;
        for (int r = 0; r < rows; r++)
        {
            double best = double.NegativeInfinity;
            for (int g = 0; g < groups; g++)
            {
                double dot = 0.0;
                for (int k = 0; k < features; k++)
                {
                    double t = w[g * features + k] * data[r * features + k];
                    dot += t * t;
                }

                best = Math.Max(best, 0.5 * dot);
            }

            double acc = 0.0;
            for (int g = 0; g < groups; g++)
            {
                double dot = 0.0;
                for (int k = 0; k < features; k++)
                {
                    dot += w[g * features + k] * data[r * features + k];
                }

                acc += Math.Exp(dot - best);
            }

            total += best + Math.Log(acc);
        }

        return total;
    }

    /// <summary>A nested sum used in one branch of a condition on something else, and through a Min.</summary>
    [Differentiable]
    public static double UsedInABranch(ReadOnlySpan<double> w, double x)
    {
        double total = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            double s = 0.0;
            for (int k = 0; k <= i; k++)
            {
                s += Math.Sin(w[k] * x);
            }

            if (w[i] > 0.0)
            {
                total += s * s;
            }

            total += x * Math.Min(s, 0.25);
        }

        return total;
    }

    /// <summary>Not skipped: the nested loop stores into an array (its reverse restores the elements and reads their adjoints).</summary>
    [Differentiable]
    public static double StoresInTheLoop(ReadOnlySpan<double> w, double x)
    {
        Span<double> h = stackalloc double[w.Length];
        double total = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            double s = 0.0;
            for (int k = 0; k < w.Length; k++)
            {
                h[k] = w[k] * x + 0.1 * i;
                s += h[k] * h[k];
            }

            total = Math.Max(total, s);
        }

        return total;
    }

    /// <summary>Not skipped: the nested loop overwrites a scalar nonlinearly, so its reverse pops from the tape.</summary>
    [Differentiable]
    public static double RecordsOnTheTape(ReadOnlySpan<double> w, double x)
    {
        double best = double.NegativeInfinity;
        for (int i = 0; i < w.Length; i++)
        {
            double y = x;
            for (int k = 0; k < 3; k++)
            {
                y = Math.Sin(y * w[i]) + y;
            }

            best = Math.Max(best, y);
        }

        return best;
    }

    /// <summary>Not skipped: nothing discards the nested sum (the test would cost a branch for nothing).</summary>
    [Differentiable]
    public static double NeverDiscarded(ReadOnlySpan<double> w, double x)
    {
        double total = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            double r2 = 0.0;
            for (int k = 0; k < 3; k++)
            {
                double d = w[i] - k * x;
                r2 += d * d;
            }

            total += 1.0 / (1.0 + r2);
        }

        return total;
    }
}
