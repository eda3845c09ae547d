using System.Collections.Immutable;
using System.Reflection;
using Basic.Reference.Assemblies;
using DiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests.TapeOps;

/// <summary>When <c>[TapeOp]</c> members are generated, and that everything else is generated exactly as before.</summary>
public class TapeOpGenerationTests
{
    private const string Plain = """
        using System;
        using DiffGen;
        public static partial class Acts
        {
            [Differentiable] public static float Swish(float x) => x / (1f + MathF.Exp(-x));
        }
        """;

    [Fact]
    public void Without_TapeOp_nothing_is_lifted_and_the_output_is_only_the_gradients()
    {
        var run = GeneratorHarness.Run(Plain);
        Assert.Empty(run.GeneratorDiagnostics);
        var file = Assert.Single(run.GeneratedFiles);
        Assert.Equal("Acts.Diff.g.cs", file.HintName);
        Assert.DoesNotContain("SwishOp", file.Text);
    }

    [Fact]
    public void With_TapeOp_the_gradients_file_is_unchanged_and_the_ops_go_to_their_own_file()
    {
        var plain = GeneratorHarness.Run(Plain).GeneratedFiles.Single();
        var lifted = GeneratorHarness.Run(Plain.Replace("[Differentiable]", "[Differentiable, TapeOp]", StringComparison.Ordinal));
        Assert.Empty(lifted.GeneratorDiagnostics);
        Assert.Empty(lifted.CompilerDiagnostics);
        Assert.Equal(["Acts.Diff.g.cs", "Acts.TapeOps.g.cs"], lifted.GeneratedFiles.Select(f => f.HintName).Order(StringComparer.Ordinal));
        Assert.Equal(plain.Text, lifted.GeneratedFiles.Single(f => f.HintName == "Acts.Diff.g.cs").Text);
    }

    [Fact]
    public void Without_the_runtime_referenced_no_op_is_emitted()
    {
        // Attributes declared in source, as a project without the DiffGen runtime could: no Tensor, no LiftedOps.
        const string attributes = """
            namespace DiffGen
            {
                [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class DifferentiableAttribute : System.Attribute { }
                [System.AttributeUsage(System.AttributeTargets.Parameter)] public sealed class NoDerivativeAttribute : System.Attribute { }
                [System.AttributeUsage(System.AttributeTargets.Method)] public sealed class TapeOpAttribute : System.Attribute { }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "NoRuntime",
            [CSharpSyntaxTree.ParseText(attributes, GeneratorHarness.ParseOptions), CSharpSyntaxTree.ParseText(Plain.Replace("[Differentiable]", "[Differentiable, TapeOp]", StringComparison.Ordinal), GeneratorHarness.ParseOptions)],
            Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var run = GeneratorHarness.Run(compilation);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal("Acts.Diff.g.cs", Assert.Single(run.GeneratedFiles).HintName);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Overloads_get_distinct_element_structs_and_the_constant_free_one_keeps_the_activation_name()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class Acts
            {
                [Differentiable, TapeOp] public static float Scale(float x) => 2f * x;
                [Differentiable, TapeOp] public static float Scale(float x, [NoDerivative] float k) => k * x;
                [Differentiable, TapeOp] public static float Scale(float x, int k) => k * x;
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = run.GeneratedFiles.Single(f => f.HintName == "Acts.TapeOps.g.cs").Text;
        Assert.Contains("struct _ScaleElementwise ", text);
        Assert.Contains("struct _ScaleElementwise2 ", text);
        Assert.Contains("struct _ScaleElementwise3 ", text);
        // A property and methods of one name cannot be declared together: the property wins, the overloads get no method.
        Assert.Single(text.Split('\n'), l => l.Contains("ScaleActivation", StringComparison.Ordinal));
        Assert.Contains("ScaleActivation { get; }", text);
    }

    [Fact]
    public void Overloads_with_constants_only_each_get_an_activation_method_named_after_their_constants()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class Acts
            {
                [Differentiable, TapeOp] public static float Scale(float x, [NoDerivative] float k) => k * x;
                [Differentiable, TapeOp] public static float Scale(float x, int k, bool negate) => negate ? -k * x : k * x;
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var acts = run.Load().GetType("Acts")!;
        var byFloat = (ActivationFunction)acts.GetMethod("ScaleActivation", [typeof(float)])!.Invoke(null, [0.25f])!;
        var byInt = (ActivationFunction)acts.GetMethod("ScaleActivation", [typeof(int), typeof(bool)])!.Invoke(null, [3, true])!;
        Assert.Equal("Acts.Scale(k=0.25)", byFloat.Name);
        Assert.Equal("Acts.Scale(k=3, negate=True)", byInt.Name);
        Assert.Equal([0.5f, -0.25f], byFloat.Function(Tensor.From([2f, -1f], 2)).ToArray());
        Assert.Equal([-6f, 3f], byInt.Function(Tensor.From([2f, -1f], 2)).ToArray());
    }

    [Fact]
    public void A_loss_with_constants_gets_a_loss_method_unless_a_constant_free_overload_owns_the_name()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class Losses1
            {
                [Differentiable, TapeOp]
                public static float Gap([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, [NoDerivative] double weight)
                    => (float)weight * (yPred[0] - yTrue[0]);
            }

            public static partial class Losses2
            {
                [Differentiable, TapeOp]
                public static float Gap([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) => yPred[0] - yTrue[0];

                [Differentiable, TapeOp]
                public static float Gap([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, [NoDerivative] float weight)
                    => weight * (yPred[0] - yTrue[0]);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var program = run.Load();
        var loss = (Loss)program.GetType("Losses1")!.GetMethod("GapLoss")!.Invoke(null, [1.5])!;
        Assert.Equal("Losses1.Gap(weight=1.5)", loss.Name);
        Assert.Equal(1.5f * ((3f - 1f) + (5f - 4f)) / 2, loss.Call(Tensor.From([1f, 4f], 2, 1), Tensor.From([3f, 5f], 2, 1)).Item);
        var second = run.GeneratedFiles.Single(f => f.HintName == "Losses2.TapeOps.g.cs").Text;
        Assert.Single(second.Split('\n'), l => l.Contains("DiffGen.Loss GapLoss", StringComparison.Ordinal));
        Assert.Contains("GapLoss { get; }", second);
    }

    [Fact]
    public void Nested_generic_and_private_containers_keyword_names_and_private_methods_compile()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            namespace N;
            public partial class Outer
            {
                private partial struct Box<T>
                {
                    [Differentiable, TapeOp] private static float Value(float @event, [NoDerivative] float @class) => @event * @class;
                    [Differentiable, TapeOp] internal static float Pullback(float seed) => seed * seed;
                    public static DiffGen.Tensor Use(DiffGen.Tensor t) => PullbackOp(ValueOp(t, 2f));
                }
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var program = run.Load();
        var box = program.GetType("N.Outer+Box`1")!.MakeGenericType(typeof(int));
        var t = Tensor.From([1f, -3f], 2);
        var result = (Tensor)box.GetMethod("Use")!.Invoke(null, [t])!;
        Assert.Equal([4f, 36f], result.ToArray());
    }

    [Fact]
    public void A_TapeOp_method_whose_gradient_is_not_generated_gets_no_op_and_no_extra_errors()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class Acts
            {
                static float Helper(float v) => v;
                [Differentiable, TapeOp] public static float Broken(float x) => Helper(x);
            }
            """);
        Assert.Equal(["DG0003"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.DoesNotContain(run.GeneratedFiles, f => f.HintName.EndsWith(".TapeOps.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }
}
