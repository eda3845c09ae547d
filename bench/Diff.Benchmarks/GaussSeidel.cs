using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: a fixed number of Gauss–Seidel sweeps (40) on the tridiagonal system d_i·x_i − x_{i−1} − x_{i+1}
/// = b_i (n = 256), starting from zero, in place (each x_i overwritten with the newest value, so a sweep reads its own
/// new left neighbour and the previous sweep's right neighbour), then the squared distance of the iterate to a
/// target. The diagonal and the right-hand side are active, the target is not.
/// </summary>
public static partial class GaussSeidel
{
    [Differentiable]
    public static double SweepLoss(
        ReadOnlySpan<double> diagonal, ReadOnlySpan<double> rhs, [NoDerivative] double[] target, int sweeps)
    {
        int n = rhs.Length;
        Span<double> x = stackalloc double[n];
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            for (int i = 0; i < n; i++)
            {
                double left = i > 0 ? x[i - 1] : 0.0;
                double right = i < n - 1 ? x[i + 1] : 0.0;
                x[i] = (rhs[i] + left + right) / diagonal[i];
            }
        }

        double loss = 0.0;
        for (int i = 0; i < n; i++)
        {
            double e = x[i] - target[i];
            loss += e * e;
        }

        return loss;
    }
}
