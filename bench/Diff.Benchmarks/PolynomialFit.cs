using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: the mean squared error of a degree-7 polynomial fitted to 5000 points, the polynomial evaluated
/// by Horner's rule (a nested loop whose accumulator is overwritten, not summed: p = p·x + c_k). The coefficients
/// (lowest degree first) are active, the points are not.
/// </summary>
public static partial class PolynomialFit
{
    [Differentiable]
    public static double MeanSquaredError(ReadOnlySpan<double> coefficients, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        double total = 0.0;
        for (int i = 0; i < xs.Length; i++)
        {
            double p = 0.0;
            for (int k = coefficients.Length - 1; k >= 0; k--)
            {
                p = p * xs[i] + coefficients[k];
            }

            double r = p - ys[i];
            total += r * r;
        }

        return total / xs.Length;
    }
}
