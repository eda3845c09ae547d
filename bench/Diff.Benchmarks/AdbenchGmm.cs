using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: ADBench's GMM objective (Srajer, Baydin, Fitzgibbon, Kollar 2018), ported from its C reference
/// (gmm.c) as a user would port it: n points in d dimensions, k components with full covariances parametrised by the
/// inverse Cholesky factor Q = diag(exp(q)) + L (the "icf": d log-diagonal entries, then the d(d−1)/2 strictly lower
/// entries column by column), mixture logits α, and the Wishart prior. 1000 points × 5 components × 10 dims.
/// <code>
///   Σᵢ logsumexp_k(α_k + Σq_k − ½‖Q_k(xᵢ − μ_k)‖²) − n·logsumexp(α) + Σ_k ½γ²(‖exp(q_k)‖² + ‖L_k‖²) − m·Σq_k + const
/// </code>
/// The temporaries of the C code (Qdiags, sum_qs, xcentered, Qxcentered, main_term) are stack buffers, and the two
/// helpers the C code calls for log-sum-exp and the squared norm are [Differentiable] methods of their own.
/// </summary>
public static partial class AdbenchGmm
{
    [Differentiable]
    public static double Objective(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        [NoDerivative] double[] x, [NoDerivative] double wishartGamma, int wishartM)
    {
        int k = alphas.Length;
        int d = means.Length / k;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;

        // preprocess_qs
        Span<double> qdiags = stackalloc double[d * k];
        Span<double> sumQs = stackalloc double[k];
        for (int ik = 0; ik < k; ik++)
        {
            sumQs[ik] = 0.0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sumQs[ik] += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
        }

        Span<double> xcentered = stackalloc double[d];
        Span<double> qxcentered = stackalloc double[d];
        Span<double> mainTerm = stackalloc double[k];
        double slse = 0.0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                // subtract
                for (int id = 0; id < d; id++)
                {
                    xcentered[id] = x[ix * d + id] - means[ik * d + id];
                }

                // Qtimesx: Q·xcentered with Q lower triangular, L stored column by column after the diagonal
                for (int id = 0; id < d; id++)
                {
                    qxcentered[id] = qdiags[ik * d + id] * xcentered[id];
                }

                int lparamsIdx = ik * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qxcentered[j] += icf[lparamsIdx] * xcentered[i];
                        lparamsIdx++;
                    }
                }

                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * SquaredNorm(qxcentered);
            }

            slse += LogSumExp(mainTerm);
        }

        double lseAlphas = LogSumExp(alphas);

        // log_wishart_prior (without its constant)
        double prior = 0.0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0.0;
            for (int id = 0; id < d; id++)
            {
                double qd = qdiags[ik * d + id];
                frobenius += qd * qd;
            }

            for (int i = d; i < icfSize; i++)
            {
                double l = icf[ik * icfSize + i];
                frobenius += l * l;
            }

            prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + slse - n * lseAlphas + prior;
    }

    /// <summary>log Σ exp(v), the maximum subtracted first (arr_max + log Σ exp(v − arr_max)).</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > max)
            {
                max = v[i];
            }
        }

        double sum = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i] - max);
        }

        return Math.Log(sum) + max;
    }

    /// <summary>Σ v².</summary>
    [Differentiable]
    public static double SquaredNorm(ReadOnlySpan<double> v)
    {
        double sum = 0.0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * v[i];
        }

        return sum;
    }
}
