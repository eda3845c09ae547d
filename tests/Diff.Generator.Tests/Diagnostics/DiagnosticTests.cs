using System.Collections.Immutable;
using DiffGen.Generator.Emitting;
using DiffGen.Generator.Model;
using DiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests.Diagnostics;

/// <summary>
/// One test per diagnostic id: the id, the exact location (marked <c>/*here*/</c> in the source, just before the
/// span's first character) and the message. Each also checks the generator did not throw and that the valid
/// method beside the broken one still gets its gradient.
/// </summary>
public class DiagnosticTests
{
    private const string Marker = "/*here*/";

    [Fact]
    public void DG0001_type_not_partial_is_reported_on_the_type_identifier() => Expect("DG0001", """
        public static class /*here*/Plain
        {
            [Differentiable] public static double F(double x) => x * x;
        }
        """, "Type 'Plain' must be declared 'partial' so DiffGen can add the gradient of 'F' to it; add the 'partial' modifier");

    [Fact]
    public void DG0001_enclosing_type_not_partial() => Expect("DG0001", """
        public class /*here*/Outer
        {
            public static partial class Inner
            {
                [Differentiable] public static double F(double x) => x * x;
            }
        }
        """, "Type 'Outer' must be declared 'partial' so DiffGen can add the gradient of 'F' to it; add the 'partial' modifier", includeValid: false);

    [Fact]
    public void DG0002_instance_method_of_an_interface() => Expect("DG0002", """
        public partial interface IC
        {
            [Differentiable] public double /*here*/F(double x) => x * x;
        }
        """, "'F' is an instance method of an interface; [Differentiable] supports static methods and instance methods of classes and structs: make it static, or move it to a class or struct");

    [Fact]
    public void DG0003_call_to_a_method_that_is_not_differentiable() => Expect("DG0003", """
        public static partial class C
        {
            static double Helper(double v) => v * 2;
            [Differentiable] public static double F(double x) => /*here*/Helper(x) + 1;
        }
        """, "'Helper(double)' is not differentiable; mark it [Differentiable] or move the call out of 'F'");

    [Fact]
    public void DG0004_unsupported_return_type() => Expect("DG0004", """
        public static partial class C
        {
            [Differentiable] public static /*here*/decimal F(double x) => (decimal)x;
        }
        """, "'F' returns 'decimal'; a [Differentiable] method must return double or float");

