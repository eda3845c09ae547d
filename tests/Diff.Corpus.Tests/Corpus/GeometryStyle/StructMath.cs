// DiffGen corpus — struct-valued geometry in the style of a mesh/geometry library (Vector2d/Vector3d structs with
// instance methods and operators, static helpers taking structs, ref/out results), written for DiffGen (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.GeometryStyle
{
    public partial struct Vector2d
    {
        public double x;
        public double y;

        public Vector2d(double x, double y) { this.x = x; this.y = y; }

        public static readonly Vector2d Zero = new Vector2d(0.0, 0.0);
        public static readonly Vector2d AxisX = new Vector2d(1.0, 0.0);

        public double LengthSquared { get { return x * x + y * y; } }
        public double Length { get { return Math.Sqrt(x * x + y * y); } }

        [Differentiable] public double Dot(Vector2d v2) => x * v2.x + y * v2.y;
        [Differentiable] public double Cross(Vector2d v2) => x * v2.y - y * v2.x;
        [Differentiable] public double Perp(Vector2d v2) => x * v2.y - y * v2.x;
        [Differentiable] public double DotPerp(Vector2d v2) => x * v2.y - y * v2.x;
        [Differentiable] public double Distance(Vector2d v2) { double dx = v2.x - x, dy = v2.y - y; return Math.Sqrt(dx * dx + dy * dy); }
        [Differentiable] public double DistanceSquared(Vector2d v2) { double dx = v2.x - x, dy = v2.y - y; return dx * dx + dy * dy; }
        [Differentiable] public double AngleD(Vector2d v2) { double fDot = MathUtil.Clamp(Dot(v2), -1, 1); return Math.Acos(fDot) * MathUtil.Rad2Deg; }
        [Differentiable] public double AngleR(Vector2d v2) { double fDot = MathUtil.Clamp(Dot(v2), -1, 1); return Math.Acos(fDot); }
        [Differentiable] public double Normalize(double epsilon = MathUtil.Epsilon)
        {
            double length = Length;
            if (length > epsilon)
            {
                double invLength = 1.0 / length;
                x *= invLength;
                y *= invLength;
            }
            else
            {
                length = 0;
                x = y = 0;
            }

            return length;
        }

        [Differentiable] public static double Dot(Vector2d v1, Vector2d v2) => v1.Dot(v2);
        [Differentiable] public static double Orient(Vector2d a, Vector2d b, Vector2d c) => (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
        [Differentiable] public static double AngleBetween(ref Vector2d a, ref Vector2d b) => Math.Atan2(a.x * b.y - a.y * b.x, a.x * b.x + a.y * b.y);

        public static Vector2d operator -(Vector2d a, Vector2d b) => new Vector2d(a.x - b.x, a.y - b.y);
        public static Vector2d operator +(Vector2d a, Vector2d b) => new Vector2d(a.x + b.x, a.y + b.y);
        public static Vector2d operator *(double f, Vector2d v) => new Vector2d(f * v.x, f * v.y);
    }

    public partial struct Vector3d
    {
        public double x, y, z;

        public Vector3d(double x, double y, double z) { this.x = x; this.y = y; this.z = z; }

        public double this[int key] { get { return key == 0 ? x : key == 1 ? y : z; } }
        public double Length => Math.Sqrt(x * x + y * y + z * z);

        [Differentiable] public double Dot(Vector3d v2) => x * v2.x + y * v2.y + z * v2.z;
        [Differentiable] public double Dot(ref Vector3d v2) => x * v2.x + y * v2.y + z * v2.z;
        [Differentiable] public double Distance(Vector3d v2) { double dx = v2.x - x, dy = v2.y - y, dz = v2.z - z; return Math.Sqrt(dx * dx + dy * dy + dz * dz); }
        [Differentiable] public double DistanceSquared(ref Vector3d v2) { double dx = v2.x - x, dy = v2.y - y, dz = v2.z - z; return dx * dx + dy * dy + dz * dz; }
        [Differentiable] public double MaxAbs() => Math.Max(Math.Abs(x), Math.Max(Math.Abs(y), Math.Abs(z)));
        [Differentiable] public double MinAbs() => Math.Min(Math.Abs(x), Math.Min(Math.Abs(y), Math.Abs(z)));

        [Differentiable] public static double Dot(Vector3d v1, Vector3d v2) => v1.Dot(ref v2);
        [Differentiable] public static double AngleD(Vector3d v1, Vector3d v2)
        {
            double fDot = MathUtil.Clamp(v1.Dot(v2) / (v1.Length * v2.Length), -1, 1);
            return Math.Acos(fDot) * MathUtil.Rad2Deg;
        }
        [Differentiable] public static double Distance(Vector3d v1, Vector3d v2) => v1.Distance(v2);

        public static Vector3d Cross(Vector3d a, Vector3d b) => new Vector3d(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
        public static Vector3d operator -(Vector3d a, Vector3d b) => new Vector3d(a.x - b.x, a.y - b.y, a.z - b.z);
    }

    public static partial class MathUtil
    {
        public const double Deg2Rad = Math.PI / 180.0;
        public const double Rad2Deg = 180.0 / Math.PI;
        public const double ZeroTolerance = 1e-08;
        public const double Epsilon = 2.2204460492503131e-016;

        [Differentiable] public static double Clamp(double f, double low, double high) => (f < low) ? low : (f > high) ? high : f;
        [Differentiable] public static double ClampAngleDeg(double theta, double min, double max)
        {
            double center = (min + max) * 0.5;
            double delta = WrapSignedAngleDeg(theta - center);
            return center + Clamp(delta, min - center, max - center);
        }
        [Differentiable] public static double WrapSignedAngleDeg(double angle)
        {
            angle = angle % 360;
            if (angle > 180) angle -= 360;
            else if (angle < -180) angle += 360;
            return angle;
        }
        [Differentiable] public static double Lerp(double a, double b, double t) => (1.0 - t) * a + t * b;
        [Differentiable] public static double SmoothInterp(double a, double b, double t) { double tt = WyvillRise01(t); return (1.0 - tt) * a + tt * b; }
        [Differentiable] public static double WyvillRise01(double fX) { double d = Clamp(1.0 - fX * fX, 0.0, 1.0); return 1 - (d * d * d); }
        [Differentiable] public static double WyvillFalloff01(double fX) { double d = 1 - fX * fX; return (d >= 0) ? (d * d * d) : 0; }
        [Differentiable] public static double WyvillFalloff(double fD, double fInnerRad, double fOuterRad)
        {
            if (fD > fOuterRad) return 0;
            else if (fD > fInnerRad)
            {
                fD -= fInnerRad;
                fD /= (fOuterRad - fInnerRad);
                fD = Math.Max(0, Math.Min(1, fD));
                double fVal = (1.0f - fD * fD);
                return fVal * fVal * fVal;
            }
            else return 1.0;
        }
        [Differentiable] public static double VectorCot(Vector3d v1, Vector3d v2)
        {
            double fDot = v1.Dot(v2);
            return fDot / Math.Sqrt(Vector3d.Cross(v1, v2).Length * Vector3d.Cross(v1, v2).Length);
        }
        [Differentiable] public static double VectorTan(Vector3d v1, Vector3d v2)
        {
            double fDot = v1.Dot(v2);
            return Vector3d.Cross(v1, v2).Length / fDot;
        }
        [Differentiable] public static double Area(ref Vector3d v1, ref Vector3d v2, ref Vector3d v3) => 0.5 * Vector3d.Cross(v2 - v1, v3 - v1).Length;
        [Differentiable] public static double Area(Vector3d v1, Vector3d v2, Vector3d v3) => 0.5 * Vector3d.Cross(v2 - v1, v3 - v1).Length;
        [Differentiable] public static double Area(Vector2d v1, Vector2d v2, Vector2d v3) => 0.5 * Math.Abs((v2.x - v1.x) * (v3.y - v1.y) - (v3.x - v1.x) * (v2.y - v1.y));
        [Differentiable] public static double SignedArea(Vector2d v1, Vector2d v2, Vector2d v3) => 0.5 * ((v2.x - v1.x) * (v3.y - v1.y) - (v3.x - v1.x) * (v2.y - v1.y));
        [Differentiable] public static double AspectRatio(ref Vector3d v1, ref Vector3d v2, ref Vector3d v3)
        {
            double a = v1.Distance(v2), b = v2.Distance(v3), c = v3.Distance(v1);
            double s = (a + b + c) / 2.0;
            return (a * b * c) / (8.0 * (s - a) * (s - b) * (s - c));
        }
        [Differentiable] public static double TriSolidAngle(Vector3d a, Vector3d b, Vector3d c, ref Vector3d p)
        {
            a = a - p; b = b - p; c = c - p;
            double la = a.Length, lb = b.Length, lc = c.Length;
            double top = la * lb * lc + a.Dot(ref b) * lc + b.Dot(ref c) * la + c.Dot(ref a) * lb;
            double bottom = a.x * (b.y * c.z - c.y * b.z) - a.y * (b.x * c.z - c.x * b.z) + a.z * (b.x * c.y - c.x * b.y);
            return 2.0 * Math.Atan2(bottom, top);
        }
        [Differentiable] public static double PlaneAngleD(Vector3d a, Vector3d b, int nPlaneNormalIdx = 1)
        {
            double ax = nPlaneNormalIdx == 0 ? a.y : a.x, ay = nPlaneNormalIdx == 2 ? a.y : a.z;
            double bx = nPlaneNormalIdx == 0 ? b.y : b.x, by = nPlaneNormalIdx == 2 ? b.y : b.z;
            return Math.Atan2(ax * by - ay * bx, ax * bx + ay * by) * Rad2Deg;
        }
        [Differentiable] public static double TriangleQualityInverse(double a, double b, double c)
        {
            double s = (a + b + c) / 2;
            return a * b * c / (8 * (s - a) * (s - b) * (s - c));
        }
        [Differentiable] public static double SolveQuadraticSmallest(double a, double b, double c, out double other)
        {
            double disc = Math.Sqrt(b * b - 4 * a * c);
            double q = b < 0 ? -0.5 * (b - disc) : -0.5 * (b + disc);
            double r0 = q / a, r1 = c / q;
            other = Math.Max(r0, r1);
            return Math.Min(r0, r1);
        }
        [Differentiable] public static double SegmentDistanceSquared(Vector2d p, Vector2d a, Vector2d b, out double t)
        {
            Vector2d d = b - a;
            t = Clamp((p - a).Dot(d) / d.LengthSquared, 0, 1);
            Vector2d q = a + t * d;
            return q.DistanceSquared(p);
        }
        [Differentiable] public static double RayParameter(ref Vector3d origin, ref Vector3d direction, ref Vector3d point)
        {
            return (point.x - origin.x) * direction.x + (point.y - origin.y) * direction.y + (point.z - origin.z) * direction.z;
        }
        [Differentiable] public static double PointPlaneDistance(Vector3d p, Vector3d n, double d) => n.Dot(p) - d;
        [Differentiable] public static double HermiteBasis(double t, int i)
        {
            switch (i)
            {
                case 0: return 2 * t * t * t - 3 * t * t + 1;
                case 1: return t * t * t - 2 * t * t + t;
                case 2: return -2 * t * t * t + 3 * t * t;
                default: return t * t * t - t * t;
            }
        }
        [Differentiable] public static double EvalBezier(double t, double[] ctrl)
        {
            double u = 1 - t;
            return u * u * u * ctrl[0] + 3 * u * u * t * ctrl[1] + 3 * u * t * t * ctrl[2] + t * t * t * ctrl[3];
        }
        [Differentiable] public static float ClampF(float f, float low, float high) => (f < low) ? low : (f > high) ? high : f;
        [Differentiable] public static float LerpF(float a, float b, float t) => (1.0f - t) * a + t * b;
        [Differentiable] public static float SqrtF(float x) => (float)Math.Sqrt(x);
        [Differentiable] public static float SinF(float x) => (float)Math.Sin(x);
        [Differentiable] public static float Atan2F(float y, float x) => (float)Math.Atan2(y, x);
    }

    public partial class ParametricArc
    {
        public Vector2d Center;
        public double Radius;
        public double AngleStartDeg, AngleEndDeg;

        [Differentiable] public double ArcLength() => (AngleEndDeg - AngleStartDeg) * MathUtil.Deg2Rad * Radius;
        [Differentiable] public double Curvature() => 1.0 / Radius;
        [Differentiable] public double SampleX(double t) => Center.x + Radius * Math.Cos(MathUtil.Lerp(AngleStartDeg, AngleEndDeg, t) * MathUtil.Deg2Rad);
        [Differentiable] public double DistanceSquared(Vector2d point)
        {
            double d = point.Distance(Center) - Radius;
            return d * d;
        }
    }
}
