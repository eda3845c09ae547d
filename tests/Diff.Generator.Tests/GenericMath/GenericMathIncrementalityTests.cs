using System.Collections.Immutable;
using DiffGen.Generator.Tests.Incremental;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.GenericMath;

/// <summary>A generic math method's model (its type parameters and constraints as strings) caches like any other.</summary>
public class GenericMathIncrementalityTests
{
    private const string Generic = """
        using System;
        using System.Numerics;
        using DiffGen;
        namespace App;
        public static partial class Activations
        {
            [Differentiable]
            public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));

            [Differentiable]
            public static T Norm<T>(ReadOnlySpan<T> v, T beta) where T : IRootFunctions<T>
            {
                var s = T.Zero;
                foreach (var e in v)
                {
                    s += e * e;
                }

                return beta * T.Sqrt(s);
            }

            [Differentiable]
            public static double Twice(double x) => 2 * Softplus(x);
        }
        """;

    private const string Unrelated = """
        namespace App;
        public static class Greeter
        {
            public static string Hello(string name) => "Hello " + name;
        }
        """;

    private static readonly string[] Steps =
    {
        TrackingNames.Parse, TrackingNames.Generate, TrackingNames.Methods, TrackingNames.Types,
        TrackingNames.Diagnostics, TrackingNames.CallGraph,
    };

    [Fact]
    public void An_unrelated_edit_leaves_a_generic_method_cached()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Generic, Unrelated), trackSteps: true);
        Assert.Empty(first.GeneratorDiagnostics);
        Assert.Empty(first.CompilerDiagnostics);
        IncrementalityTests.AssertUnrelatedEditStaysCached(first, Unrelated, Steps);
    }

    [Fact]
    public void A_generic_method_model_holds_no_symbol()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(Generic, Unrelated), trackSteps: true);
        var result = run.Driver.GetRunResult().Results.Single();
        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                IncrementalityTests.AssertHoldsNoCompilerObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }
}
