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
}
