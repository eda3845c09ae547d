using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>Loop and array patterns: each a [Differentiable] method as a user would write it.</summary>
public static partial class LoopPatterns
{
    [Differentiable]
    public static double SumOfSquares(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }

    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            var t = x[i + 1] - x[i] * x[i];
            var u = 1 - x[i];
            s += 100 * t * t + u * u;
        }

        return s;
    }

    [Differentiable]
    public static double LogSumExp(double[] v)
    {
        double max = v[0];
        foreach (var x in v)
        {
            max = Math.Max(max, x);
        }

        double sum = 0;
        foreach (var x in v)
        {
            sum += Math.Exp(x - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Mean logistic loss of a linear model; the data (rows × features, row-major) is passive.</summary>
    [Differentiable]
    public static double LogisticLoss(double[] w, double bias, [NoDerivative] double[] data, [NoDerivative] double[] labels, int features)
    {
        int rows = labels.Length;
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            double z = bias;
            for (int j = 0; j < features; j++)
            {
                z += w[j] * data[r * features + j];
            }

            // log(1 + e^z) − y·z, written stably for both signs of z.
            double softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
            loss += softplus - labels[r] * z;
        }

        return loss / rows;
    }

    /// <summary>A 2-layer tanh network's squared-error loss: hidden = tanh(W1·x + b1), out = w2·hidden + b2.</summary>
    [Differentiable]
    public static double TwoLayerLoss(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] double[] inputs, [NoDerivative] double[] targets, int inputSize)
    {
        int hidden = b1.Length;
        int samples = targets.Length;
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            double output = b2;
            for (int h = 0; h < hidden; h++)
            {
                double a = b1[h];
                for (int k = 0; k < inputSize; k++)
                {
                    a += w1[h * inputSize + k] * inputs[s * inputSize + k];
                }

                output += w2[h] * Math.Tanh(a);
            }

            double e = output - targets[s];
            loss += e * e;
        }

        return loss / samples;
    }

    /// <summary>Overwrites a scalar inside a loop: r ← sin(r)·1.5 + x·r, n times.</summary>
    [Differentiable]
    public static double Iterate(double x, int n)
    {
        double r = x;
        for (int i = 0; i < n; i++)
        {
            r = Math.Sin(r) * 1.5 + x * r;
        }

        return r;
    }

    /// <summary>Newton's iteration for √a, run until it has converged (a while loop with a data-dependent trip count).</summary>
    [Differentiable]
    public static double NewtonSqrt(double a)
    {
        double r = a > 1 ? a : 1;
        double previous = 0;
        while (Math.Abs(r - previous) > 1e-15 * r)
        {
            previous = r;
            r = 0.5 * (r + a / r);
        }

        return r;
    }

    /// <summary>do/while: repeated halving until below 1, then a polynomial.</summary>
    [Differentiable]
    public static double HalveUntilSmall(double x)
    {
        double y = x;
        int halvings = 0;
        do
        {
            y = y * 0.5;
            halvings++;
        }
        while (y > 1);

        return y * y * halvings + y;
    }

    /// <summary>break and continue: skips negative entries, stops at the first entry above a threshold.</summary>
    [Differentiable]
    public static double BreakAndContinue(double[] v, double threshold)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] < 0)
            {
                continue;
            }

            if (v[i] > threshold)
            {
                s += threshold * v[i];
                break;
            }

            s += Math.Sqrt(v[i]) * threshold;
        }

        return s;
    }

    /// <summary>An early return from inside a nested loop.</summary>
    [Differentiable]
    public static double FirstLargeProduct(double[] a, double[] b, double limit)
    {
        double total = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                double p = a[i] * b[j];
                if (p > limit)
                {
                    return total + p * limit;
                }

                total += p * p;
            }
        }

        return total;
    }

    /// <summary>A while loop counting down, its counter used as an index.</summary>
    [Differentiable]
    public static double Horner(double x, [NoDerivative] double[] coefficients)
    {
        int i = coefficients.Length - 1;
        double y = 0;
        while (i >= 0)
        {
            y = y * x + coefficients[i];
            i--;
        }

        return y;
    }

    /// <summary>Horner with the coefficients active too, and a float version.</summary>
    [Differentiable]
    public static float HornerFloat(float x, float[] coefficients)
    {
        float y = 0;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            y = y * x + coefficients[i];
        }

        return y;
    }

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>Calls with array arguments: the callee's pullback adds into the caller's gradient buffers.</summary>
    [Differentiable]
    public static double CosineSimilarity(double[] a, double[] b) => Dot(a, b) / Math.Sqrt(SumOfSquares(a) * SumOfSquares(b));

    /// <summary>A loop that calls a differentiable scalar method on each element, two counters, and a swap of cells.</summary>
    [Differentiable]
    public static double Swapping(double x, double y, int n)
    {
        double a = x;
        double b = y;
        for (int i = 0, j = n; i < n; i++, j--)
        {
            double t = a;
            a = b + Smooth(t) * j;
            b = t;
        }

        return a * b;
    }

    [Differentiable]
    public static double Smooth(double x) => Math.Log(1 + x * x);

    /// <summary>A summing loop that calls a method with array parameters: the callee adds into unit buffers.</summary>
    [Differentiable]
    public static double SumOfDots(double[] a, double[] b, int n)
    {
        double s = 0;
        for (int k = 0; k < n; k++)
        {
            s += Dot(a, b) * (k + 1) + a[k % a.Length];
        }

        return s;
    }

    /// <summary>
    /// An inner loop whose function values (tanh) are recorded for its reverse, inside an outer loop that is not a
    /// plain sum, so the outer reverse recomputes the inner loop (regression: that recomputation dropped the tanh).
    /// </summary>
    [Differentiable]
    public static double InnerTermsOnly(double[] v, double x)
    {
        double total = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double acc = 0;
            for (int j = 0; j <= i; j++)
            {
                acc += Math.Tanh(v[j] * x) * v[i];
            }

            total = Math.Sin(total) + acc;
        }

        return total;
    }

    /// <summary>Passive data passed to an active array parameter: the callee's gradient for it is discarded.</summary>
    [Differentiable]
    public static double WeightedByData(double[] w, [NoDerivative] double[] data) => Dot(w, data) + Dot(data, data) * w[0];
}
