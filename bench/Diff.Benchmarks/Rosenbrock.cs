using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Workload 1: the extended Rosenbrock function Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² over a span (n = 10,000 in the
/// benchmark). One loop, one running sum, every element read twice (as xᵢ and as xᵢ₊₁).
/// </summary>
public static partial class Rosenbrock
{
    [Differentiable]
    public static double Value(ReadOnlySpan<double> x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
        }

        return sum;
    }
}
