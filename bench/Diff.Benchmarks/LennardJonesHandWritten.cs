namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="LennardJones.Energy"/> by hand: the forces computed in the energy loop. With
/// s6 = (σ²/r²)³, ∂E_pair/∂r² = 4ε(3·s6 − 6·s6²)/r², so the pair adds c·(p_i − p_j) to ∂E/∂p_i and subtracts it from
/// ∂E/∂p_j with c = 24ε·(s6 − 2·s6²)/r²; the constant 24ε is applied once at the end. Particle i's partials stay in
/// registers through its inner loop. ∂E/∂ε = 4(Σs6² − Σs6) and ∂E/∂σ = 24ε(2Σs6² − Σs6)/σ from two sums.
/// </summary>
public static class LennardJonesHandWritten
{
    public static double EnergyGrad(ReadOnlySpan<double> positions, double epsilon, double sigma, Span<double> dpositions, out double depsilon, out double dsigma)
    {
        if (dpositions.Length != positions.Length)
        {
            throw new ArgumentException("The gradient buffer 'dpositions' must have the length of 'positions'.", nameof(dpositions));
        }

        int n = positions.Length / 3;
        dpositions.Clear();
        double energy = 0.0, sum12 = 0.0, sum6 = 0.0;
        double sigma2 = sigma * sigma;
        for (int i = 0; i < n; i++)
        {
            double xi = positions[3 * i], yi = positions[3 * i + 1], zi = positions[3 * i + 2];
            double gx = 0.0, gy = 0.0, gz = 0.0;
            for (int j = i + 1; j < n; j++)
            {
                var pj = positions.Slice(3 * j, 3);
                var gj = dpositions.Slice(3 * j, 3);
                double dx = xi - pj[0], dy = yi - pj[1], dz = zi - pj[2];
                double r2 = dx * dx + dy * dy + dz * dz;
                double s2 = sigma2 / r2;
                double s6 = s2 * s2 * s2;
                double s12 = s6 * s6;
                energy += 4.0 * epsilon * (s12 - s6);
                sum12 += s12;
                sum6 += s6;
                double c = (s6 - 2.0 * s12) / r2;
                double cx = c * dx, cy = c * dy, cz = c * dz;
                gx += cx;
                gy += cy;
                gz += cz;
                gj[0] -= cx;
                gj[1] -= cy;
                gj[2] -= cz;
            }

            dpositions[3 * i] += gx;
            dpositions[3 * i + 1] += gy;
            dpositions[3 * i + 2] += gz;
        }

        double scale = 24.0 * epsilon;
        for (int k = 0; k < dpositions.Length; k++)
        {
            dpositions[k] *= scale;
        }

        depsilon = 4.0 * (sum12 - sum6);
        dsigma = 24.0 * epsilon * (2.0 * sum12 - sum6) / sigma;
        return energy;
    }
}
