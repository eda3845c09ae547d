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
/// row-major) are not. Both log-sum-exps are numerically stable (max first). What does not depend on the point is
/// computed once, into local arrays: 1/σ = exp(−logStd) per (component, dim) and each component's offset
/// logits_c − logsumexp(logits) − Σ_d logStd_cd. The per-point log-sum-exp takes two passes over the components,
/// the first for the running max of the component log-densities and the second for Σ exp(lp − max), each pass
/// recomputing the log-densities (one multiply-add per dimension).
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

        // Once per call: 1/σ, and each component's log-density without the quadratic term (and the constant).
        Span<double> invStd = stackalloc double[components * dims];
        Span<double> offset = stackalloc double[components];
        for (int c = 0; c < components; c++)
        {
            double logDet = 0.0;
            for (int d = 0; d < dims; d++)
            {
                double logStd = logStds[c * dims + d];
                invStd[c * dims + d] = Math.Exp(-logStd);
                logDet += logStd;
            }

            offset[c] = logits[c] - logNormalizer - logDet;
        }

        double total = 0.0;
        for (int i = 0; i < count; i++)
        {
            // Pass 1: the largest component log-density (without the constant −(D/2)·log 2π).
            double best = double.NegativeInfinity;
            for (int c = 0; c < components; c++)
            {
                double quad = 0.0;
                for (int d = 0; d < dims; d++)
                {
                    double z = (points[i * dims + d] - means[c * dims + d]) * invStd[c * dims + d];
                    quad += z * z;
                }

                double lp = offset[c] - 0.5 * quad;
                best = Math.Max(best, lp);
            }

            // Pass 2: Σ_c exp(lp_c − best), the component log-densities recomputed.
            double acc = 0.0;
            for (int c = 0; c < components; c++)
            {
                double quad = 0.0;
                for (int d = 0; d < dims; d++)
                {
                    double z = (points[i * dims + d] - means[c * dims + d]) * invStd[c * dims + d];
                    quad += z * z;
                }

                double lp = offset[c] - 0.5 * quad;
                acc += Math.Exp(lp - best);
            }

            total -= best + Math.Log(acc);
        }

        return total / count + dims * HalfLog2Pi;
    }
}
