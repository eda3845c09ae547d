using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: the Lennard-Jones energy of N particles, Σ_{i&lt;j} 4ε·((σ/r_ij)¹² − (σ/r_ij)⁶), 200 particles
/// (19,900 pairs). positions is N × 3 row-major; the positions, ε and σ are all active. Nested loops: over pairs,
/// and over the three coordinates for the squared distance.
/// </summary>
public static partial class LennardJones
{
    [Differentiable]
    public static double Energy(ReadOnlySpan<double> positions, double epsilon, double sigma)
    {
        int n = positions.Length / 3;
        double energy = 0.0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double r2 = 0.0;
                for (int k = 0; k < 3; k++)
                {
                    double d = positions[3 * i + k] - positions[3 * j + k];
                    r2 += d * d;
                }

                double s2 = sigma * sigma / r2;
                double s6 = s2 * s2 * s2;
                energy += 4.0 * epsilon * (s6 * s6 - s6);
            }
        }

        return energy;
    }
}
