using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: ADBench's bundle-adjustment reprojection error, summed into one least-squares objective, over
/// double arrays: 16 cameras × 11 parameters (angle-axis rotation, centre, focal length, principal point, two radial
/// distortion coefficients, as ADBench lays them out), 2000 points, 8000 observations each with a weight. Per
/// observation: rotate the point relative to the camera centre by Rodrigues' formula (with ADBench's small-angle
/// branch), project, distort radially, scale and shift, subtract the observed feature, weight, square. The camera
/// and point indices of each observation are integer arrays (passive).
/// </summary>
public static partial class BundleAdjustment
{
    [Differentiable]
    public static double ReprojectionError(
        ReadOnlySpan<double> cameras, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        [NoDerivative] double[] features, int[] cameraIndex, int[] pointIndex)
    {
        double total = 0.0;
        for (int o = 0; o < weights.Length; o++)
        {
            int c = cameraIndex[o] * 11;
            int p = pointIndex[o] * 3;

            // The point relative to the camera centre.
            double x0 = points[p] - cameras[c + 3];
            double x1 = points[p + 1] - cameras[c + 4];
            double x2 = points[p + 2] - cameras[c + 5];

            // Rodrigues' rotation by the angle-axis vector r.
            double r0 = cameras[c];
            double r1 = cameras[c + 1];
            double r2 = cameras[c + 2];
            double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
            double y0, y1, y2;
            if (sqtheta != 0.0)
            {
                double theta = Math.Sqrt(sqtheta);
                double cosTheta = Math.Cos(theta);
                double sinTheta = Math.Sin(theta);
                double thetaInverse = 1.0 / theta;
                double w0 = r0 * thetaInverse;
                double w1 = r1 * thetaInverse;
                double w2 = r2 * thetaInverse;
                double cross0 = w1 * x2 - w2 * x1;
                double cross1 = w2 * x0 - w0 * x2;
                double cross2 = w0 * x1 - w1 * x0;
                double tmp = (w0 * x0 + w1 * x1 + w2 * x2) * (1.0 - cosTheta);
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

            // Projection and radial distortion.
            double px = y0 / y2;
            double py = y1 / y2;
            double rsq = px * px + py * py;
            double distortion = 1.0 + cameras[c + 9] * rsq + cameras[c + 10] * rsq * rsq;
            px *= distortion;
            py *= distortion;
            double u = px * cameras[c + 6] + cameras[c + 7];
            double v = py * cameras[c + 6] + cameras[c + 8];

            double ex = weights[o] * (u - features[2 * o]);
            double ey = weights[o] * (v - features[2 * o + 1]);
            total += ex * ex + ey * ey;
        }

        return total;
    }
}
