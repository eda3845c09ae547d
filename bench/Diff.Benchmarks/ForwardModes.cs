using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// The workloads of the forward-mode and second-order rows (issue 13), written as plain C# with every mode asked for:
/// the chained Rosenbrock function over a span, a logistic-regression loss over passive data, and Broyden's
/// tridiagonal residual (a vector function, whose Jacobian is always generated).
/// </summary>
public static partial class ForwardModes
{
    [Differentiable(Modes = DiffModes.All)]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var b = 1 - x[i];
            s += 100 * a * a + b * b;
        }

        return s;
    }

    /// <summary>Mean of log(1 + exp(−y·w·x)) over the samples (rows of <paramref name="data"/>), labels ±1.</summary>
    [Differentiable(Modes = DiffModes.All)]
    public static double LogisticLoss(ReadOnlySpan<double> w, [NoDerivative] double[] data, [NoDerivative] double[] labels)
    {
        var features = w.Length;
        var total = 0.0;
        for (var n = 0; n < labels.Length; n++)
        {
            var z = 0.0;
            for (var k = 0; k < features; k++)
            {
                z += w[k] * data[n * features + k];
            }

            var m = -labels[n] * z;
            total += m > 0 ? m + Math.Log(1 + Math.Exp(-m)) : Math.Log(1 + Math.Exp(m));
        }

        return total / labels.Length;
    }

    [Differentiable]
    public static void Broyden(ReadOnlySpan<double> x, Span<double> r)
    {
        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            var left = i > 0 ? x[i - 1] : 0.0;
            var right = i < n - 1 ? x[i + 1] : 0.0;
            r[i] = (3 - 2 * x[i]) * x[i] - left - 2 * right + 1;
        }
    }
}
