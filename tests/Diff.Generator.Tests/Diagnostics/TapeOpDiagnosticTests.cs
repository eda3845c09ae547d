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
    public void DG0023_an_instance_method() => Expect("DG0023", """
        public partial class C
        {
            [Differentiable, TapeOp] public float /*here*/F(float x) => x * x;
        }
        """, "'F' cannot be lifted to an elementwise tensor op: it is an instance method, and a tensor op calls a static one: make it static and pass what it reads from the instance as constants");

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

    [Fact]
    public void DG0024_a_span_method_returning_double() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static /*here*/double F(ReadOnlySpan<float> row) => row[0];
        }
        """, "'F' cannot be lifted to a row-wise tensor op: it returns 'double', but tensors hold float32 values: make it return float");

    [Fact]
    public void DG0024_an_array_instead_of_a_read_only_span() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(/*here*/float[] row) => row[0];
        }
        """, "'F' cannot be lifted to a row-wise tensor op: parameter 'row' is 'float[]', but it receives a row of a float32 tensor: make it ReadOnlySpan<float>");

    [Fact]
    public void DG0024_a_span_of_double() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(/*here*/ReadOnlySpan<double> row) => (float)row[0];
        }
        """, "'F' cannot be lifted to a row-wise tensor op: parameter 'row' is 'System.ReadOnlySpan<double>', but it receives a row of a float32 tensor: make it ReadOnlySpan<float>");

    [Fact]
    public void DG0024_an_active_constant() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F([NoDerivative] ReadOnlySpan<float> row, /*here*/float x) => row[0] * x;
        }
        """, "'F' cannot be lifted to a row-wise tensor op: parameter 'x' would be differentiated, but only the leading spans vary per row: mark it [NoDerivative] to make it a constant of the op");

    [Fact]
    public void DG0024_a_row_marked_NoDerivative() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(/*here*/[NoDerivative] ReadOnlySpan<float> row, [NoDerivative] float x) => x;
        }
        """, "'F' cannot be lifted to a row-wise tensor op: its row parameter 'row' is [NoDerivative], but it is the one the op differentiates: remove [NoDerivative]");

    [Fact]
    public void DG0024_a_loss_with_the_labels_second() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(ReadOnlySpan<float> yPred, /*here*/[NoDerivative] ReadOnlySpan<float> yTrue) => yPred[0] - yTrue[0];
        }
        """, "'F' cannot be lifted to a row-wise tensor op: its second span 'yTrue' is [NoDerivative]: for a loss, put the labels first and mark them [NoDerivative] — F([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)");

    [Fact]
    public void DG0024_a_third_span() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(ReadOnlySpan<float> a, ReadOnlySpan<float> b, /*here*/ReadOnlySpan<float> c) => a[0] * b[0] * c[0];
        }
        """, "'F' cannot be lifted to a row-wise tensor op: parameter 'c' is a third span, but a span op is F(ReadOnlySpan<float> row, …), a loss F([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, …) or a layer unit F(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, …)");

    [Fact]
    public void DG0024_a_span_constant() => Expect("DG0024", """
        public static partial class C
        {
            [Differentiable, TapeOp] public static float F(ReadOnlySpan<float> row, int n, /*here*/[NoDerivative] ReadOnlySpan<float> table) => row[0] * table[n];
        }
        """, "'F' cannot be lifted to a row-wise tensor op: parameter 'table' has type 'System.ReadOnlySpan<float>', but the constants of a span op are [NoDerivative] numbers, integers or bools");

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
