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

        foreach (var point in points)
        {
            energy += 0.01 * (point * point);
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

    /// <summary>Structs of structs: a state of two vectors, a segment of two points.</summary>
    public record struct State(Vector3 Position, Vector3 Velocity);

    public record struct Segment(Vec2 From, Vec2 To)
    {
        public double Length => (To - From).Length;
    }

    [Differentiable]
    public static float KineticEnergy(State s, float mass) => 0.5f * mass * s.Velocity.LengthSquared();

    [Differentiable]
    public static float Advance(State initial, float dt, int steps)
    {
        var state = initial;
        for (var i = 0; i < steps; i++)
        {
            state = new State(state.Position + dt * state.Velocity, 0.9f * state.Velocity);
            state = state with { Velocity = state.Velocity - new Vector3(0f, dt, 0f) };
        }

        var last = state.Position;
        last.Z *= 2f;
        return last.Y + last.Z + KineticEnergy(state, 2f);
    }

    [Differentiable]
    public static double SegmentMeasure(Segment segment, ReadOnlySpan<State> states)
    {
        var moved = segment with { To = segment.To + new Vec2(states[0].Position.X, states[1].Velocity.Y) };
        return moved.Length + moved.From.X * moved.To.Y;
    }

    /// <summary>A class with fixed data (a passive receiver) whose methods take structs.</summary>
    public sealed partial class Target
    {
        private readonly Vec2 goal = new(1.5, -0.5);

        [Differentiable]
        public double Miss(Vec2 at, double weight)
        {
            var d = at - goal;
            double total = 0;
            for (var i = 0; i < 2; i++)
            {
                total += weight * (d * d);
            }

            return total;
        }

        [Differentiable]
        public double Shot(double angle, double speed) => Miss(new Vec2(speed * Math.Cos(angle), speed * Math.Sin(angle)), 0.5) + this.Miss(new Vec2(speed, 0), 0.25);
    }

    /// <summary>Kept out of the test class: xUnit's analyzer flags public void methods there (the generated shims).</summary>
    public static partial class Kinematics
    {
        /// <summary>A method that returns a struct: its pullback takes the struct's adjoint as a struct seed.</summary>
        [Differentiable]
        public static Vec2 Leapfrog(Vec2 position, Vec2 velocity, double dt, int steps)
        {
            var p = position;
            var v = velocity;
            for (var i = 0; i < steps; i++)
            {
                v = v - dt * p;
                p = p + dt * v;
            }

            return p with { Y = p.Y + 0.1 * v.X };
        }

        /// <summary>Struct results used inside expressions: each call is made just before its statement.</summary>
        [Differentiable]
        public static double Reach(double x, double y, double dt)
        {
            var total = Leapfrog(new Vec2(x, y), new Vec2(0.5, -y), dt, 2).X;
            total += Twice(new Vec2(y, x), dt) * new Vec2(1.0, 2.0);
            return total + Leapfrog(new Vec2(y, x), new Vec2(x, 0.25), dt, 1).Y;
        }

        [Differentiable]
        public static Vec2 Twice(Vec2 p, double dt) => Leapfrog(Leapfrog(p, p, dt, 1), p, dt, 1);

        [Differentiable]
        public static double Orbit(double x, double y, double dt)
        {
            var state = Leapfrog(new Vec2(x, y), new Vec2(-y, x), dt, 3);
            state = Leapfrog(state, new Vec2(1.0, 0.0), dt, 1);
            return state * state;
        }
    }

    /// <summary>A local array of structs, overwritten in nested loops (a relaxation sweep).</summary>
    [Differentiable]
    public static double Relax(ReadOnlySpan<Vec2> points, double stiffness, int sweeps)
    {
        var moved = new Vec2[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            moved[i] = points[i];
        }

        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            for (var i = 1; i + 1 < moved.Length; i++)
            {
                var mid = 0.5 * (moved[i - 1] + moved[i + 1]);
                moved[i] = moved[i] + stiffness * (mid - moved[i]);
                moved[i].Y += 0.01 * moved[i].X;
            }
        }

        Span<Vec2> ends = stackalloc Vec2[2];
        ends[0] = moved[0];
        ends[1] = moved[^1] with { X = 2 * moved[^1].X };
        double total = ends[0] * ends[1];
        for (var i = 0; i < moved.Length; i++)
        {
            total += moved[i] * moved[i];
        }

        return total;
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
    [InlineData(0.3f, -0.4f, 1.2f, 0.05f, 4)]
    [InlineData(-1.1f, 0.7f, -0.2f, 0.1f, 0)]
    public void Structs_of_structs(float a, float b, float c, float dt, int steps)
    {
        var initial = new State(new Vector3(a, b, c), new Vector3(c, a, b));
        FiniteDifferences.AssertSameBits(Advance(initial, dt, steps), AdvanceGrad(initial, dt, steps, out var dinitial, out var ddt), "value");
        float At(float[] q) => Advance(new State(new Vector3(q[0], q[1], q[2]), new Vector3(q[3], q[4], q[5])), q[6], steps);
        float[] point = [a, b, c, c, a, b, dt];
        var fd = FiniteDifferences.Gradient(At, point);
        float[] generated = [dinitial.Position.X, dinitial.Position.Y, dinitial.Position.Z, dinitial.Velocity.X, dinitial.Velocity.Y, dinitial.Velocity.Z, ddt];
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.Equal(fd[i], generated[i], 2);
        }

        // Analytic: with no steps, d(Y + 2Z + |v|²)/dv = 2v.
        if (steps == 0)
        {
            Assert.Equal(2 * initial.Velocity.X, dinitial.Velocity.X, 5);
            Assert.Equal(1.0, dinitial.Position.Y, 6);
            Assert.Equal(2.0, dinitial.Position.Z, 6);
        }

        var segment = new Segment(new Vec2(a, b), new Vec2(c, 1.5));
        State[] states = [initial, new State(new Vector3(b, c, a), new Vector3(1f, 2f, 3f))];
        var dstates = new State[2];
        Assert.Equal(SegmentMeasure(segment, states), SegmentMeasureGrad(segment, states, out var dsegment, dstates));
        double SegmentAt(double[] q) => SegmentMeasure(new Segment(new Vec2(q[0], q[1]), new Vec2(q[2], q[3])), [initial with { Position = new Vector3((float)q[4], b, c) }, states[1] with { Velocity = new Vector3(1f, (float)q[5], 3f) }]);
        var fdSegment = FiniteDifferences.Gradient(SegmentAt, [a, b, c, 1.5, states[0].Position.X, states[1].Velocity.Y], 1e-3);
        double[] generatedSegment = [dsegment.From.X, dsegment.From.Y, dsegment.To.X, dsegment.To.Y, dstates[0].Position.X, dstates[1].Velocity.Y];
        for (var i = 0; i < fdSegment.Length; i++)
        {
            Assert.Equal(fdSegment[i], generatedSegment[i], 3);
        }

        Assert.Equal(0f, dstates[0].Velocity.Z);
    }

    [Theory]
    [InlineData(0.5, -0.25, 0.1)]
    [InlineData(-1.2, 0.8, 0.3)]
    public void A_method_returning_a_struct_and_its_callers(double x, double y, double dt)
    {
        // The pullback: value bit for bit, seed·∂result/∂inputs added into the gradients.
        var position = new Vec2(x, y);
        var velocity = new Vec2(-y, x);
        var seed = new Vec2(0.7, -1.3);
        var dposition = new Vec2(1, 1);
        var dvelocity = default(Vec2);
        var ddt = 0.0;
        Assert.Equal(Kinematics.Leapfrog(position, velocity, dt, 4), Kinematics.LeapfrogPullback(position, velocity, dt, 4, seed, ref dposition, ref dvelocity, ref ddt));
        double Seeded(double[] q) => Kinematics.Leapfrog(new Vec2(q[0], q[1]), new Vec2(q[2], q[3]), q[4], 4) * seed;
        var fd = FiniteDifferences.Gradient(Seeded, [x, y, -y, x, dt]);
        double[] generated = [dposition.X - 1, dposition.Y - 1, dvelocity.X, dvelocity.Y, ddt];
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.Equal(fd[i], generated[i], 7);
        }

        Assert.Equal(Kinematics.Reach(x, y, dt), Kinematics.ReachGrad(x, y, dt, out var rx, out var ry, out var rdt));
        var fdReach = FiniteDifferences.Gradient(q => Kinematics.Reach(q[0], q[1], q[2]), [x, y, dt]);
        Assert.Equal(fdReach[0], rx, 7);
        Assert.Equal(fdReach[1], ry, 7);
        Assert.Equal(fdReach[2], rdt, 7);

        // Callers hold the result as field values (var state = Leapfrog(…); state = Leapfrog(state, …);).
        Assert.Equal(Kinematics.Orbit(x, y, dt), Kinematics.OrbitGrad(x, y, dt, out var dx, out var dy, out var ddtOrbit));
        var fdOrbit = FiniteDifferences.Gradient(q => Kinematics.Orbit(q[0], q[1], q[2]), [x, y, dt]);
        Assert.Equal(fdOrbit[0], dx, 7);
        Assert.Equal(fdOrbit[1], dy, 7);
        Assert.Equal(fdOrbit[2], ddtOrbit, 7);
    }

    [Theory]
    [InlineData(0.3, 2)]
    [InlineData(0.7, 0)]
    public void Local_arrays_of_structs(double stiffness, int sweeps)
    {
        Vec2[] points = [new(0.1, 0.2), new(1.3, -0.4), new(2.2, 0.9), new(2.9, 1.7), new(3.5, -0.2)];
        var dpoints = new Vec2[points.Length];
        Assert.Equal(Relax(points, stiffness, sweeps), RelaxGrad(points, stiffness, sweeps, dpoints, out var dstiffness));
        double At(double[] q) => Relax(Enumerable.Range(0, 5).Select(i => new Vec2(q[2 * i], q[2 * i + 1])).ToArray(), q[10], sweeps);
        var fd = FiniteDifferences.Gradient(At, [.. points.SelectMany(p => new[] { p.X, p.Y }), stiffness]);
        double[] generated = [.. dpoints.SelectMany(p => new[] { p.X, p.Y }), dstiffness];
        for (var i = 0; i < fd.Length; i++)
        {
            Assert.Equal(fd[i], generated[i], 7);
        }
    }

    [Theory]
    [InlineData(0.3, 1.2)]
    [InlineData(-0.8, 2.5)]
    public void Instance_methods_taking_structs_called_with_struct_values(double angle, double speed)
    {
        var target = new Target();
        Assert.Equal(target.Shot(angle, speed), target.ShotGrad(angle, speed, out var dangle, out var dspeed));
        var fd = FiniteDifferences.Gradient(q => target.Shot(q[0], q[1]), [angle, speed]);
        Assert.Equal(fd[0], dangle, 7);
        Assert.Equal(fd[1], dspeed, 7);
    }

    [Fact]
    public void Struct_gradients_allocate_nothing_after_warm_up()
    {
        static long AllocatedBy(Action call)
        {
            for (var i = 0; i < 20; i++)
            {
                call();
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                call();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Vec2[] points = [new(0.1, 0.2), new(1.3, -0.4), new(2.2, 0.9), new(2.9, 1.7)];
        var dpoints = new Vec2[points.Length];
        Assert.Equal(0, AllocatedBy(() => RelaxGrad(points, 0.3, 2, dpoints, out _)));
        Assert.Equal(0, AllocatedBy(() => ChainEnergyGrad(points, 2.0, dpoints, out _)));
        Assert.Equal(0, AllocatedBy(() => Kinematics.OrbitGrad(0.5, -0.25, 0.1, out _, out _, out _)));
        Assert.Equal(0, AllocatedBy(() => SimulateGrad(new Vec2(0.5, 0.2), new Vec2(0.1, -0.3), 0.05, 10, out _, out _, out _)));
        var state = new State(new Vector3(0.3f, -0.4f, 1.2f), new Vector3(1f, 2f, 3f));
        Assert.Equal(0, AllocatedBy(() => AdvanceGrad(state, 0.05f, 4, out _, out _)));
        var spring = new Spring { Stiffness = 3, Rest = 0.5 };
        Assert.Equal(0, AllocatedBy(() => spring.WorkGrad(0.25, 1.0, out _, out _, out _)));
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
