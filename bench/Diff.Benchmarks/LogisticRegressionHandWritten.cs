namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="LogisticRegression.MeanLoss"/> written by hand: one fused pass over the samples. For
/// each sample the dot product gives z, then ∂ℓ/∂z = σ(z) − y comes from the exp the loss already computed
/// (σ(z) = 1/(1 + e^(−z)) for z &gt; 0, e^z/(1 + e^z) otherwise: no second exp, no division by a recomputed value),
/// and the row is added into the weight gradient while it is still in L1. The 1/N of the mean is applied once at
/// the end instead of once per sample.
/// </summary>
public static class LogisticRegressionHandWritten
{
    /// <summary>Returns the mean loss, bit-for-bit the primal's, overwrites <paramref name="dweights"/> and writes <paramref name="dbias"/>.</summary>
    public static double MeanLossGrad(
        ReadOnlySpan<double> weights, double bias, double[] data, double[] labels, Span<double> dweights, out double dbias)
    {
        if (dweights.Length != weights.Length)
        {
            throw new ArgumentException($"The gradient buffer 'dweights' has length {dweights.Length} but 'weights' has length {weights.Length}; they must be equal.", nameof(dweights));
        }

        int features = weights.Length;
        int samples = labels.Length;
        dweights.Clear();
        double total = 0.0;
        double gradientBias = 0.0;
        for (int i = 0; i < samples; i++)
        {
            ReadOnlySpan<double> row = data.AsSpan(i * features, features);

            // Forward: z = w·x + b, in the primal's order.
            double z = bias;
            for (int j = 0; j < row.Length; j++)
            {
                z += weights[j] * row[j];
            }

            // softplus(z) and σ(z) = softplus'(z) from one exp.
            double softplus;
            double sigmoid;
            if (z > 0)
            {
                double e = Math.Exp(-z);
                double onePlusE = 1.0 + e;
                softplus = z + Math.Log(onePlusE);
                sigmoid = 1.0 / onePlusE;
            }
            else
            {
                double e = Math.Exp(z);
                double onePlusE = 1.0 + e;
                softplus = Math.Log(onePlusE);
                sigmoid = e / onePlusE;
            }

            double label = labels[i];
            total += softplus - label * z;

            // Reverse, fused: ∂(softplus(z) − y·z)/∂z = σ(z) − y; z = w·x + b.
            double g = sigmoid - label;
            gradientBias += g;
            for (int j = 0; j < row.Length; j++)
            {
                dweights[j] += g * row[j];
            }
        }

        // The mean: every partial carries 1/N.
        double invSamples = 1.0 / samples;
        for (int j = 0; j < dweights.Length; j++)
        {
            dweights[j] *= invSamples;
        }

        dbias = gradientBias * invSamples;
        return total / samples;
    }
}
