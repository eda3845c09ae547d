using DiffGen;
using System.Globalization;

/// <summary>The Iris table: four measurements (cm) and a species index per flower.</summary>
internal sealed class IrisData
{
    private static readonly string[] s_species = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"];

    private readonly float[][] _features;
    private readonly int[] _labels;

    private IrisData(float[][] features, int[] labels)
    {
        _features = features;
        _labels = labels;
    }

    public int Count => _labels.Length;

    /// <summary>Reads the CSV (header, then sepal length, sepal width, petal length, petal width, species).</summary>
    public static IrisData Load(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')).ToList();
        var features = rows.Select(r => r.Take(4).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var labels = rows.Select(r => Array.IndexOf(s_species, r[4]) is var index and >= 0
            ? index
            : throw new InvalidDataException($"{path}: unknown species '{r[4]}'.")).ToArray();
        return new IrisData(features, labels);
    }

    /// <summary>The rows in a random order: the file is sorted by species, and Fit's validation split takes the last rows.</summary>
    public IrisData Shuffled(int seed)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return new IrisData([.. order.Select(i => _features[i])], [.. order.Select(i => _labels[i])]);
    }

    /// <summary>
    /// Fold <paramref name="fold"/> of <paramref name="folds"/>: every <paramref name="folds"/>-th flower of each
    /// species (in the current order) is tested, the rest trains, so each fold tests every species equally.
    /// </summary>
    public (IrisData Train, IrisData Test) StratifiedFold(int fold, int folds)
    {
        var seen = new int[s_species.Length];
        var test = new List<int>();
        var train = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            (seen[_labels[i]]++ % folds == fold ? test : train).Add(i);
        }

        return (new IrisData([.. train.Select(i => _features[i])], [.. train.Select(i => _labels[i])]),
            new IrisData([.. test.Select(i => _features[i])], [.. test.Select(i => _labels[i])]));
    }

    /// <summary>Per-feature mean and standard deviation, from the training rows only.</summary>
    public (float[] Mean, float[] Std) FeatureStatistics()
    {
        var mean = new float[4];
        var std = new float[4];
        for (var j = 0; j < 4; j++)
        {
            var column = _features.Select(f => (double)f[j]).ToArray();
            var m = column.Average();
            mean[j] = (float)m;
            std[j] = (float)Math.Sqrt(column.Sum(v => (v - m) * (v - m)) / column.Length);
        }

        return (mean, std);
    }

    /// <summary>Standardized features, shape (count, 4).</summary>
    public Tensor Features(float[] mean, float[] std) =>
        Tensor.From([.. _features.SelectMany(f => f.Select((v, j) => (v - mean[j]) / std[j]))], Count, 4);

    /// <summary>Species indices 0, 1, 2 as floats, shape (count,).</summary>
    public Tensor Labels() => Tensor.From([.. _labels.Select(l => (float)l)], Count);
}
