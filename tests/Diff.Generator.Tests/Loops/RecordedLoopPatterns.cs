using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Loops whose iterations are recorded rather than recomputed (they hold nested loops with a reverse of their own, or
/// write arrays): the forward runs the nested loops taped, each store of the loop's own level pushes the element it
/// overwrites, and the end of each iteration pushes what its reverse reads. Each pattern takes the recording to an
/// edge; the last ones are loops where it must not apply.
/// </summary>
public static partial class RecordedLoopPatterns
{
    /// <summary>Softmax cross-entropy: a local array written by a nested loop, a running max, exps of the stored logits.</summary>
    [Differentiable]
    public static double Softmax(ReadOnlySpan<double> w, [NoDerivative] double[] data, int classes, int samples)
    {
        int features = w.Length / classes;
        Span<double> logits = stackalloc double[classes];
        double total = 0.0;
        for (int i = 0; i < samples; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double z = 0.0;
                for (int j = 0; j < features; j++)
                {
                    z += w[c * features + j] * data[i * features + j];
                }

                logits[c] = z;
                if (z > max)
                {
                    max = z;
                }
            }

            double sum = 0.0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(logits[c] - max);
            }

            total += max + Math.Log(sum) - logits[i % classes];
        }

        return total / samples;
    }

    /// <summary>Gauss–Seidel sweeps in place: each update reads its neighbours from the array it writes (old and new values).</summary>
    [Differentiable]
    public static double Sweeps(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> rhs, int sweeps)
    {
        int n = rhs.Length;
        Span<double> x = stackalloc double[n];
        for (int s = 0; s < sweeps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                double left = i > 0 ? x[i - 1] : 0.0;
                double right = i < n - 1 ? x[i + 1] : 0.0;
                x[i] = (rhs[i] + left * right + right) / diagonal[i];
            }
        }

        double loss = 0.0;
        for (int i = 0; i < n; i++)
        {
            loss += x[i] * x[i] * (i + 1);
        }

        return loss;
    }

    /// <summary>
    /// Stores and loads of the written array in a branch of the recorded loop's own level (the load recorded only when
    /// its branch ran), a nested loop in a branch (its trip count recorded, not in closed form), and one of the loop's
    /// own stores overwriting an element the nested loop wrote in the same iteration.
    /// </summary>
    [Differentiable]
    public static double Branchy(ReadOnlySpan<double> w, double x, int m)
    {
        int n = w.Length;
        Span<double> buffer = stackalloc double[m];
        double acc = 0.0;
        for (int i = 0; i < n; i++)
        {
            if (w[i] > 0.0)
            {
                double old = buffer[i % m];
                buffer[(i + 1) % m] = old * x + w[i];
                for (int k = 0; k < i % 3; k++)
                {
                    buffer[k % m] += Math.Sin(w[i] * x + k);
                }
            }
            else
            {
                acc += buffer[i % m] * w[i];
            }

            buffer[i % m] = Math.Tanh(buffer[i % m] + x);
        }

        for (int k = 0; k < m; k++)
        {
            acc += buffer[k] * (k + 2);
        }

        return acc;
    }

    /// <summary>
    /// A nested loop whose counter's final value is read after it (the cell is recorded, so the trip count is recorded
    /// too rather than computed from where the counter started), and whose sum is read after it.
    /// </summary>
    [Differentiable]
    public static double CounterReadAfter(ReadOnlySpan<double> w, double x, [NoDerivative] double limit)
    {
        int n = w.Length;
        Span<double> partial = stackalloc double[n];
        double total = 0.0;
        for (int i = 0; i < n; i++)
        {
            int j = 0;
            double acc = 0.0;
            while (j < n && acc < limit)
            {
                acc += w[j] * w[j] * x;
                j++;
            }

            int k = 0;
            double dot = 0.0;
            for (k = 0; k < i; k++)
            {
                dot += w[k] * x;
            }

            partial[i] = acc * j + dot * k;
            total += partial[i] * partial[(i + 1) % n];
        }

        return total;
    }

    /// <summary>Three levels, stores at each (float arrays: the popped elements are narrowed to float).</summary>
    [Differentiable]
    public static float ThreeLevels(ReadOnlySpan<float> w, float x)
    {
        int n = w.Length;
        Span<float> a = stackalloc float[n];
        Span<float> b = stackalloc float[n];
        float total = 0f;
        for (int t = 0; t < 3; t++)
        {
            a[t % n] = x * (t + 1);
            for (int i = 0; i < n; i++)
            {
                float s = a[i];
                for (int j = 0; j < n; j++)
                {
                    b[j] = b[j] * 0.5f + w[(i + j) % n] * s;
                    s = MathF.Sin(s + b[j]);
                }

                a[i] = s * w[i];
            }

            total += a[n - 1] * b[0];
        }

        return total;
    }

    /// <summary>
    /// A local array created in the loop (a fresh zeroed buffer every iteration: stores of zeros the reverse undoes),
    /// and a nested loop that writes it and reads back what it wrote. (w has at most 4 elements.)
    /// </summary>
    [Differentiable]
    public static double LocalArrayPerIteration(ReadOnlySpan<double> w, double x)
    {
        int n = w.Length;
        double total = 0.0;
        for (int i = 0; i < 3; i++)
        {
            double[] row = new double[4];
            for (int j = 0; j < n; j++)
            {
                row[j] = Math.Cos(w[j] * x + i);
                for (int k = 0; k < j; k++)
                {
                    row[j] += row[k] * w[k];
                }
            }

            total += row[n - 1] * row[0];
        }

        return total;
    }

    /// <summary>Must not record: the recomputation would read the written array through a passive condition.</summary>
    [Differentiable]
    public static double ConditionOnWrittenArray(ReadOnlySpan<double> w, double x)
    {
        int n = w.Length;
        Span<double> a = stackalloc double[n];
        double total = 0.0;
        for (int i = 0; i < n; i++)
        {
            a[(i + 1) % n] = w[i] * x;
            double y = a[i] > 0.1 ? a[i] * x : -x;
            total += y * w[i];
        }

        return total;
    }
}

