using System.Numerics;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// <c>System.Numerics.Vector2/3/4</c> as active values: parameters (gradient of the same type), locals, operators
/// and the static and instance methods with rules. Values bit for bit; every rule against central differences of the
/// float function and, where simple, against the closed form evaluated in double.
/// </summary>
public partial class NumericsVectorTests
{
    [Differentiable]
    public static float SpringEnergy(Vector3 a, Vector3 b, float stiffness, float rest)
    {
        var stretch = Vector3.Distance(a, b) - rest;
        return 0.5f * stiffness * stretch * stretch;
    }

    /// <summary>Every vector rule once: each is a term of the sum.</summary>
    [Differentiable]
    public static float Everything(Vector3 a, Vector3 b, float t)
    {
        var n = Vector3.Normalize(a);
        var c = Vector3.Cross(n, b);
        var l = Vector3.Lerp(a, b, t);
        var scaled = a * 2f - b / 3f + t * a - (-b) + Vector3.Multiply(a, b) - Vector3.Divide(b, new Vector3(2f, 4f, 8f));
        var total = Vector3.Dot(c, l) + scaled.LengthSquared() + scaled.Length() + Vector3.DistanceSquared(a, l);
        total += Vector3.Min(a, b).X + Vector3.Max(a, b).Y + Vector3.Abs(-a).Z + Vector3.SquareRoot(Vector3.Abs(b) + Vector3.One).X;
        total += new Vector3(t).Z + Vector3.UnitZ.Z * a.Z + Vector3.Add(a, Vector3.Subtract(b, a)).Y + Vector3.Negate(a).X;
        return total;
    }

    [Differentiable]
    public static float Planar(Vector2 p, Vector4 q)
    {
        var v = new Vector4(p, p.X * p.Y, 1f);
        v.W = q.W * 2f;
        return Vector2.Dot(p, p) + Vector4.Dot(v, q) + new Vector2(q.X, q.Y).Length();
    }

    public static TheoryData<float, float, float, float, float, float> Points => new()
    {
        { 0.3f, -1.2f, 0.8f, 1.1f, 0.4f, -0.7f },
        { -2.0f, 0.5f, 1.5f, 0.25f, -1.75f, 0.6f },
        { 1.0f, 1.0f, -0.5f, -0.3f, 2.0f, 1.2f },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void A_spring_between_two_vectors(float ax, float ay, float az, float bx, float by, float bz)
    {
        var a = new Vector3(ax, ay, az);
        var b = new Vector3(bx, by, bz);
        FiniteDifferences.AssertSameBits(SpringEnergy(a, b, 3f, 0.5f), SpringEnergyGrad(a, b, 3f, 0.5f, out var da, out var db, out _, out var drest), "value");

        // dE/da = k·(|a − b| − rest)·(a − b)/|a − b|, in double.
        var d = new[] { (double)ax - bx, (double)ay - by, (double)az - bz };
        var length = Math.Sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        var factor = 3.0 * (length - 0.5) / length;
        Assert.Equal(factor * d[0], da.X, 4);
        Assert.Equal(factor * d[1], da.Y, 4);
        Assert.Equal(factor * d[2], da.Z, 4);
        Assert.Equal(-da.X, db.X, 6);
        Assert.Equal(-3.0 * (length - 0.5), drest, 4);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Every_vector_rule_against_central_differences(float ax, float ay, float az, float bx, float by, float bz)
    {
        var a = new Vector3(ax, ay, az);
        var b = new Vector3(bx, by, bz);
        const float t = 0.35f;
        FiniteDifferences.AssertSameBits(Everything(a, b, t), EverythingGrad(a, b, t, out var da, out var db, out var dt), "value");

        float At(float[] q) => Everything(new Vector3(q[0], q[1], q[2]), new Vector3(q[3], q[4], q[5]), q[6]);
        float[] point = [ax, ay, az, bx, by, bz, t];
        var fd = FiniteDifferences.Gradient(At, point);
        float[] generated = [da.X, da.Y, da.Z, db.X, db.Y, db.Z, dt];
        string[] names = ["a.X", "a.Y", "a.Z", "b.X", "b.Y", "b.Z", "t"];
        for (var i = 0; i < fd.Length; i++)
        {
            FiniteDifferences.AssertClose(nameof(Everything), names, point.Select(x => (double)x).ToArray(), i, generated[i], fd[i], 5e-3);
        }
    }

    [Theory]
    [InlineData(0.5f, -1.5f, 0.25f, 2f, -1f, 0.75f)]
    [InlineData(-1.25f, 0.75f, 1f, -0.5f, 0.5f, -2f)]
    public void Vector2_and_Vector4(float px, float py, float qx, float qy, float qz, float qw)
    {
        var p = new Vector2(px, py);
        var q = new Vector4(qx, qy, qz, qw);
        FiniteDifferences.AssertSameBits(Planar(p, q), PlanarGrad(p, q, out var dp, out var dq), "value");

        float At(float[] x) => Planar(new Vector2(x[0], x[1]), new Vector4(x[2], x[3], x[4], x[5]));
        float[] point = [px, py, qx, qy, qz, qw];
        var fd = FiniteDifferences.Gradient(At, point);
        float[] generated = [dp.X, dp.Y, dq.X, dq.Y, dq.Z, dq.W];
        string[] names = ["p.X", "p.Y", "q.X", "q.Y", "q.Z", "q.W"];
        for (var i = 0; i < fd.Length; i++)
        {
            FiniteDifferences.AssertClose(nameof(Planar), names, point.Select(x => (double)x).ToArray(), i, generated[i], fd[i], 5e-3);
        }

        // d/dq.W of v·q with v.W = 2·q.W is 4·q.W; d/dp.X of p·p + (p.X·p.Y)·q.Z is 2·p.X + p.Y·q.Z.
        Assert.Equal(4.0 * qw, dq.W, 5);
        Assert.Equal(2.0 * px + (double)py * qz + qx, dp.X, 4);
    }
}
