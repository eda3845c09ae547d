namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="AdbenchGmm.Objective"/> by hand. Per point: each component's centred point and
/// Q·(x − μ) go to stack buffers (k × d each) and the log-sum-exp keeps its exps, so the responsibilities
/// r_k = exp(main_k − lse) cost one division each. Then per component, with the adjoint −r_k·Q(x − μ) of the
/// quadratic term: the log-diagonal's partials are accumulated without the factor exp(q) (applied once at the end),
/// the strictly lower entries' partials are added directly, and the centred point's adjoint goes into the means.
/// What does not depend on the point (Σᵢ r_ik for α and Σq, the logits' softmax, the prior's partials) is done once
/// after the loop.
/// </summary>
public static class AdbenchGmmHandWritten
{
    public static double ObjectiveGrad(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf, double[] x, double wishartGamma, int wishartM,
        Span<double> dalphas, Span<double> dmeans, Span<double> dicf)
    {
        if (dalphas.Length != alphas.Length || dmeans.Length != means.Length || dicf.Length != icf.Length)
        {
            throw new ArgumentException("Gradient buffers must have the lengths of alphas, means and icf.");
        }

        int k = alphas.Length;
        int d = means.Length / k;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        dalphas.Clear();
        dmeans.Clear();
        dicf.Clear();

        Span<double> qdiags = stackalloc double[d * k];
        Span<double> sumQs = stackalloc double[k];
        for (int ik = 0; ik < k; ik++)
        {
            double s = 0.0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                s += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }

            sumQs[ik] = s;
        }

        Span<double> centred = stackalloc double[k * d];
        Span<double> transformed = stackalloc double[k * d];
        Span<double> main = stackalloc double[k];
        Span<double> responsibility = stackalloc double[k];   // Σᵢ r_ik
        Span<double> diagonalAcc = stackalloc double[k * d];  // Σᵢ r_ik-weighted partials of Q's diagonal, without exp(q)
        responsibility.Clear();
        diagonalAcc.Clear();
        double slse = 0.0;
        for (int ix = 0; ix < n; ix++)
        {
            ReadOnlySpan<double> point = x.AsSpan(ix * d, d);
            for (int ik = 0; ik < k; ik++)
            {
                var xc = centred.Slice(ik * d, d);
                var qx = transformed.Slice(ik * d, d);
                var mu = means.Slice(ik * d, d);
                var qd = qdiags.Slice(ik * d, d);
                for (int id = 0; id < d; id++)
                {
                    xc[id] = point[id] - mu[id];
                }

                for (int id = 0; id < d; id++)
                {
                    qx[id] = qd[id] * xc[id];
                }

                var lower = icf.Slice(ik * icfSize + d, icfSize - d);
                int l = 0;
                for (int i = 0; i < d; i++)
                {
                    double xi = xc[i];
                    for (int j = i + 1; j < d; j++)
                    {
                        qx[j] += lower[l++] * xi;
                    }
                }

                double norm = 0.0;
                for (int id = 0; id < d; id++)
                {
                    norm += qx[id] * qx[id];
                }

                main[ik] = alphas[ik] + sumQs[ik] - 0.5 * norm;
            }

            double max = main[0];
            for (int ik = 1; ik < k; ik++)
            {
                if (main[ik] > max)
                {
                    max = main[ik];
                }
            }

            double sum = 0.0;
            for (int ik = 0; ik < k; ik++)
            {
                double e = Math.Exp(main[ik] - max);
                main[ik] = e;
                sum += e;
            }

            slse += Math.Log(sum) + max;

            double inv = 1.0 / sum;
            for (int ik = 0; ik < k; ik++)
            {
                double r = main[ik] * inv;
                responsibility[ik] += r;
                var xc = centred.Slice(ik * d, d);
                var qx = transformed.Slice(ik * d, d);
                var qd = qdiags.Slice(ik * d, d);
                var acc = diagonalAcc.Slice(ik * d, d);
                var dmu = dmeans.Slice(ik * d, d);
                var lower = icf.Slice(ik * icfSize + d, icfSize - d);
                var dlower = dicf.Slice(ik * icfSize + d, icfSize - d);
                // qx becomes the adjoint of Q·(x − μ): −r·Q(x − μ)
                for (int id = 0; id < d; id++)
                {
                    qx[id] *= -r;
                }

                int l = 0;
                for (int i = 0; i < d; i++)
                {
                    double xi = xc[i];
                    double gxi = qd[i] * qx[i];
                    acc[i] += qx[i] * xi;
                    for (int j = i + 1; j < d; j++)
                    {
                        dlower[l] += qx[j] * xi;
                        gxi += lower[l] * qx[j];
                        l++;
                    }

                    dmu[i] -= gxi;
                }
            }
        }

        double lseMax = alphas[0];
        for (int ik = 1; ik < k; ik++)
        {
            if (alphas[ik] > lseMax)
            {
                lseMax = alphas[ik];
            }
        }

        double lseSum = 0.0;
        for (int ik = 0; ik < k; ik++)
        {
            lseSum += Math.Exp(alphas[ik] - lseMax);
        }

        double lseAlphas = Math.Log(lseSum) + lseMax;

        double gamma2 = wishartGamma * wishartGamma;
        double prior = 0.0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0.0;
            for (int id = 0; id < d; id++)
            {
                double qd = qdiags[ik * d + id];
                frobenius += qd * qd;
                dicf[ik * icfSize + id] = responsibility[ik] + qd * diagonalAcc[ik * d + id] + gamma2 * qd * qd - wishartM;
            }

            for (int i = d; i < icfSize; i++)
            {
                double l = icf[ik * icfSize + i];
                frobenius += l * l;
                dicf[ik * icfSize + i] += gamma2 * l;
            }

            prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
            dalphas[ik] = responsibility[ik] - n * Math.Exp(alphas[ik] - lseAlphas);
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + slse - n * lseAlphas + prior;
    }
}
