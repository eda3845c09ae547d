namespace DiffGen.Runtime.Tests.Losses;

/// <summary>
/// The losses written out independently in double precision, row by row, from Keras 3's definitions
/// (keras/src/losses/losses.py and the backend's cross-entropies): the expected values of the loss tests, and the
/// functions whose finite differences check the tape's gradients.
/// </summary>
internal static class LossReference
{
    /// <summary>Keras' epsilon, and its upper clip 1 − 1e-7 as float32 holds it (0.99999988…).</summary>
    public const double Epsilon = 1e-7;
    public const double Upper = (double)(float)(1 - 1e-7);

    /// <summary>The mean over rows of <paramref name="perRow"/>(label row, prediction row), rows of <paramref name="width"/> values.</summary>
    public static double Mean(double[] yTrue, double[] yPred, int width, Func<double[], double[], double> perRow)
    {
        var rows = yPred.Length / width;
        var sum = 0.0;
        for (var r = 0; r < rows; r++)
        {
            sum += perRow(yTrue[(r * width)..((r + 1) * width)], yPred[(r * width)..((r + 1) * width)]);
        }

        return sum / rows;
    }

    public static double Mse(double[] t, double[] p) => t.Zip(p, (a, b) => (a - b) * (a - b)).Average();

    public static double Mae(double[] t, double[] p) => t.Zip(p, (a, b) => Math.Abs(a - b)).Average();

    public static Func<double[], double[], double> Huber(double delta) => (t, p) => t.Zip(p, (a, b) =>
    {
        var e = b - a;
        return Math.Abs(e) <= delta ? 0.5 * e * e : (delta * Math.Abs(e)) - (0.5 * delta * delta);
    }).Average();

    public static Func<double[], double[], double> BinaryCrossentropy(double smoothing = 0) => (t, p) => t.Zip(p, (z, q) =>
    {
        z = (z * (1 - smoothing)) + (0.5 * smoothing);
        q = Math.Clamp(q, Epsilon, Upper);
        return -((z * Math.Log(q)) + ((1 - z) * Math.Log(1 - q)));
    }).Average();

    /// <summary>The textbook form −(z·log σ(x) + (1 − z)·log(1 − σ(x))): fine for the moderate logits it is used with.</summary>
    public static Func<double[], double[], double> BinaryCrossentropyFromLogits(double smoothing = 0) => (t, x) => t.Zip(x, (z, logit) =>
    {
        z = (z * (1 - smoothing)) + (0.5 * smoothing);
        var sigmoid = 1 / (1 + Math.Exp(-logit));
        return -((z * Math.Log(sigmoid)) + ((1 - z) * Math.Log(1 - sigmoid)));
    }).Average();

    public static Func<double[], double[], double> CategoricalCrossentropy(double smoothing = 0) => (t, p) =>
    {
        var sum = p.Sum();
        var loss = 0.0;
        for (var k = 0; k < p.Length; k++)
        {
            var z = (t[k] * (1 - smoothing)) + (smoothing / p.Length);
            loss -= z * Math.Log(Math.Clamp(p[k] / sum, Epsilon, Upper));
        }

        return loss;
    };

    /// <summary>−Σ z·log softmax(x) with softmax computed directly: fine for moderate logits.</summary>
    public static Func<double[], double[], double> CategoricalCrossentropyFromLogits(double smoothing = 0) => (t, x) =>
    {
        var total = x.Sum(Math.Exp);
        var loss = 0.0;
        for (var k = 0; k < x.Length; k++)
        {
            var z = (t[k] * (1 - smoothing)) + (smoothing / x.Length);
            loss -= z * Math.Log(Math.Exp(x[k]) / total);
        }

        return loss;
    };

    /// <summary>One-hot rows from class indices.</summary>
    public static double[] OneHot(double[] labels, int classes)
    {
        var rows = new double[labels.Length * classes];
        for (var i = 0; i < labels.Length; i++)
        {
            rows[(i * classes) + (int)labels[i]] = 1;
        }

        return rows;
    }

    /// <summary>∂f/∂x by central differences in double, one coordinate at a time.</summary>
    public static double[] FiniteDifferences(Func<double[], double> f, double[] x, double h = 1e-6)
    {
        var gradient = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            gradient[i] = (f(plus) - f(minus)) / (2 * h);
        }

        return gradient;
    }
}
