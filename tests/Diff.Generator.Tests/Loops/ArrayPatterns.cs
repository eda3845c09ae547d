using System;
using DiffGen;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>Local arrays and element writes: each a [Differentiable] method as a user would write it.</summary>
public static partial class ArrayPatterns
{
    /// <summary>An array smoothed in place over several passes (each pass reads the element it just wrote).</summary>
    [Differentiable]
    public static double SmoothInPlace(ReadOnlySpan<double> v, int passes)
    {
        var a = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            a[i] = v[i];
        }

        for (int p = 0; p < passes; p++)
        {
            for (int i = 1; i + 1 < a.Length; i++)
            {
                a[i] = (a[i - 1] + a[i] + a[i + 1]) / 3;
            }
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * (i + 1);
        }

        return s;
    }

    /// <summary>Straight-line element writes and overwrites on an initialised array.</summary>
    [Differentiable]
    public static double Overwrites(double x, double y)
    {
        var a = new double[] { x, y, x * y };
        a[1] = Math.Sin(a[0]) + a[1];
        a[0] = a[1] * a[2];
        a[2] += a[0];
        a[1] *= 2;
        return a[0] + a[1] * a[2];
    }

    /// <summary>A stackalloc'd buffer of hidden units between two loops.</summary>
    [Differentiable]
    public static double HiddenLayer(ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, [NoDerivative] double[] x)
    {
        Span<double> hidden = stackalloc double[w2.Length];
        for (int j = 0; j < hidden.Length; j++)
        {
            double z = 0;
            for (int k = 0; k < x.Length; k++)
            {
                z += w1[j * x.Length + k] * x[k];
            }

            hidden[j] = Math.Tanh(z);
        }

        double output = 0;
        for (int j = 0; j < hidden.Length; j++)
        {
            output += w2[j] * hidden[j];
        }

        return output * output;
    }

    /// <summary>Two arrays written in one loop (running sums and running products), read back afterwards.</summary>
    [Differentiable]
    public static double PrefixSumsAndProducts(double[] v)
    {
        var sums = new double[v.Length];
        var products = new double[v.Length];
        double s = 0;
        double p = 1;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i];
            p *= 1 + 0.1 * v[i];
            sums[i] = s;
            products[i] = p;
        }

        double r = 0;
        for (int i = 0; i < v.Length; i++)
        {
            r += sums[i] * products[v.Length - 1 - i];
        }

        return r;
    }

    /// <summary>A float buffer, written with ++ and +=.</summary>
    [Differentiable]
    public static float FloatBuffer(float x, float[] w)
    {
        var b = new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            b[i] += w[i] * x;
            b[i]++;
        }

        float s = 0;
        foreach (var c in w)
        {
            s += c;
        }

        for (int i = 0; i < b.Length; i++)
        {
            s += b[i] * b[i];
        }

        return s;
    }
}
