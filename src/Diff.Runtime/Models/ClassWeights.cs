using System.Globalization;

namespace DiffGen;

/// <summary>
/// Keras' <c>class_weight</c> turned into per-sample weights (<c>data_adapter_utils.class_weight_to_sample_weights</c>):
/// each sample's class is its label — the argmax of a one-hot (or probability) row, else the rounded value of a (n,) or
/// (n, 1) label — and its weight is that class's entry, 1 for a class the dictionary does not list.
/// </summary>
internal static class ClassWeights
{
    /// <summary>One weight per sample of <paramref name="y"/>, shape (n,).</summary>
    public static Tensor ToSampleWeights(IReadOnlyDictionary<int, double> classWeight, Tensor y)
    {
        if (y.Rank == 0)
        {
            throw new ArgumentException($"classWeight: y has shape {y.Shape.ToCompactString()}; it needs the samples along its first axis.");
        }

        var samples = y.Shape[0];
        var width = samples == 0 ? 0 : y.Size / samples;
        var labels = y.AsSpan();
        var weights = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            var row = labels.Slice(i * width, width);
            int label;
            if (y.Rank >= 2 && y.Shape[-1] > 1)
            {
                if (y.Rank > 2)
                {
                    throw new ArgumentException($"classWeight: y has shape {y.Shape.ToCompactString()}; class weights need one label (or one one-hot row) per sample.");
                }

                label = CategoricalAccuracy.ArgMax(row);
            }
            else
            {
                var value = row[0];
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"classWeight: the label of sample {i} is {value.ToString(CultureInfo.InvariantCulture)}, not a class index.");
                }

                // NumPy's round: halves to even, as Keras rounds the labels.
                label = (int)MathF.Round(value, MidpointRounding.ToEven);
            }

            weights[i] = classWeight.TryGetValue(label, out var weight) ? (float)weight : 1f;
        }

        return Tensor.From(weights, samples);
    }

    /// <summary>Checks a class-weight dictionary: finite weights, and not given with sample weights (Keras refuses both at once).</summary>
    public static void Check(string what, IReadOnlyDictionary<int, double>? classWeight, bool hasSampleWeight)
    {
        if (classWeight is null)
        {
            return;
        }

        if (hasSampleWeight)
        {
            throw new ArgumentException($"{what}: give classWeight or sample weights, not both (Keras: \"You cannot `class_weight` and `sample_weight` at the same time\").", nameof(classWeight));
        }

        foreach (var (label, weight) in classWeight)
        {
            if (!double.IsFinite(weight))
            {
                throw new ArgumentException($"{what}: classWeight[{label}] is {weight.ToString(CultureInfo.InvariantCulture)}; class weights must be finite.", nameof(classWeight));
            }
        }
    }
}
