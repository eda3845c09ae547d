using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Workload 4: the mean negative log-likelihood of N points under a mixture of K diagonal Gaussians in D dimensions
/// (1000 × 5 × 8 in the benchmark):
/// <code>
///   −(1/N)·Σᵢ log Σ_c π_c·𝒩(xᵢ | μ_c, diag σ_c²),   π = softmax(logits),   σ = exp(logStd)
///   log π_c + log 𝒩(x | μ_c, σ_c) = logits_c − logsumexp(logits) − Σ_d logStd_cd − ½·Σ_d ((x_d − μ_cd)/σ_cd)² − (D/2)·log 2π
/// </code>
/// means and logStds are K × D row-major; means, logStds and the mixture logits are active, the points (N × D
/// row-major) are not. Both log-sum-exps are numerically stable (max first). With no local arrays, the per-point
/// log-sum-exp takes two passes over the components, the first for the running max and the second for
/// Σ exp(lp − max), and each pass recomputes the component log-densities (one exp per dimension for 1/σ).
/// </summary>
public static partial class GaussianMixture
{
    /// <summary>½·log(2π).</summary>
    internal const double HalfLog2Pi = 0.91893853320467274178;

    [Differentiable]
    public static double NegativeLogLikelihood(
        ReadOnlySpan<double> means, ReadOnlySpan<double> logStds, ReadOnlySpan<double> logits, [NoDerivative] double[] points)
    {
        int components = logits.Length;
        int dims = means.Length / components;
        int count = points.Length / dims;

        // log Σ_c exp(logits_c), stably.
        double maxLogit = logits[0];
        for (int c = 1; c < components; c++)
        {
            maxLogit = Math.Max(maxLogit, logits[c]);
        }

        double sumExpLogits = 0.0;
        for (int c = 0; c < components; c++)
        {
            sumExpLogits += Math.Exp(logits[c] - maxLogit);
        }

        double logNormalizer = maxLogit + Math.Log(sumExpLogits);

        double total = 0.0;
        for (int i = 0; i < count; i++)
        {
            // Pass 1: the largest component log-density (without the constant −(D/2)·log 2π).
            double best = double.NegativeInfinity;
            for (int c = 0; c < components; c++)
            {
                double quad = 0.0;
                double logDet = 0.0;
                for (int d = 0; d < dims; d++)
                {
                    double logStd = logStds[c * dims + d];
                    double z = (points[i * dims + d] - means[c * dims + d]) * Math.Exp(-logStd);
                    quad += z * z;
                    logDet += logStd;
                }

                double lp = logits[c] - logNormalizer - logDet - 0.5 * quad;
                best = Math.Max(best, lp);
            }

            // Pass 2: Σ_c exp(lp_c − best), the component log-densities recomputed.
            double acc = 0.0;
            for (int c = 0; c < components; c++)
            {
                double quad = 0.0;
                double logDet = 0.0;
                for (int d = 0; d < dims; d++)
                {
                    double logStd = logStds[c * dims + d];
                    double z = (points[i * dims + d] - means[c * dims + d]) * Math.Exp(-logStd);
                    quad += z * z;
                    logDet += logStd;
                }

                double lp = logits[c] - logNormalizer - logDet - 0.5 * quad;
                acc += Math.Exp(lp - best);
            }

            total -= best + Math.Log(acc);
        }

        return total / count + dims * HalfLog2Pi;
    }
}
