using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Loops that push at several levels, so that the room each iteration reserves on the tape (see
/// <c>TapeReservation</c>) is tested where it is easiest to get wrong: pushes after a nested loop that pushed, pushes
/// in one branch only, a nested loop left early, a callee with a tape of its own called in a loop, and enough
/// iterations that the tape's buffer grows several times. The last pattern records nothing: it gets no tape.
/// </summary>
public static partial class TapeReservationPatterns
{
    /// <summary>
    /// Per step: a stored array overwritten from its old values with a running max (pushed per element), a
    /// log-sum-exp over it left early on a passive condition, then an overwritten scalar after both nested loops.
    /// (It also caught a recording bug: the second loop's reverse reads the first loop's final max, which the outer
    /// iteration did not record; see <c>ReverseSweep.OutsideLoops</c>.)
    /// </summary>
    [Differentiable]
    public static double Layers(ReadOnlySpan<double> w, double x, int steps)
    {
        int n = w.Length;
        Span<double> h = stackalloc double[n];
        double total = 0.0;
        double y = x;
        for (int s = 0; s < steps; s++)
        {
            double peak = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                h[i] = Math.Tanh(w[i] * y + 0.5 * h[i]);
                if (h[i] > peak)
                {
                    peak = h[i];
                }
            }

            double sum = 0.0;
            for (int i = 0; i < n; i++)
            {
                if (i > 0 && (i + s) % 7 == 0)
                {
                    break;
                }

                sum += Math.Exp(h[i] - peak);
            }

            if (s % 3 == 0)
            {
                y = Math.Sin(y) + 0.1 * Math.Log(sum);
            }
            else
            {
                y = 0.9 * y + 0.05 * sum;
            }

            total += y * y;
        }

        return total;
    }

    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > max)
            {
                max = v[i];
            }
        }

        double sum = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i] - max);
        }

        return Math.Log(sum) + max;
    }

    /// <summary>The callee called once per step, between this loop's own pushes (nested tapes, one per call).</summary>
    [Differentiable]
    public static double CallsARecordingCallee(ReadOnlySpan<double> w, double x, int steps)
    {
        int n = w.Length;
        Span<double> t = stackalloc double[n];
        double y = x;
        double total = 0.0;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                t[i] = w[i] * y + t[i] * 0.3;
            }

            y = Math.Cos(y) + 0.2 * LogSumExp(t);
            total += y;
        }

        return total;
    }

    /// <summary>Nothing recorded: a fused sum of squares. No tape, so nothing reserved.</summary>
    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> w)
    {
        double total = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            total += w[i] * w[i];
        }

        return total;
    }
}
