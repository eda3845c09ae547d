using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Workload 3: the mean squared error of a one-hidden-layer tanh network, out = w2·tanh(W1·x + b1) + b2, over a batch
/// (16 inputs, 32 hidden units, 1 output, 256 samples in the benchmark). W1 is hidden × inputs row-major. The
/// parameters are active, the inputs (samples × inputs, row-major) and the targets are not. Three nested loops; the
/// hidden activations are not stored anywhere (no local arrays), each is used once, right after it is computed.
/// </summary>
public static partial class TanhNetwork
{
    [Differentiable]
    public static double MeanSquaredError(
        ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] double[] inputs, [NoDerivative] double[] targets)
    {
        int hidden = b1.Length;
        int inputSize = w1.Length / hidden;
        int samples = targets.Length;
        double total = 0.0;
        for (int s = 0; s < samples; s++)
        {
            double output = b2;
            for (int h = 0; h < hidden; h++)
            {
                double pre = b1[h];
                for (int k = 0; k < inputSize; k++)
                {
                    pre += w1[h * inputSize + k] * inputs[s * inputSize + k];
                }

                output += w2[h] * Math.Tanh(pre);
            }

            double error = output - targets[s];
            total += error * error;
        }

        return total / samples;
    }
}
