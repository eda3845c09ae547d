using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Direct double-precision loops for the normalization layers and the embedding lookup: the mean and biased variance
/// summed element by element over the reduced positions, then (x − mean)/√(var + ε)·γ + β.
/// </summary>
internal static class NormalizationReference
{
    /// <summary>
    /// Normalizes x (outer, n, inner) around its middle axis: over that axis per (outer, inner) position when
    /// <paramref name="perSample"/> (layer norm), else over (outer, inner) per channel (batch norm). With
    /// <paramref name="mean"/> and <paramref name="variance"/> given, uses them instead of computing statistics.
    /// </summary>
    public static Ref Normalize(Ref x, int outer, int n, int inner, bool perSample, double epsilon, Ref? gamma, Ref? beta, Ref? mean = null, Ref? variance = null)
    {
        var y = new double[x.Size];
        double At(int o, int a, int i) => x.Data[(((o * n) + a) * inner) + i];
        void Set(int o, int a, int i, double m, double v) =>
            y[(((o * n) + a) * inner) + i] = ((At(o, a, i) - m) / Math.Sqrt(v + epsilon) * (gamma?.Data[a] ?? 1)) + (beta?.Data[a] ?? 0);

        if (perSample)
        {
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    double m = 0, v = 0;
                    for (var a = 0; a < n; a++)
                    {
                        m += At(o, a, i);
                    }

                    m /= n;
                    for (var a = 0; a < n; a++)
                    {
                        v += (At(o, a, i) - m) * (At(o, a, i) - m);
                    }

                    v /= n;
                    for (var a = 0; a < n; a++)
                    {
                        Set(o, a, i, m, v);
                    }
                }
            }
        }
        else
        {
            var stats = Moments(x, outer, n, inner);
            for (var a = 0; a < n; a++)
            {
                var m = mean?.Data[a] ?? stats.Mean[a];
                var v = variance?.Data[a] ?? stats.Variance[a];
                for (var o = 0; o < outer; o++)
                {
                    for (var i = 0; i < inner; i++)
                    {
                        Set(o, a, i, m, v);
                    }
                }
            }
        }

        return new Ref((int[])x.Shape.Clone(), y);
    }

    /// <summary>Per channel a of x (outer, n, inner): the mean and biased variance over (outer, inner).</summary>
    public static (double[] Mean, double[] Variance) Moments(Ref x, int outer, int n, int inner)
    {
        double[] mean = new double[n], variance = new double[n];
        var count = outer * inner;
        for (var a = 0; a < n; a++)
        {
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    mean[a] += x.Data[(((o * n) + a) * inner) + i];
                }
            }

            mean[a] /= count;
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    var d = x.Data[(((o * n) + a) * inner) + i] - mean[a];
                    variance[a] += d * d;
                }
            }

            variance[a] /= count;
        }

        return (mean, variance);
    }

    /// <summary>Row indices[k] of the table, for every index, in order: shape indices.Shape + (dim,).</summary>
    public static Ref Embed(Ref indices, Ref table)
    {
        var dim = table.Shape[1];
        var y = new double[indices.Size * dim];
        for (var k = 0; k < indices.Size; k++)
        {
            Array.Copy(table.Data, (int)indices.Data[k] * dim, y, k * dim, dim);
        }

        return new Ref([.. indices.Shape, dim], y);
    }
}
