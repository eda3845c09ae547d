using DiffGen;

namespace Newton;

/// <summary>
/// The two problems, written as plain C#. DiffGen generates <c>BroydenJacobian</c> (and <c>BroydenJvp</c>,
/// <c>BroydenVjp</c>) for the residual, because it writes its results into a span, and <c>RosenbrockHvp</c>,
/// <c>RosenbrockHessian</c> and the rest for the objective, because it asks for them with <c>Modes</c>. Read them in
/// obj/Debug/net10.0/generated/.../Newton.Problems.Diff.g.cs.
/// </summary>
public static partial class Problems
{
    /// <summary>Broyden's tridiagonal system: rᵢ = (3 − 2xᵢ)·xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1 = 0 (x₀ = xₙ₊₁ = 0).</summary>
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

    /// <summary>The extended Rosenbrock function, Σ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², minimised at (1, …, 1).</summary>
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
}
