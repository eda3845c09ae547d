// DiffGen corpus — curves, surfaces and mesh measures in the style of a geometry library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Geometry
{
    public partial struct Segment2d
    {
        public double Ax, Ay, Bx, By;

        [Differentiable] public double Length() => Math.Sqrt((Bx - Ax) * (Bx - Ax) + (By - Ay) * (By - Ay));

        [Differentiable]
        public double DistanceSquared(double px, double py)
        {
            double dx = Bx - Ax, dy = By - Ay;
            double t = ((px - Ax) * dx + (py - Ay) * dy) / (dx * dx + dy * dy);
            t = Math.Max(0, Math.Min(1, t));
            double qx = Ax + t * dx - px, qy = Ay + t * dy - py;
            return qx * qx + qy * qy;
        }
    }

    public partial class Circle2d
    {
        public double Radius = 1.0;

        [Differentiable] public double Area() => Math.PI * Radius * Radius;
        [Differentiable] public double Circumference() => 2 * Math.PI * Radius;
        [Differentiable] public static double ArcLength(double radius, double angle) => radius * Math.Abs(angle);
        [Differentiable] public static double ChordLength(double radius, double angle) => 2 * radius * Math.Sin(angle / 2);
        [Differentiable] public static double SegmentArea(double radius, double angle) => 0.5 * radius * radius * (angle - Math.Sin(angle));
        [Differentiable] public static double SectorArea(double radius, double angle) => 0.5 * radius * radius * angle;
    }

    public static partial class Curves
    {
        [Differentiable] public static double BezierQuadLength(double[] p)
        {
            double len = 0, px = p[0], py = p[1];
            for (int i = 1; i <= 32; i++)
            {
                double t = i / 32.0, u = 1 - t;
                double x = u * u * p[0] + 2 * u * t * p[2] + t * t * p[4];
                double y = u * u * p[1] + 2 * u * t * p[3] + t * t * p[5];
                len += Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
                px = x; py = y;
            }
            return len;
        }
        [Differentiable] public static double BezierCurvature(double t, double[] p)
        {
            double u = 1 - t;
            double dx = 2 * (u * (p[2] - p[0]) + t * (p[4] - p[2]));
            double dy = 2 * (u * (p[3] - p[1]) + t * (p[5] - p[3]));
            double ddx = 2 * (p[4] - 2 * p[2] + p[0]);
            double ddy = 2 * (p[5] - 2 * p[3] + p[1]);
            return (dx * ddy - dy * ddx) / Math.Pow(dx * dx + dy * dy, 1.5);
        }
        [Differentiable] public static double HelixLength(double radius, double pitch, double turns) => turns * Math.Sqrt(Math.Pow(2 * Math.PI * radius, 2) + pitch * pitch);
        [Differentiable] public static double CircleCurvature(double r) => 1 / r;
        [Differentiable] public static double EllipseCurvature(double a, double b, double t)
        {
            double s = Math.Sin(t), c = Math.Cos(t);
            return a * b / Math.Pow(a * a * s * s + b * b * c * c, 1.5);
        }
        [Differentiable] public static double ArchimedeanSpiralLength(double a, double theta)
        {
            double s = Math.Sqrt(1 + theta * theta);
            return a / 2 * (theta * s + Math.Log(theta + s));
        }
        [Differentiable] public static double LogSpiralRadius(double a, double b, double theta) => a * Math.Exp(b * theta);
        [Differentiable] public static double CycloidX(double r, double t) => r * (t - Math.Sin(t));
        [Differentiable] public static double CycloidY(double r, double t) => r * (1 - Math.Cos(t));
        [Differentiable] public static double LissajousX(double a, double omega, double delta, double t) => a * Math.Sin(omega * t + delta);
        [Differentiable] public static double CatenaryY(double a, double x) => a * Math.Cosh(x / a);
        [Differentiable] public static double CatenaryLength(double a, double x) => a * Math.Sinh(x / a);
        [Differentiable] public static double SuperellipseRadius(double a, double b, double n, double theta)
        {
            double c = Math.Abs(Math.Cos(theta) / a), s = Math.Abs(Math.Sin(theta) / b);
            return Math.Pow(Math.Pow(c, n) + Math.Pow(s, n), -1 / n);
        }
        [Differentiable] public static double ClothoidX(double t, int terms)
        {
            double s = 0, term = t;
            for (int n = 0; n < terms; n++)
            {
                s += term / (4 * n + 1);
                term *= -t * t * t * t / ((2 * n + 1) * (2 * n + 2) * 4);
            }
            return s;
        }
        [Differentiable] public static double PolylineLength(double[] xs, double[] ys)
        {
            double len = 0;
            for (int i = 1; i < xs.Length; i++) len += Math.Sqrt(Math.Pow(xs[i] - xs[i - 1], 2) + Math.Pow(ys[i] - ys[i - 1], 2));
            return len;
        }
        [Differentiable] public static double DiscreteCurvatureEnergy(double[] xs, double[] ys)
        {
            double e = 0;
            for (int i = 1; i < xs.Length - 1; i++)
            {
                double ax = xs[i] - xs[i - 1], ay = ys[i] - ys[i - 1];
                double bx = xs[i + 1] - xs[i], by = ys[i + 1] - ys[i];
                double angle = Math.Atan2(ax * by - ay * bx, ax * bx + ay * by);
                e += angle * angle;
            }
            return e;
        }
        [Differentiable] public static double TriangleMeshArea(double[] v, int[] tris)
        {
            double area = 0;
            for (int t = 0; t + 2 < tris.Length; t += 3)
            {
                int a = 3 * tris[t], b = 3 * tris[t + 1], c = 3 * tris[t + 2];
                double ex = v[b] - v[a], ey = v[b + 1] - v[a + 1], ez = v[b + 2] - v[a + 2];
                double fx = v[c] - v[a], fy = v[c + 1] - v[a + 1], fz = v[c + 2] - v[a + 2];
                double nx = ey * fz - ez * fy, ny = ez * fx - ex * fz, nz = ex * fy - ey * fx;
                area += 0.5 * Math.Sqrt(nx * nx + ny * ny + nz * nz);
            }
            return area;
        }
        [Differentiable] public static double DihedralAngle(double[] p)
        {
            double b1x = p[3] - p[0], b1y = p[4] - p[1], b1z = p[5] - p[2];
            double b2x = p[6] - p[3], b2y = p[7] - p[4], b2z = p[8] - p[5];
            double b3x = p[9] - p[6], b3y = p[10] - p[7], b3z = p[11] - p[8];
            double n1x = b1y * b2z - b1z * b2y, n1y = b1z * b2x - b1x * b2z, n1z = b1x * b2y - b1y * b2x;
            double n2x = b2y * b3z - b2z * b3y, n2y = b2z * b3x - b2x * b3z, n2z = b2x * b3y - b2y * b3x;
            double b2len = Math.Sqrt(b2x * b2x + b2y * b2y + b2z * b2z);
            double m1x = n1y * b2z / b2len - n1z * b2y / b2len, m1y = n1z * b2x / b2len - n1x * b2z / b2len, m1z = n1x * b2y / b2len - n1y * b2x / b2len;
            double x = n1x * n2x + n1y * n2y + n1z * n2z;
            double y = m1x * n2x + m1y * n2y + m1z * n2z;
            return Math.Atan2(y, x);
        }
        [Differentiable] public static double SphericalDistance(double lat1, double lon1, double lat2, double lon2, double radius)
        {
            double dLat = lat2 - lat1, dLon = lon2 - lon1;
            double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
            return 2 * radius * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
        }
        [Differentiable] public static double InitialBearing(double lat1, double lon1, double lat2, double lon2)
        {
            double y = Math.Sin(lon2 - lon1) * Math.Cos(lat2);
            double x = Math.Cos(lat1) * Math.Sin(lat2) - Math.Sin(lat1) * Math.Cos(lat2) * Math.Cos(lon2 - lon1);
            return Math.Atan2(y, x);
        }
        [Differentiable] public static double MercatorY(double lat) => Math.Log(Math.Tan(Math.PI / 4 + lat / 2));
        [Differentiable] public static double InverseMercatorLat(double y) => 2 * Math.Atan(Math.Exp(y)) - Math.PI / 2;
        [Differentiable] public static double SphericalExcess(double a, double b, double c) => a + b + c - Math.PI;
        [Differentiable] public static double GaussianCurvatureSphere(double r) => 1 / (r * r);
        [Differentiable] public static double TorusGaussianCurvature(double major, double minor, double v) => Math.Cos(v) / (minor * (major + minor * Math.Cos(v)));
        [Differentiable] public static float AngleBetweenF(float ax, float ay, float bx, float by) => MathF.Atan2(ax * by - ay * bx, ax * bx + ay * by);
        [Differentiable] public static float DistanceF(float ax, float ay, float bx, float by) => MathF.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
        [Differentiable] public static float SdSegmentF(float px, float py, float ax, float ay, float bx, float by)
        {
            float pax = px - ax, pay = py - ay, bax = bx - ax, bay = by - ay;
            float h = Math.Clamp((pax * bax + pay * bay) / (bax * bax + bay * bay), 0f, 1f);
            float dx = pax - bax * h, dy = pay - bay * h;
            return MathF.Sqrt(dx * dx + dy * dy);
        }
    }
}
