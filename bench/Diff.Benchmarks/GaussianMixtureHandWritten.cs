namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="GaussianMixture.NegativeLogLikelihood"/> written by hand, the way an expert writes an
/// EM-style gradient:
/// <list type="bullet">
/// <item>Loop invariants stay out of the point loop, as in the primal: 1/σ = exp(−logStd) for each (component, dim),
/// and the per-component offset logits_c − logsumexp(logits) − Σ_d logStd_cd, are computed once per call (40 + 5
/// values, on the stack). These are the primal's operations on the same operands, so the value stays bit-for-bit
/// the primal's.</item>
/// <item>Per point, one pass computes the K component log-densities lp_c into a stack buffer; the stable
/// log-sum-exp reads them back instead of recomputing them.</item>
/// <item>Reverse: ∂L/∂lp_ic = −r_ic/N with the responsibility r_ic = exp(lp_ic − max)/Σ. The max shift cancels
/// exactly, so nothing flows through it. With z = (x − μ)/σ: ∂lp/∂μ = z/σ and ∂lp/∂logσ = z² − 1, so the point loop
/// only accumulates R_c = Σᵢ r_ic, S1_cd = Σᵢ r_ic·z and S2_cd = Σᵢ r_ic·z² (z recomputed: one sub, one mul, no
/// exp); 1/σ, −1/N and the −1 term are applied once at the end. Through the softmax, ∂L/∂logits_c = π_c − R_c/N.</item>
/// </list>
/// </summary>
public static class GaussianMixtureHandWritten
{
    /// <summary>Returns the mean NLL, bit-for-bit the primal's, and overwrites the three gradient buffers.</summary>
    public static double NegativeLogLikelihoodGrad(
        ReadOnlySpan<double> means, ReadOnlySpan<double> logStds, ReadOnlySpan<double> logits, double[] points,
        Span<double> dmeans, Span<double> dlogStds, Span<double> dlogits)
    {
        if (dmeans.Length != means.Length || dlogStds.Length != logStds.Length || dlogits.Length != logits.Length)
        {
            throw new ArgumentException("Each gradient buffer must have the length of its parameter.");
        }

        int components = logits.Length;
        int dims = means.Length / components;
        int count = points.Length / dims;

        // log Σ_c exp(logits_c), as the primal computes it.
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

        // Hoisted invariants: 1/σ and each component's offset (same operation order as the primal's inner loop).
        int size = components * dims;
        Span<double> invStd = size <= 512 ? stackalloc double[size] : new double[size];
        Span<double> offset = components <= 128 ? stackalloc double[components] : new double[components];
        Span<double> weight = components <= 128 ? stackalloc double[components] : new double[components];
        Span<double> responsibilitySum = components <= 128 ? stackalloc double[components] : new double[components];
        responsibilitySum.Clear();
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

        // dmeans and dlogStds accumulate S1 = Σ r·z and S2 = Σ r·z² first and are finished after the loop.
        dmeans.Clear();
        dlogStds.Clear();
        double total = 0.0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> x = points.AsSpan(i * dims, dims);

            // The component log-densities, once, and their max.
            double best = double.NegativeInfinity;
            for (int c = 0; c < components; c++)
            {
                ReadOnlySpan<double> mean = means.Slice(c * dims, dims);
                ReadOnlySpan<double> scale = invStd.Slice(c * dims, dims);
                double quad = 0.0;
                for (int d = 0; d < x.Length; d++)
                {
                    double z = (x[d] - mean[d]) * scale[d];
                    quad += z * z;
                }

                double lp = offset[c] - 0.5 * quad;
                weight[c] = lp;
                best = Math.Max(best, lp);
            }

            // Stable log-sum-exp; weight[c] becomes exp(lp_c − best).
            double acc = 0.0;
            for (int c = 0; c < components; c++)
            {
                double e = Math.Exp(weight[c] - best);
                weight[c] = e;
                acc += e;
            }

            total -= best + Math.Log(acc);

            // Reverse for this point: responsibilities, then the sufficient statistics.
            double invAcc = 1.0 / acc;
            for (int c = 0; c < components; c++)
            {
                double r = weight[c] * invAcc;
                responsibilitySum[c] += r;
                ReadOnlySpan<double> mean = means.Slice(c * dims, dims);
                ReadOnlySpan<double> scale = invStd.Slice(c * dims, dims);
                Span<double> s1 = dmeans.Slice(c * dims, dims);
                Span<double> s2 = dlogStds.Slice(c * dims, dims);
                for (int d = 0; d < x.Length; d++)
                {
                    double z = (x[d] - mean[d]) * scale[d];
                    double rz = r * z;
                    s1[d] += rz;
                    s2[d] += rz * z;
                }
            }
        }

        // L = −(1/N)·Σᵢ log Σ_c exp(lp_ic) + const:
        //   ∂L/∂μ_cd = −(1/N)·S1_cd/σ_cd,  ∂L/∂logσ_cd = −(1/N)·(S2_cd − R_c),  ∂L/∂logits_c = π_c − R_c/N.
        double invCount = 1.0 / count;
        for (int c = 0; c < components; c++)
        {
            double rc = responsibilitySum[c];
            for (int d = 0; d < dims; d++)
            {
                int j = c * dims + d;
                dmeans[j] = -dmeans[j] * invStd[j] * invCount;
                dlogStds[j] = (rc - dlogStds[j]) * invCount;
            }

            dlogits[c] = Math.Exp(logits[c] - logNormalizer) - rc * invCount;
        }

        return total / count + dims * GaussianMixture.HalfLog2Pi;
    }
}
