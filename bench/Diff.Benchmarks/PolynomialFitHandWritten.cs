namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="PolynomialFit.MeanSquaredError"/> by hand: ∂/∂c_k = (2/N)·Σᵢ rᵢ·xᵢᵏ. Per point, Horner
/// for the value (as the primal), then one pass of powers accumulating r·xᵏ into a stack buffer of partials; 2/N
/// applied once at the end.
/// </summary>
public static class PolynomialFitHandWritten
{
    public static double MeanSquaredErrorGrad(ReadOnlySpan<double> coefficients, double[] xs, double[] ys, Span<double> dcoefficients)
    {
        if (dcoefficients.Length != coefficients.Length)
        {
            throw new ArgumentException("The gradient buffer must have the length of 'coefficients'.", nameof(dcoefficients));
        }

        int terms = coefficients.Length;
        Span<double> acc = terms <= 64 ? stackalloc double[terms] : new double[terms];
        acc.Clear();
        double total = 0.0;
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i];
            double p = 0.0;
            for (int k = terms - 1; k >= 0; k--)
            {
                p = p * x + coefficients[k];
            }

            double r = p - ys[i];
            total += r * r;
            double power = r;
            for (int k = 0; k < acc.Length; k++)
            {
                acc[k] += power;
                power *= x;
            }
        }

        double scale = 2.0 / xs.Length;
        for (int k = 0; k < terms; k++)
        {
            dcoefficients[k] = acc[k] * scale;
        }

        return total / xs.Length;
    }
}
