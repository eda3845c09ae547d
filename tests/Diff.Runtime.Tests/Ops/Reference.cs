namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// A double-precision n-dimensional array for reference computations: row-major values and a shape, nothing else.
/// Every op on it in <see cref="Reference"/> is a naive loop over multi-indices written from the op's definition,
/// sharing no code with the runtime's kernels (no run plans, no strides, no TensorPrimitives).
/// </summary>
internal sealed class Ref
{
    public Ref(int[] shape, double[] data)
    {
        if (data.Length != Reference.SizeOf(shape))
        {
            throw new ArgumentException($"Ref: {data.Length} values for shape ({string.Join(",", shape)}).");
        }

        Shape = shape;
        Data = data;
    }

    public int[] Shape { get; }

    public double[] Data { get; }

    public int Rank => Shape.Length;

    public int Size => Data.Length;

    /// <summary>The exact values of a float tensor, widened to double.</summary>
    public static Ref Of(Tensor t) => new(t.Shape.ToArray(), [.. t.ToArray().Select(v => (double)v)]);

    public static Ref Scalar(double value) => new([], [value]);

    public double this[int[] index] => Data[Reference.Offset(Shape, index)];

    public Ref Clone() => new((int[])Shape.Clone(), (double[])Data.Clone());

    public override string ToString() => $"({string.Join(",", Shape)}) [{string.Join(", ", Data.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}]";
}

/// <summary>Reference implementations of every op, in double, by the textbook definition.</summary>
internal static class Reference
{
    public static int SizeOf(int[] shape) => shape.Aggregate(1, (p, d) => p * d);

    /// <summary>Row-major offset of a multi-index.</summary>
    public static int Offset(int[] shape, int[] index)
    {
        var offset = 0;
        for (var axis = 0; axis < shape.Length; axis++)
        {
            if (index[axis] < 0 || index[axis] >= shape[axis])
            {
                throw new IndexOutOfRangeException("Reference index out of range.");
            }

            offset = (offset * shape[axis]) + index[axis];
        }

        return offset;
    }

