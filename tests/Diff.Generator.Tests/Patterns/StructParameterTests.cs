using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Struct parameters of floating-point fields (plain structs with fields, record structs, readonly record structs with
/// init-only properties) are active: their gradient has the same type (<c>out Particle dp</c> in Grad, <c>ref
/// Particle dp</c> added into by Pullback), each field the adjoint of the field read. Checked against central differences.
/// </summary>
public partial class StructParameterTests
{
    public record struct Particle(double X, double V);

    public readonly record struct Spring(double Stiffness, double Rest);

    public struct Vector3d
    {
        public double x, y, z;

        public Vector3d(double x, double y, double z)
        {
            this.x = x;
            this.y = y;
            this.z = z;
        }
    }

    [Differentiable]
    public static double Energy(Particle p, Spring s, double mass)
    {
        var stretch = p.X - s.Rest;
        return 0.5 * mass * p.V * p.V + 0.5 * s.Stiffness * stretch * stretch;
    }

    /// <summary>geometry3Sharp's style: fields of two vectors, in a loop and a branch.</summary>
    [Differentiable]
    public static double AngleR(Vector3d a, Vector3d b, int squash)
    {
        var dot = a.x * b.x + a.y * b.y + a.z * b.z;
        var norms = Math.Sqrt((a.x * a.x + a.y * a.y + a.z * a.z) * (b.x * b.x + b.y * b.y + b.z * b.z));
        var c = dot / norms;
        for (var i = 0; i < squash; i++)
        {
            c = 0.9 * c;
        }

        return c > 1 ? 0 : Math.Acos(c);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void A_record_struct_gradient_has_the_same_type(double x, double v)
    {
        var p = new Particle(x, v);
        var s = new Spring(3.0, 0.25);
        Assert.Equal(Energy(p, s, 2.0), EnergyGrad(p, s, 2.0, out var dp, out var ds, out var dmass));
        Assert.Equal(3.0 * (x - 0.25), dp.X, 12);
        Assert.Equal(2.0 * v, dp.V, 12);
        Assert.Equal(0.5 * (x - 0.25) * (x - 0.25), ds.Stiffness, 12);
        Assert.Equal(-3.0 * (x - 0.25), ds.Rest, 12);
        Assert.Equal(0.5 * v * v, dmass, 12);

        // Pullback adds seed times the gradient into what the structs hold.
        var addedP = new Particle(1, 1);
        var addedS = new Spring(-1, 2);
        double addedMass = 0;
        EnergyPullback(p, s, 2.0, 0.5, ref addedP, ref addedS, ref addedMass);
        Assert.Equal(1 + 0.5 * dp.X, addedP.X, 12);
        Assert.Equal(2 + 0.5 * ds.Rest, addedS.Rest, 12);
    }

    [Theory]
    [InlineData(0.3, 0)]
    [InlineData(-0.8, 2)]
    public void Fields_of_plain_structs_in_loops_and_branches(double shift, int squash)
    {
        var a = new Vector3d(0.5 + shift, -1.25, 2.0);
        var b = new Vector3d(1.5, 0.75 - shift, -0.5);
        Assert.Equal(AngleR(a, b, squash), AngleRGrad(a, b, squash, out var da, out var db));

        double At(double[] q) => AngleR(new Vector3d(q[0], q[1], q[2]), new Vector3d(q[3], q[4], q[5]), squash);
        var fd = FiniteDifferences.Gradient(At, [a.x, a.y, a.z, b.x, b.y, b.z]);
        double[] generated = [da.x, da.y, da.z, db.x, db.y, db.z];
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(fd[i], generated[i], 7);
        }
    }
}
