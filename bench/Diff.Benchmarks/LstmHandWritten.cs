using System.Buffers;

namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="Lstm.SequenceLoss"/> by hand: backpropagation through time. The forward pass is the
/// primal's (each gate's row through a span) and records per step and unit the four gate values, tanh(c) and c, plus
/// every hidden state and every prediction error (a pooled array, about 60 KB here). The reverse pass walks the steps
/// backwards with the adjoints of h and c in two stack buffers: the read-out's adjoint into h, then per unit the
/// gate adjoints from the recorded values (σ' = s(1 − s), tanh' = 1 − t², nothing recomputed), then one pass over each
/// gate row that adds the weight gradient and accumulates the adjoint of the previous hidden state.
/// </summary>
public static class LstmHandWritten
{
    private const int Record = 6; // i, f, o, g, tanh(c), c

    public static double SequenceLossGrad(
        ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, ReadOnlySpan<double> readout, ReadOnlySpan<double> readoutBias,
        double[] sequence, Span<double> dweights, Span<double> dbiases, Span<double> dreadout, Span<double> dreadoutBias)
    {
        if (dweights.Length != weights.Length || dbiases.Length != biases.Length || dreadout.Length != readout.Length || dreadoutBias.Length != readoutBias.Length)
        {
            throw new ArgumentException("Gradient buffers must have the lengths of their inputs.");
        }

        int hidden = biases.Length / 4;
        int features = readoutBias.Length;
        int width = features + hidden;
        int steps = sequence.Length / features - 1;

        int historySize = (steps + 1) * hidden, recordSize = steps * hidden * Record, errorSize = steps * features;
        double[] rented = ArrayPool<double>.Shared.Rent(historySize + recordSize + errorSize);
        Span<double> history = rented.AsSpan(0, historySize);
        Span<double> records = rented.AsSpan(historySize, recordSize);
        Span<double> errors = rented.AsSpan(historySize + recordSize, errorSize);
        history.Slice(0, hidden).Clear();

        double loss = 0.0;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<double> x = sequence.AsSpan(t * features, features);
            ReadOnlySpan<double> h = history.Slice(t * hidden, hidden);
            Span<double> hNew = history.Slice((t + 1) * hidden, hidden);
            Span<double> rec = records.Slice(t * hidden * Record, hidden * Record);
            for (int j = 0; j < hidden; j++)
            {
                double zi = Gate(weights.Slice(j * width, width), biases[j], x, h);
                double zf = Gate(weights.Slice((hidden + j) * width, width), biases[hidden + j], x, h);
                double zo = Gate(weights.Slice((2 * hidden + j) * width, width), biases[2 * hidden + j], x, h);
                double zg = Gate(weights.Slice((3 * hidden + j) * width, width), biases[3 * hidden + j], x, h);
                double inputGate = 1.0 / (1.0 + Math.Exp(-zi));
                double forgetGate = 1.0 / (1.0 + Math.Exp(-zf));
                double outputGate = 1.0 / (1.0 + Math.Exp(-zo));
                double candidate = Math.Tanh(zg);
                double cPrev = t > 0 ? records[((t - 1) * hidden + j) * Record + 5] : 0.0;
                double c = forgetGate * cPrev + inputGate * candidate;
                double tanhC = Math.Tanh(c);
                hNew[j] = outputGate * tanhC;
                var r = rec.Slice(j * Record, Record);
                r[0] = inputGate;
                r[1] = forgetGate;
                r[2] = outputGate;
                r[3] = candidate;
                r[4] = tanhC;
                r[5] = c;
            }

            ReadOnlySpan<double> target = sequence.AsSpan((t + 1) * features, features);
            for (int d = 0; d < features; d++)
            {
                var v = readout.Slice(d * hidden, hidden);
                double prediction = readoutBias[d];
                for (int k = 0; k < v.Length; k++)
                {
                    prediction += v[k] * hNew[k];
                }

                double error = prediction - target[d];
                errors[t * features + d] = error;
                loss += error * error;
            }
        }

        dweights.Clear();
        dbiases.Clear();
        dreadout.Clear();
        dreadoutBias.Clear();
        Span<double> dh = stackalloc double[hidden];
        Span<double> dc = stackalloc double[hidden];
        Span<double> dz = stackalloc double[4 * hidden];
        dh.Clear();
        dc.Clear();
        double scale = 2.0 / steps;
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<double> x = sequence.AsSpan(t * features, features);
            ReadOnlySpan<double> hPrev = history.Slice(t * hidden, hidden);
            ReadOnlySpan<double> hNew = history.Slice((t + 1) * hidden, hidden);
            ReadOnlySpan<double> rec = records.Slice(t * hidden * Record, hidden * Record);

            for (int d = 0; d < features; d++)
            {
                double ge = scale * errors[t * features + d];
                dreadoutBias[d] += ge;
                var v = readout.Slice(d * hidden, hidden);
                var dv = dreadout.Slice(d * hidden, hidden);
                for (int k = 0; k < hidden; k++)
                {
                    dv[k] += ge * hNew[k];
                    dh[k] += ge * v[k];
                }
            }

            for (int j = 0; j < hidden; j++)
            {
                var r = rec.Slice(j * Record, Record);
                double i = r[0], f = r[1], o = r[2], g = r[3], tanhC = r[4];
                double cPrev = t > 0 ? records[((t - 1) * hidden + j) * Record + 5] : 0.0;
                double gO = dh[j] * tanhC;
                double gc = dc[j] + dh[j] * o * (1.0 - tanhC * tanhC);
                dc[j] = gc * f;
                dz[j] = gc * g * i * (1.0 - i);
                dz[hidden + j] = gc * cPrev * f * (1.0 - f);
                dz[2 * hidden + j] = gO * o * (1.0 - o);
                dz[3 * hidden + j] = gc * i * (1.0 - g * g);
            }

            dh.Clear();
            for (int row = 0; row < 4 * hidden; row++)
            {
                double z = dz[row];
                dbiases[row] += z;
                var w = weights.Slice(row * width + features, hidden);
                var dwIn = dweights.Slice(row * width, features);
                var dwH = dweights.Slice(row * width + features, hidden);
                for (int k = 0; k < dwIn.Length; k++)
                {
                    dwIn[k] += z * x[k];
                }

                for (int k = 0; k < dwH.Length; k++)
                {
                    dwH[k] += z * hPrev[k];
                    dh[k] += z * w[k];
                }
            }
        }

        ArrayPool<double>.Shared.Return(rented);
        return loss / steps;
    }

    /// <summary>bias + row·[x, h], in the primal's order (inputs first, then the hidden state).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double Gate(ReadOnlySpan<double> row, double bias, ReadOnlySpan<double> x, ReadOnlySpan<double> h)
    {
        double z = bias;
        for (int k = 0; k < x.Length; k++)
        {
            z += row[k] * x[k];
        }

        var rh = row.Slice(x.Length, h.Length);
        for (int k = 0; k < rh.Length; k++)
        {
            z += rh[k] * h[k];
        }

        return z;
    }
}
