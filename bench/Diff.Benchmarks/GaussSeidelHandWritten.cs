using System.Buffers;

namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="GaussSeidel.SweepLoss"/> by hand. The forward pass keeps every sweep's iterate (sweeps
/// × n doubles, a pooled array): sweep k writes row k, reading its new left neighbour from row k and the old right
/// neighbour from row k − 1. The reverse pass follows the data flow: x_i of sweep k is read by step i + 1 of the same
/// sweep (as the left neighbour) and by step i − 1 of sweep k + 1 (as the right one). So the first contribution is
/// carried in a register down the sweep, and the second is stored into slot i + 1 of a single adjoint row (overwriting,
/// not adding) once step i is done. Per step: t = adjoint / d_i, ∂/∂b_i += t, ∂/∂d_i −= t·x_i.
/// </summary>
public static class GaussSeidelHandWritten
{
    public static double SweepLossGrad(
        ReadOnlySpan<double> diagonal, ReadOnlySpan<double> rhs, double[] target, int sweeps, Span<double> ddiagonal, Span<double> drhs)
    {
        if (ddiagonal.Length != diagonal.Length || drhs.Length != rhs.Length)
        {
            throw new ArgumentException("Gradient buffers must have the lengths of diagonal and rhs.");
        }

        int n = rhs.Length;
        ddiagonal.Clear();
        drhs.Clear();
        Span<double> adjoint = n <= 1024 ? stackalloc double[n] : new double[n];
        if (sweeps <= 0)
        {
            double loss0 = 0.0;
            for (int i = 0; i < n; i++)
            {
                double e = 0.0 - target[i];
                loss0 += e * e;
            }

            return loss0;
        }

        double[] rented = ArrayPool<double>.Shared.Rent(sweeps * n);
        Span<double> history = rented.AsSpan(0, sweeps * n);
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            Span<double> cur = history.Slice(sweep * n, n);
            ReadOnlySpan<double> prev = sweep > 0 ? history.Slice((sweep - 1) * n, n) : default;
            for (int i = 0; i < n; i++)
            {
                double left = i > 0 ? cur[i - 1] : 0.0;
                double right = i < n - 1 && sweep > 0 ? prev[i + 1] : 0.0;
                cur[i] = (rhs[i] + left + right) / diagonal[i];
            }
        }

        ReadOnlySpan<double> final = history.Slice((sweeps - 1) * n, n);
        double loss = 0.0;
        for (int i = 0; i < n; i++)
        {
            double e = final[i] - target[i];
            loss += e * e;
            adjoint[i] = 2.0 * e;
        }

        for (int sweep = sweeps - 1; sweep >= 0; sweep--)
        {
            ReadOnlySpan<double> cur = history.Slice(sweep * n, n);
            double carry = 0.0;
            for (int i = n - 1; i >= 0; i--)
            {
                double t = (adjoint[i] + carry) / diagonal[i];
                drhs[i] += t;
                ddiagonal[i] -= t * cur[i];
                if (i < n - 1)
                {
                    adjoint[i + 1] = t;
                }

                carry = t;
            }

            adjoint[0] = 0.0;
        }

        ArrayPool<double>.Shared.Return(rented);
        return loss;
    }
}
