// DiffGen corpus — vector and geometry code written in the style of a geometry library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Geometry
{
    public partial struct Vector3d
    {
        public double x, y, z;

        public Vector3d(double x, double y, double z)
        {
            this.x = x;
            this.y = y;
            this.z = z;
        }

        [Differentiable]
        public double Length() => Math.Sqrt(x * x + y * y + z * z);

        [Differentiable]
        public double LengthSquared() => x * x + y * y + z * z;

        [Differentiable]
        public double Dot(Vector3d v) => x * v.x + y * v.y + z * v.z;

        [Differentiable]
        public double Distance(Vector3d v)
        {
            double dx = v.x - x, dy = v.y - y, dz = v.z - z;
            return Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }

        [Differentiable]
        public static double Dot(Vector3d a, Vector3d b) => a.x * b.x + a.y * b.y + a.z * b.z;

        [Differentiable]
        public static double AngleR(Vector3d a, Vector3d b)
        {
            double d = Dot(a, b) / (a.Length() * b.Length());
            return Math.Acos(Math.Clamp(d, -1.0, 1.0));
        }

        [Differentiable]
        public double MaxComponent() => Math.Max(x, Math.Max(y, z));
    }

    public static partial class MathUtil
    {
        public const double Epsilon = 1e-12;
        public const double Deg2Rad = Math.PI / 180.0;
        public const double Rad2Deg = 180.0 / Math.PI;

        [Differentiable] public static double Clamp(double f, double low, double high) => (f < low) ? low : (f > high) ? high : f;
        [Differentiable] public static double SignedClamp(double f, double fMagnitude) => (f >= 0) ? Math.Min(f, fMagnitude) : -Math.Min(-f, fMagnitude);
        [Differentiable] public static double Lerp(double a, double b, double t) => (1.0 - t) * a + t * b;
        [Differentiable] public static double SmoothStep(double t) { t = Clamp(t, 0, 1); return t * t * (3 - 2 * t); }
        [Differentiable] public static double SmootherStep(double t) { t = Clamp(t, 0, 1); return t * t * t * (t * (t * 6 - 15) + 10); }
        [Differentiable] public static double WrapSignedAngleDeg(double angle) { while (angle > 180) angle -= 360; while (angle < -180) angle += 360; return angle; }
        [Differentiable] public static double ToRadians(double degrees) => degrees * Deg2Rad;
        [Differentiable] public static double ToDegrees(double radians) => radians * Rad2Deg;
        [Differentiable] public static double PlaneAngleD(double ax, double ay, double bx, double by) => Math.Atan2(ax * by - ay * bx, ax * bx + ay * by) * Rad2Deg;
        [Differentiable] public static double TriArea(double ax, double ay, double bx, double by, double cx, double cy) => 0.5 * Math.Abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay));
        [Differentiable] public static double SignedTriArea(double ax, double ay, double bx, double by, double cx, double cy) => 0.5 * ((bx - ax) * (cy - ay) - (cx - ax) * (by - ay));
        [Differentiable] public static double Orient2D(double ax, double ay, double bx, double by, double cx, double cy) => (ax - cx) * (by - cy) - (ay - cy) * (bx - cx);
        [Differentiable] public static double VectorAngleR(double ax, double ay, double az, double bx, double by, double bz)
        {
            double la = Math.Sqrt(ax * ax + ay * ay + az * az), lb = Math.Sqrt(bx * bx + by * by + bz * bz);
            double d = (ax * bx + ay * by + az * bz) / (la * lb);
            return Math.Acos(Clamp(d, -1, 1));
        }
        [Differentiable] public static double PointSegmentDistanceSquared(double px, double py, double ax, double ay, double bx, double by)
        {
            double dx = bx - ax, dy = by - ay;
            double len2 = dx * dx + dy * dy;
            double t = len2 < Epsilon ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
            t = Clamp(t, 0, 1);
            double qx = ax + t * dx - px, qy = ay + t * dy - py;
            return qx * qx + qy * qy;
        }
        [Differentiable] public static double PointLineDistance(double px, double py, double ax, double ay, double bx, double by)
        {
            double dx = bx - ax, dy = by - ay;
            return Math.Abs(dy * px - dx * py + bx * ay - by * ax) / Math.Sqrt(dx * dx + dy * dy);
        }
        [Differentiable] public static double PolygonArea(double[] xs, double[] ys)
        {
            double area = 0;
            int n = xs.Length;
            for (int i = 0, j = n - 1; i < n; j = i++) area += (xs[j] + xs[i]) * (ys[j] - ys[i]);
            return area * 0.5;
        }
        [Differentiable] public static double PolygonPerimeter(double[] xs, double[] ys)
        {
            double p = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                int j = (i + 1) % xs.Length;
                double dx = xs[j] - xs[i], dy = ys[j] - ys[i];
                p += Math.Sqrt(dx * dx + dy * dy);
            }
            return p;
        }
        [Differentiable] public static double TriangleQuality(double a, double b, double c)
        {
            double s = (a + b + c) / 2;
            double area = Math.Sqrt(s * (s - a) * (s - b) * (s - c));
            return 4 * Math.Sqrt(3) * area / (a * a + b * b + c * c);
        }
        [Differentiable] public static double Heron(double a, double b, double c)
        {
            double s = 0.5 * (a + b + c);
            return Math.Sqrt(s * (s - a) * (s - b) * (s - c));
        }
        [Differentiable] public static double CircumRadius(double a, double b, double c) => a * b * c / (4 * Heron(a, b, c));
        [Differentiable] public static double InRadius(double a, double b, double c) => 2 * Heron(a, b, c) / (a + b + c);
        [Differentiable] public static double CotanAngle(double ax, double ay, double az, double bx, double by, double bz)
        {
            double dot = ax * bx + ay * by + az * bz;
            double cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
            return dot / Math.Sqrt(cx * cx + cy * cy + cz * cz);
        }
        [Differentiable] public static double TetVolume(double[] p)
        {
            double ax = p[3] - p[0], ay = p[4] - p[1], az = p[5] - p[2];
            double bx = p[6] - p[0], by = p[7] - p[1], bz = p[8] - p[2];
            double cx = p[9] - p[0], cy = p[10] - p[1], cz = p[11] - p[2];
            return (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6.0;
        }
        [Differentiable] public static double SphereVolume(double r) => 4.0 / 3.0 * Math.PI * r * r * r;
        [Differentiable] public static double SphereArea(double r) => 4.0 * Math.PI * r * r;
        [Differentiable] public static double CapsuleVolume(double r, double h) => Math.PI * r * r * (4.0 / 3.0 * r + h);
        [Differentiable] public static double ConeVolume(double r, double h) => Math.PI * r * r * h / 3.0;
        [Differentiable] public static double TorusVolume(double major, double minor) => 2 * Math.PI * Math.PI * major * minor * minor;
        [Differentiable] public static double EllipsePerimeterRamanujan(double a, double b)
        {
            double h = (a - b) * (a - b) / ((a + b) * (a + b));
            return Math.PI * (a + b) * (1 + 3 * h / (10 + Math.Sqrt(4 - 3 * h)));
        }
        [Differentiable] public static double SdCircle(double px, double py, double r) => Math.Sqrt(px * px + py * py) - r;
        [Differentiable] public static double SdBox(double px, double py, double bx, double by)
        {
            double dx = Math.Abs(px) - bx, dy = Math.Abs(py) - by;
            double ox = Math.Max(dx, 0), oy = Math.Max(dy, 0);
            return Math.Sqrt(ox * ox + oy * oy) + Math.Min(Math.Max(dx, dy), 0.0);
        }
        [Differentiable] public static double SdTorus(double px, double py, double pz, double r1, double r2)
        {
            double qx = Math.Sqrt(px * px + pz * pz) - r1;
            return Math.Sqrt(qx * qx + py * py) - r2;
        }
        [Differentiable] public static double SmoothMin(double a, double b, double k)
        {
            double h = Math.Max(k - Math.Abs(a - b), 0.0) / k;
            return Math.Min(a, b) - h * h * k * 0.25;
        }
        [Differentiable] public static double RaySphere(double ox, double oy, double oz, double dx, double dy, double dz, double r)
        {
            double b = ox * dx + oy * dy + oz * dz;
            double c = ox * ox + oy * oy + oz * oz - r * r;
            double disc = b * b - c;
            if (disc < 0) return -1.0;
            return -b - Math.Sqrt(disc);
        }
        [Differentiable] public static double RayPlane(double ox, double oy, double oz, double dx, double dy, double dz, double nx, double ny, double nz, double d)
        {
            double denom = nx * dx + ny * dy + nz * dz;
            if (Math.Abs(denom) < Epsilon) return double.PositiveInfinity;
            return -(nx * ox + ny * oy + nz * oz + d) / denom;
        }
        [Differentiable] public static double WindingAngle(double[] xs, double[] ys, double px, double py)
        {
            double sum = 0;
            int n = xs.Length;
            for (int i = 0; i < n; i++)
            {
                int j = (i + 1) % n;
                double ax = xs[i] - px, ay = ys[i] - py, bx = xs[j] - px, by = ys[j] - py;
                sum += Math.Atan2(ax * by - ay * bx, ax * bx + ay * by);
            }
            return sum;
        }
        [Differentiable] public static double Mollifier(double x) => Math.Abs(x) < 1 ? Math.Exp(-1.0 / (1 - x * x)) : 0.0;
        [Differentiable] public static double WyvillKernel(double r2) { double t = 1 - r2; return t < 0 ? 0 : t * t * t; }
        [Differentiable] public static double HermiteFalloff(double d, double radius)
        {
            if (d >= radius) return 0;
            double t = d / radius;
            return 1 - t * t * (3 - 2 * t);
        }
        [Differentiable] public static double QuaternionAngle(double w) => 2.0 * Math.Acos(Clamp(w, -1, 1));
        [Differentiable] public static double QuatDot(double[] a, double[] b) { double s = 0; for (int i = 0; i < 4; i++) s += a[i] * b[i]; return s; }
        [Differentiable] public static double Determinant3(double[] m)
            => m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        [Differentiable] public static double Trace3(double[] m) => m[0] + m[4] + m[8];
        [Differentiable] public static double FrobeniusNorm(double[,] m)
        {
            double s = 0;
            for (int i = 0; i < m.GetLength(0); i++)
                for (int j = 0; j < m.GetLength(1); j++) s += m[i, j] * m[i, j];
            return Math.Sqrt(s);
        }
        [Differentiable] public static double AreaWeightedNormalZ(double[] v)
        {
            double ex = v[3] - v[0], ey = v[4] - v[1], fx = v[6] - v[0], fy = v[7] - v[1];
            return 0.5 * (ex * fy - ey * fx);
        }
    }
}
