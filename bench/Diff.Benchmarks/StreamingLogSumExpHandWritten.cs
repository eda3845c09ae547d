namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="StreamingLogSumExp.RowSum"/> by hand. ∂/∂x_rj = softmax_j of the row =
/// exp(x_rj − lse_r). The streaming pass already computes exp(x_rj − m) for the running max m at the time; the row's
/// elements fall into segments with one running max each (a new segment starts at every new maximum, a handful per
/// row), so the forward pass writes exp(x − m) into the gradient buffer (1 at a new maximum) and records where each
/// segment starts; afterwards each segment is scaled by exp(m_seg − max)/sum. One exp per element, as the primal,
/// plus one per segment.
/// </summary>
public static class StreamingLogSumExpHandWritten
{
    public static double RowSumGrad(ReadOnlySpan<double> x, int columns, Span<double> dx)
    {
        if (dx.Length != x.Length)
        {
            throw new ArgumentException("The gradient buffer 'dx' must have the length of 'x'.", nameof(dx));
        }

        int rows = x.Length / columns;
        Span<int> starts = columns <= 512 ? stackalloc int[columns] : new int[columns];
        double total = 0.0;
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * columns, columns);
            var drow = dx.Slice(r * columns, columns);
            int segments = 0;
            double max = double.NegativeInfinity;
            double sum = 0.0;
            for (int j = 0; j < row.Length; j++)
            {
                double v = row[j];
                if (v > max)
                {
                    sum = sum * Math.Exp(max - v) + 1.0;
                    max = v;
                    drow[j] = 1.0;
                    starts[segments++] = j;
                }
                else
                {
                    double e = Math.Exp(v - max);
                    drow[j] = e;
                    sum += e;
                }
            }

            total += max + Math.Log(sum);

            double inv = 1.0 / sum;
            for (int s = 0; s < segments; s++)
            {
                int begin = starts[s];
                int end = s + 1 < segments ? starts[s + 1] : row.Length;
                double factor = (s + 1 < segments ? Math.Exp(row[begin] - max) : 1.0) * inv;
                for (int j = begin; j < end; j++)
                {
                    drow[j] *= factor;
                }
            }

            // Elements before the first maximum cannot exist (the first element is always one), but a row of −∞ has no
            // segment: its softmax is undefined; leave NaN as the primal's value would be.
            if (segments == 0)
            {
                drow.Fill(double.NaN);
            }
        }

        return total;
    }
}
