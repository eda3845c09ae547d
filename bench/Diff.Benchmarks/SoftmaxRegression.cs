using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: the mean softmax cross-entropy of a linear classifier (multinomial logistic regression), 1000
/// samples × 20 features × 10 classes. weights is classes × features row-major, biases one per class; the data
/// (samples × features, row-major) and the integer labels are not differentiated. The logits of a sample go to a
/// stack buffer, then a stable log-sum-exp (max first) minus the logit of the true class.
/// </summary>
public static partial class SoftmaxRegression
{
    [Differentiable]
    public static double MeanCrossEntropy(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, [NoDerivative] double[] data, int[] labels)
    {
        int classes = biases.Length;
        int features = weights.Length / classes;
        int samples = labels.Length;
        Span<double> logits = stackalloc double[classes];
        double total = 0.0;
        for (int i = 0; i < samples; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double z = biases[c];
                for (int j = 0; j < features; j++)
                {
                    z += weights[c * features + j] * data[i * features + j];
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

            total += max + Math.Log(sum) - logits[labels[i]];
        }

        return total / samples;
    }
}
