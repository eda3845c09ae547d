using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// LSTM and GRU written as plain double loops over samples, timesteps and units, from the equations in Keras'
/// documentation (gate order i, f, c, o and z, r, h), with tanh and sigmoid.
/// </summary>
internal static class RecurrentReference
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>The LSTM's outputs: every step's h (batch, steps, units) in processing order, and the final h and c.</summary>
    public static (Ref Sequence, Ref H, Ref C) Lstm(Ref x, Ref kernel, Ref recurrent, Ref? bias, bool goBackwards = false)
    {
        int batch = x.Shape[0], steps = x.Shape[1], features = x.Shape[2], units = recurrent.Shape[0];
        var sequence = new double[batch * steps * units];
        double[] hOut = new double[batch * units], cOut = new double[batch * units];
        for (var b = 0; b < batch; b++)
        {
            double[] h = new double[units], c = new double[units];
            for (var i = 0; i < steps; i++)
            {
                var t = goBackwards ? steps - 1 - i : i;
                var z = new double[4 * units];
                for (var g = 0; g < 4 * units; g++)
                {
                    z[g] = bias?.Data[g] ?? 0;
                    for (var f = 0; f < features; f++)
                    {
                        z[g] += x.Data[(((b * steps) + t) * features) + f] * kernel.Data[(f * 4 * units) + g];
                    }

                    for (var u = 0; u < units; u++)
                    {
                        z[g] += h[u] * recurrent.Data[(u * 4 * units) + g];
                    }
                }

                for (var u = 0; u < units; u++)
                {
                    c[u] = (Sigmoid(z[units + u]) * c[u]) + (Sigmoid(z[u]) * Math.Tanh(z[(2 * units) + u]));
                    h[u] = Sigmoid(z[(3 * units) + u]) * Math.Tanh(c[u]);
                    sequence[(((b * steps) + i) * units) + u] = h[u];
                }
            }

            h.CopyTo(hOut, b * units);
            c.CopyTo(cOut, b * units);
        }

        return (new Ref([batch, steps, units], sequence), new Ref([batch, units], hOut), new Ref([batch, units], cOut));
    }

    /// <summary>The GRU's outputs: every step's h (batch, steps, units) and the final h.</summary>
    public static (Ref Sequence, Ref H) Gru(Ref x, Ref kernel, Ref recurrent, Ref? bias, bool resetAfter)
    {
        int batch = x.Shape[0], steps = x.Shape[1], features = x.Shape[2], units = recurrent.Shape[0];
        var sequence = new double[batch * steps * units];
        var hOut = new double[batch * units];
        double InputBias(int g) => bias is null ? 0 : bias.Data[g];
        double RecurrentBias(int g) => bias is null || !resetAfter ? 0 : bias.Data[(3 * units) + g];
        for (var b = 0; b < batch; b++)
        {
            var h = new double[units];
            for (var t = 0; t < steps; t++)
            {
                double[] xs = new double[3 * units], hs = new double[3 * units];
                for (var g = 0; g < 3 * units; g++)
                {
                    xs[g] = InputBias(g);
                    for (var f = 0; f < features; f++)
                    {
                        xs[g] += x.Data[(((b * steps) + t) * features) + f] * kernel.Data[(f * 3 * units) + g];
                    }

                    hs[g] = RecurrentBias(g);
                    for (var u = 0; u < units; u++)
                    {
                        hs[g] += h[u] * recurrent.Data[(u * 3 * units) + g];
                    }
                }

                var next = new double[units];
                for (var u = 0; u < units; u++)
                {
                    var z = Sigmoid(xs[u] + hs[u]);
                    var r = Sigmoid(xs[units + u] + hs[units + u]);
                    double candidate;
                    if (resetAfter)
                    {
                        candidate = Math.Tanh(xs[(2 * units) + u] + (r * hs[(2 * units) + u]));
                    }
                    else
                    {
                        // (r ⊙ h)·U_h: the reset multiplies the state before the product.
                        var sum = xs[(2 * units) + u];
                        for (var v = 0; v < units; v++)
                        {
                            var rv = Sigmoid(xs[units + v] + hs[units + v]);
                            sum += rv * h[v] * recurrent.Data[(v * 3 * units) + (2 * units) + u];
                        }

                        candidate = Math.Tanh(sum);
                    }

                    next[u] = (z * h[u]) + ((1 - z) * candidate);
                }

                h = next;
                h.CopyTo(sequence, ((b * steps) + t) * units);
            }

            h.CopyTo(hOut, b * units);
        }

        return (new Ref([batch, steps, units], sequence), new Ref([batch, units], hOut));
    }
}
