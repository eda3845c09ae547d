namespace Diff.Benchmarks;

/// <summary>
/// Deterministic inputs for the four loop workloads, shared by the benchmarks and by <c>--check</c> so that both
/// look at the same points. Sizes are the ones the benchmarks report.
/// </summary>
internal static class WorkloadData
{
    public const int RosenbrockSize = 10_000;

    public const int LogisticSamples = 2000;
    public const int LogisticFeatures = 20;

    public const int NetworkInputs = 16;
    public const int NetworkHidden = 32;
    public const int NetworkSamples = 256;

    public const int MixturePoints = 1000;
    public const int MixtureComponents = 5;
    public const int MixtureDims = 8;

    /// <summary>A point in [−2, 2]ⁿ, away from the minimum at (1, …, 1), so every partial is sizeable.</summary>
    public static double[] RosenbrockPoint(int seed = 1)
    {
        var random = new Random(seed);
        return Uniform(random, RosenbrockSize, -2.0, 2.0);
    }

    /// <summary>
    /// Row-major data in [−1, 1]^D, labels drawn from a logistic model with other weights, and the weights and bias
    /// the loss is evaluated at. z = w·x + b takes both signs (about half each), so the softplus branch is
    /// unpredictable.
    /// </summary>
    public static (double[] Weights, double Bias, double[] Data, double[] Labels) Logistic(int seed = 2)
    {
        var random = new Random(seed);
        var data = Uniform(random, LogisticSamples * LogisticFeatures, -1.0, 1.0);
        var trueWeights = Uniform(random, LogisticFeatures, -1.5, 1.5);
        var labels = new double[LogisticSamples];
        for (var i = 0; i < LogisticSamples; i++)
        {
            var z = 0.3;
            for (var j = 0; j < LogisticFeatures; j++)
            {
                z += trueWeights[j] * data[i * LogisticFeatures + j];
            }

            labels[i] = random.NextDouble() < 1.0 / (1.0 + Math.Exp(-z)) ? 1.0 : 0.0;
        }

        return (Uniform(random, LogisticFeatures, -0.5, 0.5), 0.1, data, labels);
    }

    /// <summary>Glorot-uniform-sized weights, small biases, inputs in [−1, 1]¹⁶, targets a smooth function of them.</summary>
    public static (double[] W1, double[] B1, double[] W2, double B2, double[] Inputs, double[] Targets) Network(int seed = 3)
    {
        var random = new Random(seed);
        var limit1 = Math.Sqrt(6.0 / (NetworkInputs + NetworkHidden));
        var limit2 = Math.Sqrt(6.0 / (NetworkHidden + 1));
        var w1 = Uniform(random, NetworkHidden * NetworkInputs, -limit1, limit1);
        var b1 = Uniform(random, NetworkHidden, -0.1, 0.1);
        var w2 = Uniform(random, NetworkHidden, -limit2, limit2);
        var inputs = Uniform(random, NetworkSamples * NetworkInputs, -1.0, 1.0);
        var targets = new double[NetworkSamples];
        for (var s = 0; s < NetworkSamples; s++)
        {
            double sum = 0;
            for (var k = 0; k < NetworkInputs; k++)
            {
                sum += (k % 3 - 1) * inputs[s * NetworkInputs + k];
            }

            targets[s] = Math.Sin(sum);
        }

        return (w1, b1, w2, 0.05, inputs, targets);
    }

    /// <summary>
    /// Points drawn from one 5-component mixture in 8 dimensions; the likelihood is evaluated at other parameters
    /// (means in [−3, 3], log-stds in [−0.5, 0.5], logits in [−1, 1]) so the gradient is not near zero.
    /// </summary>
    public static (double[] Means, double[] LogStds, double[] Logits, double[] Points) Mixture(int seed = 4)
    {
        var random = new Random(seed);
        var trueMeans = Uniform(random, MixtureComponents * MixtureDims, -3.0, 3.0);
        var points = new double[MixturePoints * MixtureDims];
        for (var i = 0; i < MixturePoints; i++)
        {
            var c = random.Next(MixtureComponents);
            for (var d = 0; d < MixtureDims; d++)
            {
                points[i * MixtureDims + d] = trueMeans[c * MixtureDims + d] + 0.8 * Gaussian(random);
            }
        }

        var means = Uniform(random, MixtureComponents * MixtureDims, -3.0, 3.0);
        var logStds = Uniform(random, MixtureComponents * MixtureDims, -0.5, 0.5);
        var logits = Uniform(random, MixtureComponents, -1.0, 1.0);
        return (means, logStds, logits, points);
    }

    private static double[] Uniform(Random random, int count, double low, double high)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }

        return values;
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    private static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
