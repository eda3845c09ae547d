namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>
/// Keras 3's update rules (keras/src/optimizers/*.py, update_step) written out per element in double precision,
/// independently of the SIMD code under test: the expected values of the optimizer tests.
/// </summary>
internal static class KerasReference
{
    /// <summary>Runs <paramref name="step"/> for each gradient in turn from <paramref name="initial"/>, returning the value after every step.</summary>
    public static double[][] Run(double[] initial, double[][] gradients, Func<int, double[], double[], double[]> step)
    {
        var w = (double[])initial.Clone();
        var history = new double[gradients.Length][];
        for (var t = 0; t < gradients.Length; t++)
        {
            w = step(t + 1, w, gradients[t]);
            history[t] = (double[])w.Clone();
        }

        return history;
    }

    public static Func<int, double[], double[], double[]> Sgd(double lr, double momentum = 0, bool nesterov = false)
    {
        double[]? velocity = null;
        return (_, w, g) =>
        {
            velocity ??= new double[w.Length];
            var next = new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                if (momentum == 0)
                {
                    next[i] = w[i] - (lr * g[i]);
                    continue;
                }

                velocity[i] = (momentum * velocity[i]) - (lr * g[i]);
                next[i] = nesterov ? w[i] + (momentum * velocity[i]) - (lr * g[i]) : w[i] + velocity[i];
            }

            return next;
        };
    }

    public static Func<int, double[], double[], double[]> Adam(double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
    {
        double[]? m = null, v = null, vHat = null;
        return (t, w, g) =>
        {
            m ??= new double[w.Length];
            v ??= new double[w.Length];
            vHat ??= new double[w.Length];
            var alpha = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            var next = new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                m[i] += (g[i] - m[i]) * (1 - beta1);
                v[i] += ((g[i] * g[i]) - v[i]) * (1 - beta2);
                vHat[i] = Math.Max(vHat[i], v[i]);
                var second = amsgrad ? vHat[i] : v[i];
                next[i] = w[i] - (alpha * m[i] / (Math.Sqrt(second) + epsilon));
            }

            return next;
        };
    }

    public static Func<int, double[], double[], double[]> RmsProp(double lr = 0.001, double rho = 0.9, double momentum = 0, double epsilon = 1e-7, bool centered = false)
    {
        double[]? velocity = null, average = null, moment = null;
        return (_, w, g) =>
        {
            velocity ??= new double[w.Length];
            average ??= new double[w.Length];
            moment ??= new double[w.Length];
            var next = new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                velocity[i] = (rho * velocity[i]) + ((1 - rho) * g[i] * g[i]);
                double denominator;
                if (centered)
                {
                    average[i] = (rho * average[i]) + ((1 - rho) * g[i]);
                    denominator = velocity[i] - (average[i] * average[i]) + epsilon;
                }
                else
                {
                    denominator = velocity[i] + epsilon;
                }

                var increment = lr * g[i] / Math.Sqrt(denominator);
                if (momentum > 0)
                {
                    moment[i] = (momentum * moment[i]) + increment;
                    next[i] = w[i] - moment[i];
                }
                else
                {
                    next[i] = w[i] - increment;
                }
            }

            return next;
        };
    }

    public static Func<int, double[], double[], double[]> Adagrad(double lr = 0.001, double initialAccumulator = 0.1, double epsilon = 1e-7)
    {
        double[]? accumulator = null;
        return (_, w, g) =>
        {
            accumulator ??= Enumerable.Repeat(initialAccumulator, w.Length).ToArray();
            var next = new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                accumulator[i] += g[i] * g[i];
                next[i] = w[i] - (lr * g[i] / Math.Sqrt(accumulator[i] + epsilon));
            }

            return next;
        };
    }

    /// <summary>Keras 3's AdamW: w −= w·wd·lr before the Adam step (the base optimizer's _apply_weight_decay), with lr per step (0-based).</summary>
    public static Func<int, double[], double[], double[]> AdamW(double lr = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7) =>
        AdamW(_ => lr, weightDecay, beta1, beta2, epsilon);

    public static Func<int, double[], double[], double[]> AdamW(Func<int, double> lrAt, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    {
        double[]? m = null, v = null;
        return (t, w, g) =>
        {
            m ??= new double[w.Length];
            v ??= new double[w.Length];
            var lr = lrAt(t - 1);
            var alpha = lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t));
            var next = new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                var decayed = w[i] - (w[i] * weightDecay * lr);
                m[i] += (g[i] - m[i]) * (1 - beta1);
                v[i] += ((g[i] * g[i]) - v[i]) * (1 - beta2);
                next[i] = decayed - (alpha * m[i] / (Math.Sqrt(v[i]) + epsilon));
            }

            return next;
        };
    }

    /// <summary>
    /// Keras 3's Nadam: μₜ = β₁(1 − ½·0.96ᵗ), the product Πₜ = μ₁⋯μₜ (advanced once per step before the update),
    /// m̂ = μₜ₊₁m/(1 − Πₜμₜ₊₁) + (1 − μₜ)g/(1 − Πₜ), v̂ = v/(1 − β₂ᵗ), w −= lr·m̂/(√v̂ + ε).
    /// </summary>
    public static Func<int, double[], double[], double[]> Nadam(double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    {
        double[]? m = null, v = null;
        var product = 1.0;
        double Mu(int step) => beta1 * (1 - (0.5 * Math.Pow(0.96, step)));
        return (t, w, g) =>
        {
            m ??= new double[w.Length];
            v ??= new double[w.Length];
            product *= Mu(t);
            var productNext = product * Mu(t + 1);
            var next = new double[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                m[i] += (g[i] - m[i]) * (1 - beta1);
                v[i] += ((g[i] * g[i]) - v[i]) * (1 - beta2);
                var mHat = (Mu(t + 1) * m[i] / (1 - productNext)) + ((1 - Mu(t)) * g[i] / (1 - product));
                var vHat = v[i] / (1 - Math.Pow(beta2, t));
                next[i] = w[i] - (lr * mHat / (Math.Sqrt(vHat) + epsilon));
            }

            return next;
        };
    }
}