    [Fact]
    public void DG0005_unsupported_parameter_type() => Expect("DG0005", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, /*here*/decimal scale) => x;
        }
        """, "Parameter 'scale' has type 'decimal', which DiffGen cannot differentiate; use double or float, or mark it [NoDerivative] to treat it as a constant");

    [Theory]
    [InlineData("ref readonly", "ref readonly")]
    public void DG0006_by_reference_parameters(string modifier, string reported) => Expect("DG0006", $$"""
        public static partial class C
        {
            [Differentiable] public static double F(double x, /*here*/{{modifier}} double y) { {{(modifier == "out" ? "y = 1;" : "")}} return x; }
        }
        """, $"Parameter 'y' is passed by '{reported}'; a [Differentiable] method takes its inputs by value or 'in' and gives its results as the return value or 'out' parameters: take the input by value and return (or 'out') the new value");

    [Fact]
    public void DG0025_a_caller_of_a_method_with_an_error_gets_one_error_and_no_code()
    {
        var source = Prelude + """
            public static partial class C
            {
                [Differentiable] public static double Broken(double x) { try { return x; } catch { return 0; } }
                [Differentiable] public static double Caller(double x) => 2 * /*here*/Broken(x) + Broken(x * x);
                [Differentiable] public static double Outer(double x) => /*outer*/Caller(x) * x;
                [Differentiable] public static double Fine(double x) => x * x;
            }
            """;
        var position = source.IndexOf("/*here*/", StringComparison.Ordinal) + "/*here*/".Length;
        var outerPosition = source.IndexOf("/*outer*/", StringComparison.Ordinal) + "/*outer*/".Length;
        var run = GeneratorHarness.Run(source);

        var cascade = run.GeneratorDiagnostics.Where(d => d.Id == "DG0025").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, cascade.Count);
        Assert.Equal(position, cascade[0].Location.SourceSpan.Start);
        Assert.Equal("'Caller' has no gradient because 'Broken', which it calls, has none: fix the error reported on 'Broken' first", cascade[0].GetMessage());
        Assert.Equal(outerPosition, cascade[1].Location.SourceSpan.Start);
        Assert.Equal("'Outer' has no gradient because 'Caller', which it calls, has none: fix the error reported on 'Caller' first", cascade[1].GetMessage());
        Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DG0008");
        Assert.Equal(3, run.GeneratorDiagnostics.Length);

        // No compiler error in generated code, and the independent method is still generated.
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var text = string.Join("\n", run.GeneratedFiles.Select(f => f.Text));
        Assert.Contains("FineGrad", text);
        Assert.DoesNotContain("CallerGrad", text);
        Assert.DoesNotContain("OuterGrad", text);
    }

    [Fact]
    public void DG0025_failure_spreads_around_a_cycle_of_calls()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public static partial class C
            {
                [Differentiable] public static double A(double x, int n) => n == 0 ? Bad(x) : B(x, n - 1);
                [Differentiable] public static double B(double x, int n) => A(x * 2, n);
                [Differentiable] public static double Bad(double x) { goto end; end: return x; }
            }
            """);
        Assert.Equal(["DG0010", "DG0025", "DG0025"], run.GeneratorDiagnostics.Select(d => d.Id).Order().ToArray());
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.GeneratedFiles);
    }

    [Fact]
    public void DG0006_an_out_array_parameter() => Expect("DG0006", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, /*here*/out double[] y) { y = new double[1]; return x; }
        }
        """, "Parameter 'y' is passed by 'out'; a [Differentiable] method takes its inputs by value or 'in' and gives its results as the return value or 'out' parameters: take the input by value and return (or 'out') the new value");

    [Fact]
    public void DG0008_try_catch() => Expect("DG0008", """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                /*here*/try { return x * x; } catch { return 0; }
            }
        }
        """, "'try/catch/finally' is not supported in a [Differentiable] method; move the exception handling to the caller");

    [Fact]
    public void DG0009_lambda() => Expect("DG0009", """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                System.Func<double, double> f = /*here*/v => v * v;
                return x;
            }
        }
        """, "A lambda or anonymous method cannot be differentiated; turn it into a static [Differentiable] method and call that");

    [Fact]
    public void DG0009_local_function() => Expect("DG0009", """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                double /*here*/Twice(double v) => 2 * v;
                return x;
            }
        }
        """, "Local function 'Twice' cannot be differentiated; turn it into a static [Differentiable] method and call that");

    [Fact]
    public void DG0010_goto() => Expect("DG0010", """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                if (x > 0) /*here*/goto done;
                x = -x;
                done: return x;
            }
        }
        """, "'goto' and labels are not supported in a [Differentiable] method; use if/else instead");

    [Fact]
    public void DG0011_foreach_over_something_that_is_not_an_array_or_span() => Expect("DG0011", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, [NoDerivative] System.Collections.Generic.List<double> items)
            {
                double y = x;
                /*here*/foreach (var item in items) { y *= item; }
                return y;
            }
        }
        """, "This 'foreach' loop is not supported in a [Differentiable] method; loop over an array or span (a parameter, a local array or a slice of one), or use a for loop");

    [Fact]
    public void DG0012_arrays_nested_three_deep() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double F(/*here*/double[][][] m) => 0;
        }
        """, "A parameter of type 'double[][][]' is not supported in a [Differentiable] method; use one-dimensional arrays or spans of double, float or integers, declared as parameters or as local arrays at the top of the method");

    [Fact]
    public void DG0019_a_write_into_a_jagged_parameter() => Expect("DG0019", """
        public static partial class C
        {
            [Differentiable] public static double F(double[][] m) { /*here*/m[0][0] = 1; return m[0][0]; }
        }
        """, "'F' writes to its parameter 'm'; a [Differentiable] method must not change its inputs: compute into a local instead");

    [Fact]
    public void DG0013_a_call_that_writes_an_array_inside_an_expression() => Expect("DG0013", """
        public static partial class C
        {
            [Differentiable] public static double Fill(double x, Span<double> y) { y[0] = x; return x * x; }
            [Differentiable] public static double F(double x)
            {
                var y = new double[1];
                var s = 2 * /*here*/Fill(x, y);
                return s + y[0];
            }
        }
        """, "A call that writes the array 'y' inside a condition, a loop header or another expression is not supported in a [Differentiable] method; call it in a statement of its own (x = F(…); or F(…);)");

    [Fact]
    public void DG0012_a_written_array_parameter_typed_as_an_array_cannot_take_a_local_array() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static void Scale(double x, double[] y) { for (var i = 0; i < y.Length; i++) y[i] *= x; }
            [Differentiable] public static double F(double x)
            {
                var y = new double[] { 1, 2 };
                Scale(x, /*here*/y);
                return y[0] + y[1];
            }
        }
        """, "Passing 'y' to the array parameter 'y', which 'Scale' writes, is not supported in a [Differentiable] method; declare that parameter as Span<T> (the generated code works on pooled buffers, not arrays)");

    [Fact]
    public void DG0013_an_array_passed_both_as_written_and_read() => Expect("DG0013", """
        public static partial class C
        {
            [Differentiable] public static void Step(ReadOnlySpan<double> x, Span<double> y) { for (var i = 0; i < y.Length; i++) y[i] = 2 * x[i]; }
            [Differentiable] public static double F(double x)
            {
                var y = new double[] { x, 2 };
                /*here*/Step(y, y);
                return y[0] + y[1];
            }
        }
        """, "Passing 'y' to 'Step' both as the array it writes ('y') and as another argument is not supported in a [Differentiable] method; copy one of them into a local array of its own first");

    [Fact]
    public void DG0012_a_jagged_row_used_whole() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double Sum(double[] v) { double s = 0; foreach (var x in v) s += x; return s; }
            [Differentiable] public static double F(double[][] m) => Sum(/*here*/m[0]);
        }
        """, "Using the row 'm[0]' of a jagged array other than by reading its elements and Length is not supported in a [Differentiable] method; read its elements (rows[i][j]) in this method, or copy the row into a local array first");

    [Fact]
    public void DG0025_is_the_only_diagnostic_of_a_caller_of_a_failed_method_no_zero_gradient_warning()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public static partial class C
            {
                [Differentiable] public static void Squares(System.ReadOnlySpan<double> a, System.Span<int> o) { for (int i = 0; i < a.Length; i++) o[i] = (int)a[i]; }
                [Differentiable] public static double Caller(double[] a) { var o = new int[a.Length]; Squares(a, o); double s = 0; for (int i = 0; i < o.Length; i++) s += o[i] * a[i]; return s; }
            }
            """);
        var ours = run.Output.GetDiagnostics().Concat(run.GeneratorDiagnostics).Where(d => d.Id.StartsWith("DG", StringComparison.Ordinal)).Select(d => d.Id).Distinct().OrderBy(id => id).ToList();
        Assert.Equal(["DG0004", "DG0025"], ours);
    }

    [Fact]
    public void DG0009_a_local_function_is_one_error_not_one_per_call() => Expect("DG0009", """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                double /*here*/Square(double y) => y * y;
                return Square(x) + Square(2 * x);
            }
        }
        """, "Local function 'Square' cannot be differentiated; turn it into a static [Differentiable] method and call that");

    [Fact]
    public void DG0013_a_struct_parameter_used_whole() => Expect("DG0013", """
        public record struct P(double X, double V);
        public static partial class C
        {
            public static double G(P p) { double s = 0; for (int i = 0; i < 3; i++) s += p.X; return s; }
            [Differentiable] public static double F(P p) => p.X + /*here*/G(p);
        }
        """, "Using 'C.G(P)' on struct values is not supported in a [Differentiable] method; its body is differentiated where it is used, and there DG0013 applies: 'for (int i = 0; i < 3; i++) s += p.X;' is not supported in a [Differentiable] method; declare locals and return one expression");

    [Fact]
    public void DG0012_a_matrix_passed_to_a_differentiable_method() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double G(double[,] m) => m[0, 0];
            [Differentiable] public static double F(double[,] m) => G(/*here*/m) * 2;
        }
        """, "Passing the multidimensional array 'm' to 'G' is not supported in a [Differentiable] method; pass a one-dimensional array or span of its elements (row-major), or read the matrix in this method");

    [Fact]
    public void DG0012_a_local_matrix_declared_inside_a_loop() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    var /*here*/m = new double[2, 2];
                    m[0, 0] = x;
                    s += m[0, 0];
                }

                return s;
            }
        }
        """, "A local matrix declared inside a loop or branch is not supported in a [Differentiable] method; declare it at the top of the method and reuse it");

    [Fact]
    public void DG0012_a_local_array_made_to_alias_another_is_one_error() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int sweeps)
            {
                var a = new double[3];
                var b = new double[3];
                a[0] = x;
                for (int s = 0; s < sweeps; s++)
                {
                    for (int i = 0; i < 3; i++) b[i] = 0.5 * (a[i] + a[(i + 1) % 3]);
                    /*here*/a = b;
                }

                return a[0];
            }
        }
        """, "Assigning the local array 'a' itself is not supported in a [Differentiable] method; write its elements instead (two local arrays of the same length can be swapped: var t = a; a = b; b = t;)");

    [Fact]
    public void DG0012_a_local_array_declared_inside_a_loop() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    var /*here*/a = new double[i + 1];
                    a[0] = x;
                    s += a[0];
                }

                return s;
            }
        }
        """, "A local array declared inside a loop or branch with a length that can change is not supported in a [Differentiable] method; declare it at the top of the method with its largest length and reuse it");

    [Fact]
    public void DG0012_reassigning_a_local_array() => Expect("DG0012", """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                var a = new double[2];
                /*here*/a = new double[3];
                return x;
            }
        }
        """, "Assigning the local array 'a' itself is not supported in a [Differentiable] method; write its elements instead (two local arrays of the same length can be swapped: var t = a; a = b; b = t;)");

    [Fact]
    public void DG0019_writing_an_input_array() => Expect("DG0019", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int[] v)
            {
                /*here*/v[0] = 2;
                return x * v[0];
            }
        }
        """, "'F' writes to its parameter 'v'; a [Differentiable] method must not change its inputs: compute into a local instead");

    [Fact]
    public void DG0019_writing_an_input_span() => Expect("DG0019", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, Span<int> v)
            {
                /*here*/v[1] += 2;
                return x * v[0];
            }
        }
        """, "'F' writes to its parameter 'v'; a [Differentiable] method must not change its inputs: compute into a local instead");

    [Fact]
    public void DG0020_an_index_read_from_differentiable_data() => Expect("DG0020", """
        public static partial class C
        {
            [Differentiable] public static double F(double[] v) => v[/*here*/(int)v[0]];
        }
        """, "The index '(int)v[0]' reads the differentiable array element 'v[...]'; an index must come from integers (or data marked [NoDerivative]): cast a passive value instead");

    [Fact]
    public void DG0013_break_out_of_the_middle_of_a_switch_section() => Expect("DG0013", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int k)
            {
                switch (k)
                {
                    case 0:
                        if (x > 1) /*here*/break;
                        x = x * x;
                        break;
                    default:
                        x = -x;
                        break;
                }

                return x;
            }
        }
        """, "A break out of the middle of a switch section is not supported in a [Differentiable] method; end the section with its break, or use if/else");

    [Fact]
    public void DG0003_a_library_method_without_a_rule_says_what_works_instead() => Expect("DG0003", """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => /*here*/double.MaxMagnitude(x, 1.0);
        }
        """, "'MaxMagnitude(double, double)' is not differentiable; it is library code with no derivative rule in DiffGen: compute it from Math functions (Abs, Max, Exp, ...) or pass its value in as a [NoDerivative] parameter");

    [Fact]
    public void DG0014_write_to_a_field() => Expect("DG0014", """
        public static partial class C
        {
            static double last;
            [Differentiable] public static double F(double x)
            {
                /*here*/last = x;
                return x;
            }
        }
        """, "'F' writes to 'last', which is not a local or a parameter; return the value instead, differentiable code must not have side effects");

    [Fact]
    public void DG0015_generic_method_with_an_unconstrained_type_parameter() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static double F</*here*/T>(double x) => x;
        }
        """, "'F' is generic, but its type parameter 'T' is unconstrained; a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0015_generic_method_whose_constraints_are_not_number_interfaces() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static T F</*here*/T>(T x) where T : IComparable<T> => x;
        }
        """, "'F' is generic, but the constraints of its type parameter 'T' are not floating-point number interfaces; a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0015_generic_method_over_integers() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static T F</*here*/T>(T x) where T : System.Numerics.IBinaryInteger<T> => x * x;
        }
        """, "'F' is generic, but its type parameter 'T' is an integer type (IBinaryInteger<T>); a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0015_generic_method_whose_type_parameter_is_not_its_value_type() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static /*here*/double F<T>(double x, T scale) where T : System.Numerics.IFloatingPointIeee754<T> => x;
        }
        """, "'F' is generic, but its type parameter 'T' is not the type of its value (it returns 'double'); a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0015_generic_method_with_two_floating_type_parameters() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static T F/*here*/<T, U>(T x, U y) where T : System.Numerics.INumber<T> where U : System.Numerics.INumber<U> => x;
        }
        """, "'F' is generic, but it has 2 floating-point type parameters; a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0015_generic_derivative_needs_a_function_the_constraints_lack() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static T F<T>(T x) where T : System.Numerics.ITrigonometricFunctions<T> => /*here*/T.Asin(x);
        }
        """, "'F' is generic, but the derivative of T.Asin takes T.Sqrt, which its constraints do not provide (add IRootFunctions<T>); a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0015_generic_derivative_needs_comparisons_the_constraints_lack() => Expect("DG0015", """
        public static partial class C
        {
            [Differentiable] public static T F<T>(T x) where T : System.Numerics.INumberBase<T> => /*here*/T.Abs(x) * x;
        }
        """, "'F' is generic, but the derivative of T.Abs takes comparisons of T values, which its constraints do not provide (add INumber<T>); a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T F<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    [Fact]
    public void DG0016_generic_math_function_without_a_rule() => Expect("DG0016", """
        public static partial class C
        {
            [Differentiable] public static T F<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => /*here*/T.RootN(x, 3);
        }
        """, "'T.RootN(T, int)' has no derivative rule in DiffGen; compute it from functions that do (Sin, Exp, Log, Pow, ...) or move the call out of 'F'");

    [Fact]
    public void DG0013_generic_math_conversion_of_a_differentiable_value() => Expect("DG0013", """
        public static partial class C
        {
            [Differentiable] public static T F<T>(T x, double y) where T : System.Numerics.IFloatingPointIeee754<T> => x * /*here*/T.CreateChecked(y);
        }
        """, "'T.CreateChecked(y)' is not supported in a [Differentiable] method; convert only constants and integers to 'T' in differentiable code; write the computation in 'T' throughout");

    [Fact]
    public void DG0016_math_function_without_a_rule() => Expect("DG0016", """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => /*here*/Math.IEEERemainder(x, 3.0);
        }
        """, "'Math.IEEERemainder(double, double)' has no derivative rule in DiffGen; compute it from functions that do (Sin, Exp, Log, Pow, ...) or move the call out of 'F'");

    [Fact]
    public void DG0017_gradient_name_clashes_with_a_parameter() => Expect("DG0017", """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int /*here*/dx) => x * dx;
        }
        """, "The gradient of 'x' would be named 'dx', which is already a parameter of 'F'; rename one of them");

    [Fact]
    public void DG0018_method_without_body() => Expect("DG0018", """
        public static partial class C
        {
            [Differentiable] public static partial double /*here*/F(double x);
        }
        """, "'F' has no body to differentiate; [Differentiable] needs the method's implementation", extraCompilerErrors: true);

    [Fact]
    public void DG9999_an_internal_failure_is_reported_on_its_method_and_nothing_is_thrown()
    {
        // A model the parser never produces (an assignment to an undeclared variable) makes lowering fail.
        var hierarchy = new TypeHierarchy(string.Empty, new[] { new TypeDeclarationInfo("class", "C") }.ToEquatableArray(), "C");
        var model = new MethodModel(
            hierarchy,
            "Broken",
            "public",
            TypeRef.Double,
            new[] { new ParameterModel("x", TypeRef.Double, true) }.ToEquatableArray(),
            EquatableArray<LocalModel>.Empty,
            new StmtModel[] { new AssignStmt("ghost = x;", "ghost", new VariableExpr(TypeRef.Double, "x")) }.ToEquatableArray());
        var location = new LocationInfo("C.cs", new Microsoft.CodeAnalysis.Text.TextSpan(10, 6), default);
        var parsed = new ParseResult(model, "M:C.Broken(System.Double)", location, EquatableArray<DiagnosticInfo>.Empty, EquatableArray<CallSite>.Empty);

        var generation = MethodGeneration.From(parsed);

        Assert.Null(generation.Method);
        var diagnostic = Assert.Single(generation.Diagnostics).ToDiagnostic();
        Assert.Equal("DG9999", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(10, 6), diagnostic.Location.SourceSpan);
        Assert.StartsWith("DiffGen failed to generate the gradient of 'Broken': KeyNotFoundException", diagnostic.GetMessage());
    }

    [Fact]
    public void Every_descriptor_is_listed_in_the_release_notes_and_only_DG0026_is_a_warning()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Diff.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in DiffGen.Generator.Diagnostics.DiagnosticDescriptors.Descriptors)
        {
            var severity = descriptor.Id == "DG0026" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
            Assert.Equal(severity, descriptor.DefaultSeverity);
            Assert.Matches(@"^DG\d{4}$", descriptor.Id);
            Assert.Contains(descriptor.Id + " | DiffGen | " + severity, unshipped);
        }
    }

    [Fact]
    public void DG0026_warns_when_the_result_does_not_depend_on_the_active_parameters()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public static partial class C
            {
                [Differentiable] public static double Forgotten(double x, double y, int n) { var unused = x * y; return n * 2.0; }
                [Differentiable] public static double Uses(double x, double y) => x;
                [Differentiable] public static double NoActive(int n) => n * 0.5;
            }
            """);
        var warning = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("DG0026", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("The gradient of 'Forgotten' with respect to 'x', 'y' is zero everywhere: the result does not depend on them, or only through piecewise-constant code (Floor, Round, comparisons); this is usually a mistake: check the computation, or mark parameters that are constants [NoDerivative]", warning.GetMessage());
        Assert.Contains(run.GeneratedFiles, f => f.Text.Contains("ForgottenGrad"));
    }

    private const string Prelude = "using System;\nusing DiffGen;\n";

    /// <summary>A valid method in its own type: it must still be generated whatever is wrong elsewhere.</summary>
    private const string Valid = """

        public static partial class StillFine
        {
            [Differentiable] public static double Cube(double x) => x * x * x;
        }
        """;

    private static void Expect(string id, string source, string message, bool includeValid = true, string? extraIds = null, bool extraCompilerErrors = false)
    {
        var full = Prelude + source + (includeValid ? Valid : string.Empty);
        var position = full.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(position >= 0, "The test source needs a " + Marker + " marker.");
        full = full.Remove(position, Marker.Length);

        var run = GeneratorHarness.Run(full);

        var matching = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        var diagnostic = Assert.Single(matching, d => d.Location.SourceSpan.Start == position);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage());
        Assert.Equal("Input0.cs", diagnostic.Location.GetLineSpan().Path);
        var others = run.GeneratorDiagnostics.Where(d => d != diagnostic && d.Id != extraIds).ToList();
        Assert.True(others.Count == 0, "Unexpected diagnostics: " + string.Join("; ", others));

        if (includeValid)
        {
            Assert.Contains(run.GeneratedFiles, f => f.Text.Contains("public static double CubeGrad(double x, out double dx)"));
        }

        if (!extraCompilerErrors)
        {
            // Nothing is generated for the broken method, so the only compiler errors are none at all.
            Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.Contains(".g.cs") == true);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DiffGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DiffGen.sln not found above " + AppContext.BaseDirectory);
    }
}
