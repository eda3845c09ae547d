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

    /// <summary>
    /// Summing loops whose sums reach the result linearly (×, ÷ by values known before the loops, both signs, a
    /// sum used twice, a sum whose start value is active), so each runs its derivative with the final seed; n = 0
    /// runs the first loop zero times.
    /// </summary>
    [Differentiable]
    public static double LinearTail(ReadOnlySpan<double> v, double x, int n)
    {
        double s = x * x;
        for (int i = 0; i < n; i++)
        {
            s += Math.Sin(v[i] * x);
        }

        double t = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            t += v[i] * v[i] * x;
        }

        double scale = 2.0 / v.Length;
        return 3.0 * s - s / v.Length + t * scale - -t + x;
    }

    /// <summary>The same in float.</summary>
    [Differentiable]
    public static float LinearTailF(float[] v, float x)
    {
        float t = 0f;
        foreach (var e in v)
        {
            t += MathF.Sin(e * x);
        }

        return t / v.Length - x;
    }

    /// <summary>
    /// Sums whose adjoint is not known before their loop: a factor computed after the loop, a branch on the sum, a
    /// function of it; and a sum read through a local array that is written after the loop.
    /// </summary>
    [Differentiable]
    public static double NonlinearTail(ReadOnlySpan<double> v, double x)
    {
        double s = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * x;
        }

        double k = Math.Exp(x);
        if (s > 1.0)
        {
            s = s * 0.5;
        }

        double u = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            u += Math.Cos(v[i]);
        }

        double w = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            w -= v[i] * x;
        }

        return s * k + Math.Log(1.0 + u * u) + w * k;
    }

    /// <summary>A summing loop reads a local array element that code after the loop overwrites.</summary>
    [Differentiable]
    public static double StoreAfterSum(ReadOnlySpan<double> v, double x)
    {
        double[] a = new double[2];
        a[0] = x * x;
        a[1] = x;
        double s = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            s += a[0] * v[i] + a[1];
        }

        a[0] = Math.Sin(x);
        return s / v.Length + a[0] * 3.0;
    }

    /// <summary>
    /// Stencils: every iteration adds into the gradient at fixed offsets from the counter, carried between
    /// iterations in locals. A second-difference penalty (offsets −1, 0, +1), a lag-2 product starting at 2 (offsets
    /// −2, 0; with fewer than three elements it runs zero times and nothing may be written), a gap (0, +2).
    /// </summary>
    [Differentiable]
    public static double Stencils(ReadOnlySpan<double> x, double k)
    {
        double s = 0.0;
        for (int i = 1; i < x.Length - 1; i++)
        {
            double second = x[i - 1] - 2.0 * x[i] + x[i + 1];
            s += second * second * k;
        }

        double lag = 0.0;
        for (int i = 2; i < x.Length; i++)
        {
            lag += Math.Sin(x[i] * x[i - 2]);
        }

        double gap = 0.0;
        for (int i = 0; i + 2 < x.Length; i++)
        {
            gap += x[i] * Math.Exp(x[i + 2]);
        }

        return s + lag * k + gap;
    }

    /// <summary>Stencils that must not be carried: a conditional term, a loop left by break, a callee handed the span.</summary>
    [Differentiable]
    public static double StencilsNotCarried(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double s = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            s += x[i] * x[i + 1];
            if (x[i] > limit)
            {
                s += x[i + 1] * x[i + 1];
            }
        }

        double t = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            if (x[i + 1] > limit + 1.0)
            {
                break;
            }

            t += x[i] * x[i + 1];
        }

        double u = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            u += x[i] - x[i + 1] + Callee(x) * 0.001;
        }

        return s + t * t + u;
    }

    [Differentiable]
    public static double Callee(ReadOnlySpan<double> x) => x[0] * x[x.Length - 1];

    /// <summary>A stencil in float.</summary>
    [Differentiable]
    public static float StencilF(float[] x)
    {
        float s = 0f;
        for (int i = 0; i < x.Length - 1; i++)
        {
            float d = x[i + 1] - x[i];
            s += d * d;
        }

        return s;
    }

    /// <summary>Adjoints that start as a negation (1 − t, −(…), s −= …), in straight-line code, branches and a loop.</summary>
    [Differentiable]
    public static double Negations(ReadOnlySpan<double> v, double x)
    {
        double s = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            double t = x * v[i];
            double u = 1.0 - t;
            double w = -(v[i] * u);
            if (v[i] > 0)
            {
                s += u * u - w;
            }
            else
            {
                s -= Math.Sin(t) + w * x;
            }
        }

        double r = 2.0 - x * s;
        return r * r - -(x * s);
    }

    /// <summary>
    /// Grad stores a stencil's elements instead of clearing and adding: one stencil loop is the only writer of dx.
    /// It starts at a passive <paramref name="start"/> and stops short of the end, so elements before and after it
    /// are untouched (and must be zero), and with start ≥ n − 2 it does not run at all.
    /// </summary>
    [Differentiable]
    public static double StoredStencil(ReadOnlySpan<double> x, double k, int start)
    {
        double s = 0.0;
        for (int i = start; i < x.Length - 2; i++)
        {
            s += Math.Sin(x[i] * k) * x[i + 1];
        }

        return s * k;
    }

    /// <summary>A stored stencil from a constant start (offsets −1, +1: the middle element gets only its carry).</summary>
    [Differentiable]
    public static double StoredStencilFromOne(ReadOnlySpan<double> x)
    {
        double s = 0.0;
        for (int i = 1; i < x.Length - 1; i++)
        {
            s += x[i - 1] * Math.Exp(x[i + 1]);
        }

        return s;
    }

    /// <summary>A stored stencil in float.</summary>
    [Differentiable]
    public static float StoredStencilF(float[] x)
    {
        float s = 0f;
        for (int i = 1; i < x.Length; i++)
        {
            float d = x[i] - x[i - 1];
            s += d * d;
        }

        return s;
    }

    /// <summary>
    /// Stencils Grad must not store into: another contribution to dx after the loop, a stencil in a loop that runs
    /// several times (each pass adds into the same elements), a stencil in a branch, and a second buffer written by
    /// two loops. Their gradients must still be complete (no element left uncleared).
    /// </summary>
    [Differentiable]
    public static double StencilsNotStored(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double k, int passes, bool flag)
    {
        double s = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            s += x[i] * x[i + 1];
        }

        double t = 0.0;
        for (int p = 0; p < passes; p++)
        {
            double u = 0.0;
            for (int i = 0; i + 1 < y.Length; i++)
            {
                u += y[i] * Math.Cos(y[i + 1] * k);
            }

            t += u * k;
        }

        if (flag)
        {
            double v = 0.0;
            for (int i = 0; i + 1 < y.Length; i++)
            {
                v += y[i + 1] - y[i] * k;
            }

            t += v;
        }

        return s * k + x[0] * x[0] + t;
    }

    /// <summary>A stencil whose loop runs inside a branch: Grad must not store into dx.</summary>
    [Differentiable]
    public static double StencilInBranch(ReadOnlySpan<double> x, bool flag)
    {
        double s = 0.0;
        if (flag)
        {
            for (int i = 0; i + 1 < x.Length; i++)
            {
                s += x[i] * Math.Sin(x[i + 1]);
            }
        }

        return s;
    }

    /// <summary>
    /// Loads carried between iterations: x[i] and x[i + 1] are what the previous iteration loaded as x[i + 1] and
    /// x[i + 2]. From a passive start, which may be past the end (the loop does not run and nothing may be read).
    /// </summary>
    [Differentiable]
    public static double CarriedLoads(ReadOnlySpan<double> x, double k, int start)
    {
        double s = 0.0;
        for (int i = start; i + 2 < x.Length; i++)
        {
            s += x[i] * Math.Sin(x[i + 1] * k) + x[i + 2] * x[i + 1];
        }

        return s;
    }

    /// <summary>
    /// Loads that must not be carried: a loop left by break (the counter's last value is not the header's), and one
    /// reading a local array the loop writes.
    /// </summary>
    [Differentiable]
    public static double LoadsNotCarried(ReadOnlySpan<double> x, [NoDerivative] double limit)
    {
        double s = 0.0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            if (x[i + 1] > limit)
            {
                break;
            }

            s += x[i] * x[i + 1];
        }

        double[] a = new double[x.Length + 1];
        a[0] = 1.0;
        for (int i = 0; i < x.Length; i++)
        {
            a[i + 1] = a[i] * x[i] + 0.5;
        }

        return s + a[x.Length];
    }
}