/// <summary>
/// Sums carried through nested loops (a pair energy: <c>energy += …</c> in the inner loop of two): both loops are
/// fused when the sum's adjoint is known before them, and not where it is not, or where the inner loop does more than
/// add to the sum.
/// </summary>
public static partial class NestedSumPatterns
{
    /// <summary>A Lennard-Jones-like pair energy: Σ_{i&lt;j} ε((σ²/r²)⁶ − (σ²/r²)³), r² summed over the coordinates.</summary>
    [Differentiable]
    public static double PairEnergy(ReadOnlySpan<double> positions, double epsilon, double sigma)
    {
        int n = positions.Length / 2;
        double energy = 0.0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double r2 = 0.0;
                for (int k = 0; k < 2; k++)
                {
                    double d = positions[2 * i + k] - positions[2 * j + k];
                    r2 += d * d;
                }

                double s2 = sigma * sigma / r2;
                double s6 = s2 * s2 * s2;
                energy += epsilon * (s6 * s6 - s6);
            }
        }

        return energy / n;
    }

    /// <summary>Three levels of loops carrying one sum, a term subtracted, and work of the outer level before the nested loop.</summary>
    [Differentiable]
    public static double ThreeLevelSum(ReadOnlySpan<double> w, double x)
    {
        int n = w.Length;
        double total = 0.0;
        for (int i = 0; i < n; i++)
        {
            double a = Math.Sin(w[i] * x);
            for (int j = 0; j < i; j++)
            {
                for (int k = 0; k <= j; k++)
                {
                    total -= a * w[j] * Math.Cos(w[k] + x);
                }
            }
        }

        return 2.0 * total + x;
    }

    /// <summary>Not fused: the result is not linear in the sum (its adjoint is known only after the loops).</summary>
    [Differentiable]
    public static double NonlinearResult(ReadOnlySpan<double> w, double x)
    {
        int n = w.Length;
        double total = 1.0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                total += w[i] * w[j] * x * x;
            }
        }

        return Math.Log(total);
    }

    /// <summary>Not fused: the inner loop reads the sum it adds to (so it is no plain sum).</summary>
    [Differentiable]
    public static double InnerReadsTheSum(ReadOnlySpan<double> w, double x)
    {
        int n = w.Length;
        double total = 0.5;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                total += total * w[j] * x * 0.1 + w[i];
            }
        }

        return total;
    }
}

