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
    public void Overloads_get_distinct_element_structs_and_only_the_constant_free_one_an_activation()
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
        Assert.Single(text.Split('\n'), l => l.Contains("ScaleActivation", StringComparison.Ordinal) && l.Contains("{ get; }", StringComparison.Ordinal));
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
