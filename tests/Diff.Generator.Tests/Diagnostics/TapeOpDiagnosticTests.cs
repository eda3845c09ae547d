using DiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests.Diagnostics;

/// <summary>
/// The <c>[TapeOp]</c> diagnostics, as <see cref="DiagnosticTests"/> checks the others: id, exact location (marked
/// <c>/*here*/</c>) and message; the generator does not throw, no op is emitted for the broken method (so no compiler
/// errors in generated code), and a valid op beside it is still generated.
/// </summary>
public class TapeOpDiagnosticTests
{
    private const string Marker = "/*here*/";

    private const string Prelude = "using System;\nusing DiffGen;\n";

    private const string Valid = """

        public static partial class StillFine
        {
            [Differentiable, TapeOp] public static float Cube(float x) => x * x * x;
        }
        """;

    [Fact]
    public void DG0022_TapeOp_without_Differentiable() => Expect("DG0022", """
        public static partial class C
        {
            [TapeOp] public static float /*here*/F(float x) => x * x;
        }
        """, "'F' is marked [TapeOp] but not [Differentiable]; add [Differentiable] so DiffGen generates the pullback the op's backward calls");

    [Fact]
    public void DG0023_a_double_method() => Expect("DG0023", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static /*here*/double F(float x) => x * x;
        }
        """, "'F' cannot be lifted to an elementwise tensor op: it returns 'double', but tensors hold float32 values: make it return float");

    [Fact]
    public void DG0023_a_first_parameter_that_is_not_float() => Expect("DG0023", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(/*here*/double x) => (float)x;
        }
        """, "'F' cannot be lifted to an elementwise tensor op: its first parameter 'x' is 'double', but it receives each element of a float32 tensor: make it float");

    [Fact]
    public void DG0023_a_passive_first_parameter() => Expect("DG0023", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(/*here*/[NoDerivative] float x) => 2f * x;
        }
        """, "'F' cannot be lifted to an elementwise tensor op: its first parameter 'x' is [NoDerivative], but it is the one the op differentiates: remove [NoDerivative]");

    [Fact]
    public void DG0023_a_second_active_parameter() => Expect("DG0023", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(float x, /*here*/float scale) => x * scale;
        }
        """, "'F' cannot be lifted to an elementwise tensor op: parameter 'scale' would be differentiated, but only the first parameter varies per element: mark it [NoDerivative] to make it a constant of the op");

    [Fact]
    public void DG0023_an_array_constant() => Expect("DG0023", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(float x, /*here*/[NoDerivative] float[] table) => x * table[0];
        }
        """, "'F' cannot be lifted to an elementwise tensor op: parameter 'table' has type 'float[]', but the constants of an elementwise op are [NoDerivative] numbers, integers or bools");

    [Fact]
    public void DG0023_no_parameters() => Expect("DG0023", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float /*here*/F() => 1f;
        }
        """, "'F' cannot be lifted to an elementwise tensor op: it has no parameters: its first parameter, a float, receives each element of the tensor");

    private static void Expect(string id, string source, string message)
    {
        var full = Prelude + source + Valid;
        var position = full.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(position >= 0, "The test source needs a " + Marker + " marker.");
        full = full.Remove(position, Marker.Length);

        var run = GeneratorHarness.Run(full);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(position, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);

        var ops = run.GeneratedFiles.Where(f => f.HintName.EndsWith(".TapeOps.g.cs", StringComparison.Ordinal)).ToList();
        Assert.Equal(["StillFine.TapeOps.g.cs"], ops.Select(f => f.HintName));
        Assert.Contains("CubeOp(global::DiffGen.Tensor x)", ops[0].Text);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.Contains(".g.cs") == true);
    }
}
