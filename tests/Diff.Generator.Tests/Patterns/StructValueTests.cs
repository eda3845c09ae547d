using System.Numerics;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Struct values in the body: locals, constructors (a record struct's primary one and written ones), <c>with</c>,
/// field writes, the struct's operators, computed properties and methods (their bodies are differentiated where they
/// are used), and an active receiver. Checked against central differences and analytic derivatives.
/// </summary>
public partial class StructValueTests
{
    public record struct Vec2(double X, double Y)
    {
        public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

        public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

        public static Vec2 operator *(double s, Vec2 v) => new(s * v.X, s * v.Y);

        public static Vec2 operator -(Vec2 v) => new(-v.X, -v.Y);

        /// <summary>A scalar-valued operator: the dot product.</summary>
        public static double operator *(Vec2 a, Vec2 b) => a.X * b.X + a.Y * b.Y;

        public double Length => Math.Sqrt(X * X + Y * Y);

        public Vec2 Rotated(double angle)
        {
            var c = Math.Cos(angle);
            var s = Math.Sin(angle);
            return new Vec2(c * X - s * Y, s * X + c * Y);
        }
    }

    /// <summary>A plain struct with a written constructor and a passive field.</summary>
    public struct Body
    {
        public double Position;
        public double Velocity;
        [NoDerivative] public double Mass;
        public int Steps;

        public Body(double position, double velocity, double mass)
        {
            Position = position;
            Velocity = velocity;
            Mass = mass;
            Steps = 0;
        }

        public double Momentum => Mass * Velocity;
    }

    /// <summary>A struct whose own method is differentiated with respect to its receiver.</summary>
    public partial struct Spring
    {
        public double Stiffness;
        public double Rest;

        [Differentiable(WithRespectToThis = true)]
        public double Energy(double length)
        {
            var stretch = length - Rest;
            return 0.5 * Stiffness * stretch * stretch;
        }

        [Differentiable(WithRespectToThis = true)]
        public double Work(double from, double to) => Potential(to) - Potential(from);

        private double Potential(double length) => 0.5 * Stiffness * (length - Rest) * (length - Rest);
    }

    [Differentiable]
    public static double Travel(Vec2 start, Vec2 velocity, double time, double angle)
    {
        var position = start + time * velocity.Rotated(angle);
        var offset = position - new Vec2(1.0, -0.5);
        var back = -offset;
        return offset.Length + 0.25 * (back * velocity);
    }

    [Differentiable]
    public static double Simulate(Vec2 position, Vec2 velocity, double dt, int steps)
    {
        var p = position;
        var v = velocity;
        for (var i = 0; i < steps; i++)
        {
            var force = -4.0 * p;
            v = v + dt * force;
            p += dt * v;
        }

        var target = p with { Y = p.Y - 0.5 };
        return target * target;
    }

    [Differentiable]
    public static double Kinetic(double x, double v, double m)
    {
        var body = new Body(x, v, m);
        body.Velocity *= 2.0;
        body.Position += body.Velocity;
        Body copy;
        copy = body;
        copy.Steps++;
        return 0.5 * copy.Momentum * copy.Velocity + copy.Position * copy.Position + copy.Steps;
    }

    /// <summary>A chain of springs through points held in a span of structs.</summary>
    [Differentiable]
    public static double ChainEnergy(ReadOnlySpan<Vec2> points, double stiffness)
    {
        double energy = 0;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var d = points[i + 1] - points[i];
            energy += 0.5 * stiffness * (d * d);
        }

        return energy + points[^1].Length;
    }

    [Differentiable]
    public static float Spread(Vector3[] points)
    {
        var mean = Vector3.Zero;
        for (var i = 0; i < points.Length; i++)
        {
            mean += points[i];
        }

        mean /= points.Length;
        float spread = 0;
        for (var index = 0; index < 2; index++)
        {
            spread += Vector3.DistanceSquared(points[index], mean);
        }

        return spread + points[2].Z;
    }

    [Differentiable]
    public static double Momentum(Body body) => body.Momentum + body.Steps * 0.0;

    [Theory]
    [InlineData(0.3, -0.2, 0.7, 1.1, 0.5, 0.4)]
    [InlineData(-1.2, 0.8, -0.3, 0.6, 1.5, -0.9)]
    public void Operators_constructors_properties_and_methods_of_a_record_struct(double sx, double sy, double vx, double vy, double time, double angle)
    {
        var start = new Vec2(sx, sy);
        var velocity = new Vec2(vx, vy);
        Assert.Equal(Travel(start, velocity, time, angle), TravelGrad(start, velocity, time, angle, out var dstart, out var dvelocity, out var dtime, out var dangle));

        var fd = FiniteDifferences.Gradient(q => Travel(new Vec2(q[0], q[1]), new Vec2(q[2], q[3]), q[4], q[5]), [sx, sy, vx, vy, time, angle]);
        double[] generated = [dstart.X, dstart.Y, dvelocity.X, dvelocity.Y, dtime, dangle];
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.Equal(fd[i], generated[i], 7);
        }
    }

    [Theory]
    [InlineData(0.5, -0.25, 0.3, 0.2, 0.05, 10)]
    [InlineData(-0.7, 0.4, -0.1, 0.6, 0.1, 0)]
    public void Struct_locals_updated_in_a_loop(double px, double py, double vx, double vy, double dt, int steps)
    {
        var position = new Vec2(px, py);
        var velocity = new Vec2(vx, vy);
        Assert.Equal(Simulate(position, velocity, dt, steps), SimulateGrad(position, velocity, dt, steps, out var dposition, out var dvelocity, out var ddt));

        var fd = FiniteDifferences.Gradient(q => Simulate(new Vec2(q[0], q[1]), new Vec2(q[2], q[3]), q[4], steps), [px, py, vx, vy, dt]);
        double[] generated = [dposition.X, dposition.Y, dvelocity.X, dvelocity.Y, ddt];
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.Equal(fd[i], generated[i], 7);
        }
    }

    [Theory]
    [InlineData(0.5, 1.5, 2.0)]
    [InlineData(-1.0, -0.25, 3.0)]
    public void A_written_constructor_field_writes_and_a_passive_field(double x, double v, double m)
    {
        Assert.Equal(Kinetic(x, v, m), KineticGrad(x, v, m, out var dx, out var dv, out var dm));

        // 0.5·m·(2v)² + (x + 2v)² + 1. The mass field is [NoDerivative], which makes it passive where a struct is
        // an input (its gradient field stays 0); a local built from m still carries m's derivative.
        Assert.Equal(2 * (x + 2 * v), dx, 12);
        Assert.Equal(4 * m * v + 4 * (x + 2 * v), dv, 12);
        Assert.Equal(2 * v * v, dm, 12);

        var body = new Body(x, v, m) { Steps = 3 };
        Assert.Equal(Momentum(body), MomentumGrad(body, out var dbody));
        Assert.Equal(m, dbody.Velocity, 12);
        Assert.Equal(0.0, dbody.Mass);
        Assert.Equal(0.0, dbody.Position);
        Assert.Equal(0, dbody.Steps);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(-1.5, 0.75)]
    public void Spans_and_arrays_of_structs_have_gradients_of_the_same_type(double shift, double stiffness)
    {
        Vec2[] points = [new(0.1 + shift, 0.2), new(1.3, -0.4 * shift), new(2.2, 0.9), new(2.9 - shift, 1.7)];
        var dpoints = new Vec2[points.Length];
        Assert.Equal(ChainEnergy(points, stiffness), ChainEnergyGrad(points, stiffness, dpoints, out var dstiffness));

        double At(double[] q) => ChainEnergy([new(q[0], q[1]), new(q[2], q[3]), new(q[4], q[5]), new(q[6], q[7])], q[8]);
        var fd = FiniteDifferences.Gradient(At, [.. points.SelectMany(p => new[] { p.X, p.Y }), stiffness]);
        double[] generated = [.. dpoints.SelectMany(p => new[] { p.X, p.Y }), dstiffness];
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.Equal(fd[i], generated[i], 7);
        }

        // A wrong gradient buffer is named; nothing is written.
        var wrong = new Vec2[3];
        var error = Assert.Throws<ArgumentException>(() => ChainEnergyGrad(points, stiffness, wrong, out _));
        Assert.Contains("dpoints", error.Message);

        Vector3[] vectors = [new(0.5f, -1f, 2f), new(1.5f, 0.25f, -0.5f), new(-1f, 2f, (float)shift)];
        var dvectors = new Vector3[3];
        FiniteDifferences.AssertSameBits(Spread(vectors), SpreadGrad(vectors, dvectors), "value");
        float SpreadAt(float[] q) => Spread([new(q[0], q[1], q[2]), new(q[3], q[4], q[5]), new(q[6], q[7], q[8])]);
        var point = vectors.SelectMany(v => new[] { v.X, v.Y, v.Z }).ToArray();
        var fdSpread = FiniteDifferences.Gradient(SpreadAt, point);
        var generatedSpread = dvectors.SelectMany(v => new[] { v.X, v.Y, v.Z }).ToArray();
        for (var i = 0; i < fdSpread.Length; i++)
        {
            Assert.Equal(fdSpread[i], generatedSpread[i], 2);
        }
    }

    [Theory]
    [InlineData(3.0, 0.5, 1.25)]
    [InlineData(0.5, -1.0, 0.75)]
    public void A_struct_method_differentiated_with_respect_to_its_receiver(double stiffness, double rest, double length)
    {
        var spring = new Spring { Stiffness = stiffness, Rest = rest };
        Assert.Equal(spring.Energy(length), spring.EnergyGrad(length, out Spring dthis, out var dlength));
        Assert.Equal(0.5 * (length - rest) * (length - rest), dthis.Stiffness, 12);
        Assert.Equal(-stiffness * (length - rest), dthis.Rest, 12);
        Assert.Equal(stiffness * (length - rest), dlength, 12);

        // Pullback adds into the receiver's gradient.
        var added = new Spring { Stiffness = 1, Rest = 1 };
        double addedLength = 0;
        spring.EnergyPullback(length, 2.0, ref added, ref addedLength);
        Assert.Equal(1 + 2 * dthis.Stiffness, added.Stiffness, 12);
        Assert.Equal(1 + 2 * dthis.Rest, added.Rest, 12);

        // A private helper method of the receiver, used on it, is differentiated where it is called.
        Assert.Equal(spring.Work(0.25, length), spring.WorkGrad(0.25, length, out var dwork, out _, out _));
        var fd = FiniteDifferences.Gradient(q => new Spring { Stiffness = q[0], Rest = q[1] }.Work(0.25, length), [stiffness, rest]);
        Assert.Equal(fd[0], dwork.Stiffness, 7);
        Assert.Equal(fd[1], dwork.Rest, 7);
    }
}