/// <summary>
/// Loop-invariant definitions moved out of their loops (see <c>LoopInvariants</c>): out of two levels, out of loops
/// that run zero times, in a loop that is recorded, and what must stay: a value that reads the loop's cells or an
/// element, and one inside a branch.
/// </summary>
public static partial class InvariantPatterns
{
    [Differentiable]
    public static double Invariants(ReadOnlySpan<double> w, double a, double b, int outer)
    {
        int n = w.Length;
        double total = 0.0;
        for (int t = 0; t < outer; t++)
        {
            double shift = 0.5 * t;
            for (int i = 0; i < n; i++)
            {
                double scale = a * a + Math.Exp(b);     // invariant in both loops: moved out of both
                double offset = scale * shift;          // reads the outer loop's value: moved out of the inner only
                double wi = w[i] * scale;               // reads an element: stays
                total += Math.Sin(wi + offset) * (i % 2 == 0 ? Math.Sqrt(b * b + 1.0) : 1.0); // the branch's value stays
            }
        }

        return total * a;
    }

    /// <summary>An invariant in a loop that writes a local array (recorded) and reads back what it wrote.</summary>
    [Differentiable]
    public static double InvariantInRecordedLoop(ReadOnlySpan<double> w, double a)
    {
        int n = w.Length;
        Span<double> acc = stackalloc double[n];
        for (int t = 0; t < 3; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double g = Math.Tanh(a * 0.5);
                acc[i] = acc[i] * g + w[(i + t) % n] * a;
            }
        }

        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += acc[i] * acc[i];
        }

        return s;
    }
}

/// <summary>
/// Induction variables: int locals a loop moves by a constant every iteration (<c>idx++</c> in the body, ADBench's
/// triangular index), restored in the reverse from the iteration number like counters; and ones that are not
/// (moved only in a branch, or by a non-constant).
/// </summary>
public static partial class InductionPatterns
{
    /// <summary>Q·x with Q lower triangular, its off-diagonal entries in order (ADBench's Qtimesx), then a squared norm.</summary>
    [Differentiable]
    public static double Triangular(ReadOnlySpan<double> l, ReadOnlySpan<double> x)
    {
        int d = x.Length;
        Span<double> y = stackalloc double[d];
        for (int i = 0; i < d; i++)
        {
            y[i] = x[i];
        }

        int idx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                y[j] += l[idx] * x[i];
                idx++;
            }
        }

        double s = 0.0;
        int back = d - 1;
        for (int i = 0; i < d; i++)
        {
            s += y[i] * y[back] * Math.Sin(x[i] + idx);
            back -= 1;
        }

        return s;
    }

    /// <summary>Not induction variables: one moved only in a branch, one moved by a value that changes.</summary>
    [Differentiable]
    public static double NotInduction(ReadOnlySpan<double> w, double x)
    {
        int n = w.Length;
        Span<double> a = stackalloc double[n];
        int k = 0;
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (w[i] > 0.0)
            {
                k++;
            }

            a[k % n] += w[i] * x;
            m += i;
            a[m % n] = Math.Tanh(a[m % n] + w[(k + m) % n]);
        }

        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += a[i] * a[i];
        }

        return s;
    }
}
