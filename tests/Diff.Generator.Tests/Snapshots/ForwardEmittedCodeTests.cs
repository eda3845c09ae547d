using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// The emitted text of every opt-in form, pinned: Jvp, Tangent, Vjp, TangentPullback, Hvp and Hessian of a loop over
/// a span calling another method, and the Jacobian, Jvp and Vjp of a vector function. Their values and derivatives
/// are checked in <c>Forward/ForwardModeTests</c> and <c>Forward/JacobianTests</c>.
/// </summary>
public class ForwardEmittedCodeTests
{
    [Fact]
    public void EveryModeOfALoopWithACall() => Verify("""
        using System;
        using DiffGen;
        public static partial class Model
        {
            [Differentiable(Modes = DiffModes.All)]
            public static double Loss(ReadOnlySpan<double> w, double scale)
            {
                var s = 0.0;
                for (var i = 0; i < w.Length; i++)
                {
                    s += Softplus(scale * w[i]) / (1 + i);
                }

                return s;
            }

            [Differentiable(Modes = DiffModes.All)]
            public static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
        }
        """);

    [Fact]
    public void TheJacobianOfAVectorFunction() => Verify("""
        using System;
        using DiffGen;
        public static partial class Ode
        {
            [Differentiable]
            public static void Pendulum(ReadOnlySpan<double> state, Span<double> rate, double length)
            {
                rate[0] = state[1];
                rate[1] = -9.81 / length * Math.Sin(state[0]);
            }
        }
        """);

    private static void Verify(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text, test: new System.Diagnostics.StackFrame(1).GetMethod()!.Name);
    }
}
