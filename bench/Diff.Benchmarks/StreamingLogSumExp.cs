using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: Σ over rows of log Σ_j exp(x_rj), each row's log-sum-exp computed in one streaming pass with a
/// running max (the "online softmax" normaliser: when a new maximum arrives the running sum is rescaled), 2000 rows
/// × 50 columns. One branch per element, unpredictable early in a row.
/// </summary>
public static partial class StreamingLogSumExp
{
    [Differentiable]
    public static double RowSum(ReadOnlySpan<double> x, int columns)
    {
        int rows = x.Length / columns;
        double total = 0.0;
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            double sum = 0.0;
            for (int j = 0; j < columns; j++)
            {
                double v = x[r * columns + j];
                if (v > max)
                {
                    sum = sum * Math.Exp(max - v) + 1.0;
                    max = v;
                }
                else
                {
                    sum += Math.Exp(v - max);
                }
            }

            total += max + Math.Log(sum);
        }

        return total;
    }
}
