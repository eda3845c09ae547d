namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="BundleAdjustment.ReprojectionError"/> by hand: per observation the primal's forward
/// computation with every intermediate in a register, then its adjoint written out line by line (the chain through
/// the weight, the affine map, the distortion polynomial, the perspective division, Rodrigues' formula — with the
/// cross-product adjoints as cross products — and the centring), added into the observation's camera (11 partials),
/// point (3) and weight.
/// </summary>
public static class BundleAdjustmentHandWritten
{
    public static double ReprojectionErrorGrad(
        ReadOnlySpan<double> cameras, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        double[] features, int[] cameraIndex, int[] pointIndex,
        Span<double> dcameras, Span<double> dpoints, Span<double> dweights)
    {
        if (dcameras.Length != cameras.Length || dpoints.Length != points.Length || dweights.Length != weights.Length)
        {
            throw new ArgumentException("Gradient buffers must have the lengths of cameras, points and weights.");
        }

        dcameras.Clear();
        dpoints.Clear();
        double total = 0.0;
        for (int o = 0; o < weights.Length; o++)
        {
            var cam = cameras.Slice(cameraIndex[o] * 11, 11);
            var pt = points.Slice(pointIndex[o] * 3, 3);
            var dcam = dcameras.Slice(cameraIndex[o] * 11, 11);
            var dpt = dpoints.Slice(pointIndex[o] * 3, 3);

            double x0 = pt[0] - cam[3], x1 = pt[1] - cam[4], x2 = pt[2] - cam[5];
            double r0 = cam[0], r1 = cam[1], r2 = cam[2];
            double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
            double y0, y1, y2;
            double theta = 0, cosTheta = 0, sinTheta = 0, thetaInverse = 0, w0 = 0, w1 = 0, w2 = 0, cross0 = 0, cross1 = 0, cross2 = 0, dot = 0, tmp = 0;
            bool rotated = sqtheta != 0.0;
            if (rotated)
            {
                theta = Math.Sqrt(sqtheta);
                cosTheta = Math.Cos(theta);
                sinTheta = Math.Sin(theta);
                thetaInverse = 1.0 / theta;
                w0 = r0 * thetaInverse;
                w1 = r1 * thetaInverse;
                w2 = r2 * thetaInverse;
                cross0 = w1 * x2 - w2 * x1;
                cross1 = w2 * x0 - w0 * x2;
                cross2 = w0 * x1 - w1 * x0;
                dot = w0 * x0 + w1 * x1 + w2 * x2;
                tmp = dot * (1.0 - cosTheta);
                y0 = x0 * cosTheta + cross0 * sinTheta + w0 * tmp;
                y1 = x1 * cosTheta + cross1 * sinTheta + w1 * tmp;
                y2 = x2 * cosTheta + cross2 * sinTheta + w2 * tmp;
            }
            else
            {
                y0 = x0 + r1 * x2 - r2 * x1;
                y1 = x1 + r2 * x0 - r0 * x2;
                y2 = x2 + r0 * x1 - r1 * x0;
            }

            double qx = y0 / y2, qy = y1 / y2;
            double rsq = qx * qx + qy * qy;
            double k1 = cam[9], k2 = cam[10], f = cam[6];
            double distortion = 1.0 + k1 * rsq + k2 * rsq * rsq;
            double px = qx * distortion, py = qy * distortion;
            double u = px * f + cam[7], v = py * f + cam[8];
            double weight = weights[o];
            double rx = u - features[2 * o], ry = v - features[2 * o + 1];
            double ex = weight * rx, ey = weight * ry;
            total += ex * ex + ey * ey;

            // Reverse.
            double gex = 2.0 * ex, gey = 2.0 * ey;
            dweights[o] = gex * rx + gey * ry;
            double gu = gex * weight, gv = gey * weight;
            dcam[6] += gu * px + gv * py;
            dcam[7] += gu;
            dcam[8] += gv;
            double gpx = gu * f, gpy = gv * f;
            double gDistortion = gpx * qx + gpy * qy;
            dcam[9] += gDistortion * rsq;
            dcam[10] += gDistortion * rsq * rsq;
            double grsq = gDistortion * (k1 + 2.0 * k2 * rsq);
            double gqx = gpx * distortion + 2.0 * qx * grsq;
            double gqy = gpy * distortion + 2.0 * qy * grsq;
            double inv2 = 1.0 / y2;
            double gy0 = gqx * inv2, gy1 = gqy * inv2, gy2 = -(gqx * qx + gqy * qy) * inv2;

            double gx0, gx1, gx2, gr0, gr1, gr2;
            if (rotated)
            {
                // y = x·cos + (w × x)·sin + w·tmp
                gx0 = gy0 * cosTheta;
                gx1 = gy1 * cosTheta;
                gx2 = gy2 * cosTheta;
                double gCos = gy0 * x0 + gy1 * x1 + gy2 * x2;
                double gSin = gy0 * cross0 + gy1 * cross1 + gy2 * cross2;
                double gc0 = gy0 * sinTheta, gc1 = gy1 * sinTheta, gc2 = gy2 * sinTheta;
                double gTmp = gy0 * w0 + gy1 * w1 + gy2 * w2;
                double gw0 = gy0 * tmp, gw1 = gy1 * tmp, gw2 = gy2 * tmp;
                // tmp = (w·x)(1 − cos)
                double gDot = gTmp * (1.0 - cosTheta);
                gCos -= gTmp * dot;
                gw0 += gDot * x0;
                gw1 += gDot * x1;
                gw2 += gDot * x2;
                gx0 += gDot * w0;
                gx1 += gDot * w1;
                gx2 += gDot * w2;
                // cross = w × x: ∂/∂w = x × g, ∂/∂x = g × w
                gw0 += x1 * gc2 - x2 * gc1;
                gw1 += x2 * gc0 - x0 * gc2;
                gw2 += x0 * gc1 - x1 * gc0;
                gx0 += gc1 * w2 - gc2 * w1;
                gx1 += gc2 * w0 - gc0 * w2;
                gx2 += gc0 * w1 - gc1 * w0;
                // w = r / θ, θ = √(r·r)
                double gTheta = -(gw0 * r0 + gw1 * r1 + gw2 * r2) * thetaInverse * thetaInverse - sinTheta * gCos + cosTheta * gSin;
                double gSq = 0.5 * gTheta * thetaInverse;
                gr0 = gw0 * thetaInverse + 2.0 * r0 * gSq;
                gr1 = gw1 * thetaInverse + 2.0 * r1 * gSq;
                gr2 = gw2 * thetaInverse + 2.0 * r2 * gSq;
            }
            else
            {
                // y = x + r × x
                gx0 = gy0 + (gy1 * r2 - gy2 * r1);
                gx1 = gy1 + (gy2 * r0 - gy0 * r2);
                gx2 = gy2 + (gy0 * r1 - gy1 * r0);
                gr0 = x1 * gy2 - x2 * gy1;
                gr1 = x2 * gy0 - x0 * gy2;
                gr2 = x0 * gy1 - x1 * gy0;
            }

            dcam[0] += gr0;
            dcam[1] += gr1;
            dcam[2] += gr2;
            dcam[3] -= gx0;
            dcam[4] -= gx1;
            dcam[5] -= gx2;
            dpt[0] += gx0;
            dpt[1] += gx1;
            dpt[2] += gx2;
        }

        return total;
    }
}
