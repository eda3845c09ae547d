namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="Rosenbrock.Value"/> written by hand: one fused pass, no separate reverse sweep.
/// Term i, 100·aᵢ² + bᵢ² with aᵢ = xᵢ₊₁ − xᵢ² and bᵢ = 1 − xᵢ, touches only xᵢ and xᵢ₊₁:
/// <code>
///   ∂/∂xᵢ   = −400·aᵢ·xᵢ − 2·bᵢ      (from term i)
///   ∂/∂xᵢ₊₁ =  200·aᵢ                (from term i, carried into the next iteration)
/// </code>
/// So ∂f/∂xᵢ = 200·aᵢ₋₁ − 400·aᵢ·xᵢ − 2·bᵢ is complete as soon as term i is done: each gradient element is written
/// exactly once (no clearing, no read-modify-write), and each xᵢ is loaded once and kept in a register as xᵢ₊₁
/// becomes xᵢ.
/// </summary>
public static class RosenbrockHandWritten
{
    /// <summary>Returns <see cref="Rosenbrock.Value"/>(x), bit-for-bit, and overwrites <paramref name="dx"/> with its gradient.</summary>
    public static double ValueGrad(ReadOnlySpan<double> x, Span<double> dx)
    {
        if (dx.Length != x.Length)
        {
            throw new ArgumentException($"The gradient buffer 'dx' has length {dx.Length} but 'x' has length {x.Length}; they must be equal.", nameof(dx));
        }

        int n = x.Length;
        if (n < 2)
        {
            dx.Clear();
            return 0.0;
        }

        double sum = 0.0;
        double xi = x[0];
        double carry = 0.0; // 200·a_{i−1}: what term i−1 contributes to ∂f/∂xᵢ
        for (int i = 0; i < n - 1; i++)
        {
            double next = x[i + 1];
            double a = next - xi * xi;
            double b = 1.0 - xi;
            sum += 100.0 * a * a + b * b; // the primal's operations in its order: the value is bit-for-bit the same
            double ga = 200.0 * a;
            dx[i] = carry - 2.0 * (ga * xi + b);
            carry = ga;
            xi = next;
        }

        dx[n - 1] = carry;
        return sum;
    }
}
