using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// The emitted text of struct gradients pinned as a snapshot: a record struct with operators and a computed
/// property, a struct parameter whose gradient has the same type, a struct local, a method differentiated with
/// respect to its receiver, and a span of structs. The program is also run against central differences.
/// </summary>
public class StructEmittedCodeTests
{
    [Fact]
    public void RecordStructOperatorsReceiverAndSpan()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public partial record struct Particle(double X, double V)
            {
                public static Particle operator +(Particle a, Particle b) => new(a.X + b.X, a.V + b.V);
                public static Particle operator *(double s, Particle p) => new(s * p.X, s * p.V);
                public double Speed => Math.Abs(V);

                [Differentiable(WithRespectToThis = true)]
                public double Energy(double mass) => 0.5 * mass * V * V + 2.0 * X * X;
            }

            public static partial class Dynamics
            {
                [Differentiable]
                public static double Step(Particle p, double dt)
                {
                    var next = p + dt * new Particle(p.V, -4.0 * p.X);
                    next = next with { V = 0.99 * next.V };
                    return next.Speed + next.X * next.X;
                }

                [Differentiable]
                public static double Total(ReadOnlySpan<Particle> particles)
                {
                    double total = 0;
                    for (var i = 0; i < particles.Length; i++)
                        total += particles[i].X * particles[i].V;
                    return total;
                }

                [Differentiable]
                public static double Scalar(double x, double v, double dt) => Step(new Particle(x, v), dt);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text);

        var type = run.Load().GetTypes().Single(t => t.Name == "Dynamics");
        var primal = type.GetMethod("Scalar")!;
        var grad = type.GetMethod("ScalarGrad")!;
        foreach (var point in new[] { new[] { 0.3, 1.2, 0.1 }, new[] { -0.8, -0.4, 0.25 } })
        {
            var arguments = point.Cast<object>().ToArray();
            var gradArguments = arguments.Concat(new object?[3]).ToArray();
            FiniteDifferences.AssertSameBits((double)primal.Invoke(null, arguments)!, (double)grad.Invoke(null, gradArguments)!, "ScalarGrad vs Scalar");
            var fd = FiniteDifferences.Gradient(q => (double)primal.Invoke(null, q.Cast<object>().ToArray())!, point);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(fd[i], (double)gradArguments[3 + i]!, 7);
            }
        }
    }
}
