using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: a one-layer LSTM run over a sequence of 64 input vectors (8 features, 16 hidden units), predicting
/// the next input from the hidden state through a linear read-out; the loss is the mean squared prediction error over
/// the 63 predictions. The four gates' weights are stacked in one span, gate by gate (input, forget, output, cell),
/// each gate hidden × (features + hidden) row-major with the input columns first; biases likewise (4 × hidden).
/// The hidden and cell states live in stack buffers that every step overwrites.
/// </summary>
public static partial class Lstm
{
    [Differentiable]
    public static double SequenceLoss(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> readout, ReadOnlySpan<double> readoutBias,
        [NoDerivative] double[] sequence)
    {
        int hidden = biases.Length / 4;
        int features = readoutBias.Length;
        int width = features + hidden;
        int steps = sequence.Length / features - 1;
        Span<double> h = stackalloc double[hidden];
        Span<double> c = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        double loss = 0.0;
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j < hidden; j++)
            {
                double zi = biases[j];
                double zf = biases[hidden + j];
                double zo = biases[2 * hidden + j];
                double zg = biases[3 * hidden + j];
                for (int k = 0; k < features; k++)
                {
                    double input = sequence[t * features + k];
                    zi += weights[j * width + k] * input;
                    zf += weights[(hidden + j) * width + k] * input;
                    zo += weights[(2 * hidden + j) * width + k] * input;
                    zg += weights[(3 * hidden + j) * width + k] * input;
                }

                for (int k = 0; k < hidden; k++)
                {
                    zi += weights[j * width + features + k] * h[k];
                    zf += weights[(hidden + j) * width + features + k] * h[k];
                    zo += weights[(2 * hidden + j) * width + features + k] * h[k];
                    zg += weights[(3 * hidden + j) * width + features + k] * h[k];
                }

                double inputGate = 1.0 / (1.0 + Math.Exp(-zi));
                double forgetGate = 1.0 / (1.0 + Math.Exp(-zf));
                double outputGate = 1.0 / (1.0 + Math.Exp(-zo));
                double candidate = Math.Tanh(zg);
                c[j] = forgetGate * c[j] + inputGate * candidate;
                next[j] = outputGate * Math.Tanh(c[j]);
            }

            for (int j = 0; j < hidden; j++)
            {
                h[j] = next[j];
            }

            for (int d = 0; d < features; d++)
            {
                double prediction = readoutBias[d];
                for (int k = 0; k < hidden; k++)
                {
                    prediction += readout[d * hidden + k] * h[k];
                }

                double error = prediction - sequence[(t + 1) * features + d];
                loss += error * error;
            }
        }

        return loss / steps;
    }
}