    /// <summary>Every multi-index of <paramref name="shape"/> in row-major order (one empty index for a scalar).</summary>
    public static IEnumerable<int[]> Indices(int[] shape)
    {
        if (shape.Any(d => d == 0))
        {
            yield break;
        }

        var index = new int[shape.Length];
        while (true)
        {
            yield return (int[])index.Clone();
            var axis = shape.Length - 1;
            while (axis >= 0 && ++index[axis] == shape[axis])
            {
                index[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>NumPy's broadcast shape, or null when the shapes are incompatible.</summary>
    public static int[]? BroadcastShape(params int[][] shapes)
    {
        var rank = shapes.Max(s => s.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var size = 1;
            foreach (var shape in shapes)
            {
                var d = i - (rank - shape.Length);
                var dimension = d >= 0 ? shape[d] : 1;
                if (dimension == 1)
                {
                    continue;
                }

                if (size != 1 && size != dimension)
                {
                    return null;
                }

                size = dimension;
            }

            result[i] = size;
        }

        return result;
    }

    /// <summary>The element of <paramref name="x"/> that broadcasting places at <paramref name="outputIndex"/>.</summary>
    public static double At(Ref x, int[] outputIndex)
    {
        var index = new int[x.Rank];
        var skip = outputIndex.Length - x.Rank;
        for (var axis = 0; axis < x.Rank; axis++)
        {
            index[axis] = x.Shape[axis] == 1 ? 0 : outputIndex[axis + skip];
        }

        return x[index];
    }

    public static Ref Map(Ref x, Func<double, double> f) => new((int[])x.Shape.Clone(), [.. x.Data.Select(f)]);

    public static Ref Binary(Ref a, Ref b, Func<double, double, double> f)
    {
        var shape = BroadcastShape(a.Shape, b.Shape) ?? throw new ArgumentException("Reference: shapes do not broadcast.");
        return new Ref(shape, [.. Indices(shape).Select(i => f(At(a, i), At(b, i)))]);
    }

    public static Ref Where(Ref condition, Ref x, Ref y)
    {
        var shape = BroadcastShape(condition.Shape, x.Shape, y.Shape) ?? throw new ArgumentException("Reference: shapes do not broadcast.");
        return new Ref(shape, [.. Indices(shape).Select(i => At(condition, i) != 0 ? At(x, i) : At(y, i))]);
    }

    public static Ref BroadcastTo(Ref x, int[] shape) => new(shape, [.. Indices(shape).Select(i => At(x, i))]);

    public static Ref MatMul(Ref a, Ref b, bool transposeA = false, bool transposeB = false)
    {
        double A(int i, int p) => transposeA ? a[[p, i]] : a[[i, p]];
        double B(int p, int j) => transposeB ? b[[j, p]] : b[[p, j]];
        int m = transposeA ? a.Shape[1] : a.Shape[0], k = transposeA ? a.Shape[0] : a.Shape[1];
        var n = transposeB ? b.Shape[0] : b.Shape[1];
        var result = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    sum += A(i, p) * B(p, j);
                }

                result[(i * n) + j] = sum;
            }
        }

        return new Ref([m, n], result);
    }

    /// <summary>Result axis j is axis perm[j] of x: result[i₀, …] = x[index with index[perm[j]] = i_j].</summary>
    public static Ref Transpose(Ref x, int[]? perm = null)
    {
        perm ??= [.. Enumerable.Range(0, x.Rank).Reverse()];
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        return new Ref(shape, [.. Indices(shape).Select(i =>
        {
            var source = new int[x.Rank];
            for (var j = 0; j < perm.Length; j++)
            {
                source[perm[j]] = i[j];
            }

            return x[source];
        })]);
    }

    public static Ref Reshape(Ref x, params int[] shape)
    {
        var known = shape.Where(d => d != -1).Aggregate(1, (p, d) => p * d);
        var resolved = shape.Select(d => d == -1 ? x.Size / known : d).ToArray();
        return new Ref(resolved, (double[])x.Data.Clone());
    }

    public enum Reduction { Sum, Mean, Max }

    public static Ref Reduce(Ref x, Reduction kind, int? axis = null, bool keepDims = false)
    {
        var axes = axis is { } a ? [a < 0 ? a + x.Rank : a] : Enumerable.Range(0, x.Rank).ToArray();
        var kept = x.Shape.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray();
        var groups = new List<double>[SizeOf(kept)];
        for (var g = 0; g < groups.Length; g++)
        {
            groups[g] = [];
        }

        foreach (var index in Indices(x.Shape))
        {
            var target = index.Select((v, i) => axes.Contains(i) ? 0 : v).ToArray();
            groups[Offset(kept, target)].Add(x[index]);
        }

        var values = groups.Select(g => kind switch
        {
            Reduction.Sum => g.Sum(),
            Reduction.Mean => g.Count == 0 ? double.NaN : g.Sum() / g.Count,
            _ => g.Count == 0 ? double.NegativeInfinity : g.Max(),
        }).ToArray();
        var shape = keepDims ? kept : x.Shape.Where((_, i) => !axes.Contains(i)).ToArray();
        return new Ref(shape, values);
    }

    public static Ref Concat(IReadOnlyList<Ref> xs, int axis)
    {
        var rank = xs[0].Rank;
        axis = axis < 0 ? axis + rank : axis;
        var shape = (int[])xs[0].Shape.Clone();
        shape[axis] = xs.Sum(x => x.Shape[axis]);
        return new Ref(shape, [.. Indices(shape).Select(i =>
        {
            var position = i[axis];
            foreach (var x in xs)
            {
                if (position < x.Shape[axis])
                {
                    var source = (int[])i.Clone();
                    source[axis] = position;
                    return x[source];
                }

                position -= x.Shape[axis];
            }

            throw new InvalidOperationException("unreachable");
        })]);
    }

    public static Ref Slice(Ref x, int start, int length, int axis = 0)
    {
        axis = axis < 0 ? axis + x.Rank : axis;
        var shape = (int[])x.Shape.Clone();
        shape[axis] = length;
        return new Ref(shape, [.. Indices(shape).Select(i =>
        {
            var source = (int[])i.Clone();
            source[axis] += start;
            return x[source];
        })]);
    }

    /// <summary>exp(x − max) / Σ exp(x − max) along <paramref name="axis"/>, or its logarithm.</summary>
    public static Ref Softmax(Ref x, int axis, bool log = false)
    {
        var max = Reduce(x, Reduction.Max, axis, keepDims: true);
        var shifted = Binary(x, max, (v, m) => v - m);
        var sum = Reduce(Map(shifted, Math.Exp), Reduction.Sum, axis, keepDims: true);
        return log
            ? Binary(shifted, sum, (s, total) => s - Math.Log(total))
            : Binary(shifted, sum, (s, total) => Math.Exp(s) / total);
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Σ x·w, the scalar a random weight tensor turns an op's output into.</summary>
    public static double Dot(Ref x, Ref w)
    {
        double sum = 0;
        for (var i = 0; i < x.Size; i++)
        {
            sum += x.Data[i] * w.Data[i];
        }

        return sum;
    }
}
