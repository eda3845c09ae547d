namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="PolynomialFit.MeanSquaredError"/> by hand: ∂/∂c_k = (2/N)·Σᵢ rᵢ·xᵢᵏ. Points two at a
/// time: Horner for both values side by side (the primal's operations, so the value is bit-for-bit the same), then one
/// pass over the powers that adds r₀x₀ᵏ + r₁x₁ᵏ into each partial, so the two multiply chains overlap and each partial
/// takes one add per pair; 2/N applied once at the end.
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
        dcoefficients.Clear();
        double total = 0.0;
        int i = 0;
        for (; i + 1 < xs.Length; i += 2)
        {
            double x0 = xs[i], x1 = xs[i + 1];
            double p0 = 0.0, p1 = 0.0;
            for (int k = terms - 1; k >= 0; k--)
            {
                double c = coefficients[k];
                p0 = p0 * x0 + c;
                p1 = p1 * x1 + c;
            }

            double r0 = p0 - ys[i], r1 = p1 - ys[i + 1];
            total += r0 * r0;
            total += r1 * r1;
            for (int k = 0; k < dcoefficients.Length; k++)
            {
                dcoefficients[k] += r0 + r1;
                r0 *= x0;
                r1 *= x1;
            }
        }

        for (; i < xs.Length; i++)
        {
            double x = xs[i];
            double p = 0.0;
            for (int k = terms - 1; k >= 0; k--)
            {
                p = p * x + coefficients[k];
            }

            double r = p - ys[i];
            total += r * r;
            for (int k = 0; k < dcoefficients.Length; k++)
            {
                dcoefficients[k] += r;
                r *= x;
            }
        }

        double scale = 2.0 / xs.Length;
        for (int k = 0; k < terms; k++)
        {
            dcoefficients[k] *= scale;
        }

        return total / xs.Length;
    }
}
