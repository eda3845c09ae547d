using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Workload 2: the mean logistic (binary cross-entropy from logits) loss of a linear model,
/// (1/N)·Σᵢ softplus(zᵢ) − yᵢ·zᵢ with zᵢ = w·xᵢ + bias. The data is N × D row-major (2000 × 20 in the benchmark);
/// the weights and the bias are active, the data and the 0/1 labels are not. softplus is written stably for both
/// signs of z.
/// </summary>
public static partial class LogisticRegression
{
    [Differentiable]
    public static double MeanLoss(ReadOnlySpan<double> weights, double bias, [NoDerivative] double[] data, [NoDerivative] double[] labels)
    {
        int features = weights.Length;
        int samples = labels.Length;
        double total = 0.0;
        for (int i = 0; i < samples; i++)
        {
            double z = bias;
            for (int j = 0; j < features; j++)
            {
                z += weights[j] * data[i * features + j];
            }

            double softplus;
            if (z > 0)
            {
                softplus = z + Math.Log(1.0 + Math.Exp(-z));
            }
            else
            {
                softplus = Math.Log(1.0 + Math.Exp(z));
            }

            total += softplus - labels[i] * z;
        }

        return total / samples;
    }
}
