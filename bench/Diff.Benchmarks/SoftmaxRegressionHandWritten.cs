namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="SoftmaxRegression.MeanCrossEntropy"/> by hand: per sample one pass for the logits (as
/// the primal), the exps of the log-sum-exp kept in the logits buffer, then ∂/∂z_c = softmax_c − [c = label] added
/// into the bias gradient and (times the sample's row, still in L1) into the weight gradient; 1/N applied once at the
/// end. Rows through spans, so the JIT drops the bounds checks.
/// </summary>
public static class SoftmaxRegressionHandWritten
{
    public static double MeanCrossEntropyGrad(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, double[] data, int[] labels,
        Span<double> dweights, Span<double> dbiases)
    {
        if (dweights.Length != weights.Length || dbiases.Length != biases.Length)
        {
            throw new ArgumentException("Gradient buffers must have the lengths of weights and biases.");
        }

        int classes = biases.Length;
        int features = weights.Length / classes;
        int samples = labels.Length;
        dweights.Clear();
        dbiases.Clear();
        Span<double> logits = stackalloc double[classes];
        double total = 0.0;
        for (int i = 0; i < samples; i++)
        {
            var row = data.AsSpan(i * features, features);
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                var w = weights.Slice(c * features, features);
                double z = biases[c];
                for (int j = 0; j < w.Length; j++)
                {
                    z += w[j] * row[j];
                }

                logits[c] = z;
                if (z > max)
                {
                    max = z;
                }
            }

            int label = labels[i];
            double labelLogit = logits[label];
            double sum = 0.0;
            for (int c = 0; c < classes; c++)
            {
                double e = Math.Exp(logits[c] - max);
                logits[c] = e;
                sum += e;
            }

            total += max + Math.Log(sum) - labelLogit;

            double inv = 1.0 / sum;
            for (int c = 0; c < classes; c++)
            {
                double g = logits[c] * inv - (c == label ? 1.0 : 0.0);
                dbiases[c] += g;
                var dw = dweights.Slice(c * features, features);
                for (int j = 0; j < dw.Length; j++)
                {
                    dw[j] += g * row[j];
                }
            }
        }

        double scale = 1.0 / samples;
        for (int k = 0; k < dweights.Length; k++)
        {
            dweights[k] *= scale;
        }

        for (int c = 0; c < classes; c++)
        {
            dbiases[c] *= scale;
        }

        return total / samples;
    }
}
