using DiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests.Incremental;

/// <summary>
/// A method's parse is remembered across compilations and reused when nothing it depends on changed (the binding of
/// the body is most of the generator's time). Reused means the <see cref="TrackingNames.Parse"/> step's output is the
/// very object of the run before; and whenever a file it depends on changes, the output must be what a fresh driver
/// produces on freshly parsed sources.
/// </summary>
public class ParseCacheTests
{
    private const string Caller = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Loss
        {
            [Differentiable]
            public static double Twice(double r, double s) => 2 * Kernels.Huber(r, s) + Math.Sin(r);
        }
        """;

    private const string Callee = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Kernels
        {
            [Differentiable]
            public static double Huber(double r, double delta) => Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);
        }
        """;

    private const string Unrelated = """
        namespace App;
        public static class Greeter
        {
            public static string Hello(string name) => "Hello " + name;
        }
        """;

    [Fact]
    public void An_edit_to_an_unrelated_file_reuses_every_parse()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Caller, Callee, Unrelated), trackSteps: true);
        var second = Rerun(first, Edit(first.Input, "Input2.cs", Unrelated.Replace("\"Hello \"", "\"Hi \"")));

        AssertParsesReused(first, second.Driver, "Input0.cs", "Input1.cs");
    }

    [Fact]
    public void Adding_an_unrelated_file_reuses_every_parse()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Caller, Callee, Unrelated), trackSteps: true);
        var added = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace App.Settings; public sealed class Options { public int Iterations { get; set; } = 10; }",
            GeneratorHarness.ParseOptions,
            path: "Input3.cs"));

        AssertParsesReused(first, Rerun(first, added).Driver, "Input0.cs", "Input1.cs");
    }

    [Fact]
    public void Editing_a_body_in_another_file_reuses_the_callers_parse_and_updates_the_callee()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Caller, Callee, Unrelated), trackSteps: true);
        var edited = Edit(first.Input, "Input1.cs", Callee.Replace("0.5 * r * r", "0.25 * r * r"));
        var second = Rerun(first, edited);

        AssertParsesReused(first, second.Driver, "Input0.cs");
        Assert.Contains("0.25", second.File("App.Kernels"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void Making_a_callees_parameter_NoDerivative_in_another_file_updates_the_caller()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Caller, Callee, Unrelated), trackSteps: true);
        var edited = Edit(first.Input, "Input1.cs", Callee.Replace("double r, double delta", "double r, [NoDerivative] double delta"));
        var second = Rerun(first, edited);

        Assert.NotEqual(first.File("App.Loss"), second.File("App.Loss"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void Removing_Differentiable_from_a_callee_in_another_file_makes_the_call_an_error()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(Caller, Callee, Unrelated), trackSteps: true);
        Assert.Empty(first.GeneratorDiagnostics);
        var edited = Edit(first.Input, "Input1.cs", Callee.Replace("[Differentiable]", string.Empty));
        var second = Rerun(first, edited);

        Assert.Contains(second.Diagnostics, d => d.Id == "DG0003");
        Assert.Null(second.FileOrNull("App.Loss"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void Declaring_a_missing_callee_in_another_file_makes_the_caller_generate()
    {
        const string caller = """
            using DiffGen;
            namespace App;
            public static partial class Loss
            {
                [Differentiable] public static double F(double x) => 3 * Cube(x);
            }
            """;
        const string later = """
            using DiffGen;
            namespace App;
            public static partial class Loss
            {
                [Differentiable] public static double Cube(double x) => x * x * x;
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(caller, Unrelated), trackSteps: true);
        Assert.Null(first.FileOrNull("App.Loss"));
        var edited = Edit(first.Input, "Input1.cs", later);
        var second = Rerun(first, edited);

        Assert.Contains("FPullback", second.File("App.Loss"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void A_field_added_to_a_struct_in_another_file_updates_the_method()
    {
        const string method = """
            using DiffGen;
            namespace App;
            public static partial class Physics
            {
                [Differentiable] public static double Energy(Particle p) => 0.5 * p.X * p.X;
            }
            """;
        const string particle = "namespace App; public struct Particle { public double X; }";
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(method, particle), trackSteps: true);
        var edited = Edit(first.Input, "Input1.cs", particle.Replace("public double X;", "public double X; public double Y;"));
        AssertSameAsFresh(Rerun(first, edited), edited);
    }

    [Fact]
    public void A_field_type_changed_in_another_file_updates_the_method()
    {
        const string method = """
            using DiffGen;
            namespace App;
            public static partial class Physics
            {
                [Differentiable] public static double Energy(Particle p) => 0.5 * p.X * p.X + p.Y;
            }
            """;
        const string particle = "namespace App; public struct Particle { public double X; public double Y; }";
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(method, particle), trackSteps: true);
        var edited = Edit(first.Input, "Input1.cs", particle.Replace("public double Y;", "public float Y;"));
        var second = Rerun(first, edited);

        Assert.NotEqual(first.File("App.Physics"), second.File("App.Physics"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void A_constant_changed_in_another_file_updates_the_method()
    {
        const string method = """
            using DiffGen;
            namespace App;
            public static partial class Scaled
            {
                [Differentiable] public static double F(double x) => Constants.K * x * x;
            }
            """;
        const string constants = "namespace App; public static class Constants { public const double K = 2.5; }";
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(method, constants), trackSteps: true);
        var edited = Edit(first.Input, "Input1.cs", constants.Replace("2.5", "4.5"));
        var second = Rerun(first, edited);

        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void A_global_using_added_in_another_file_updates_the_method()
    {
        const string method = """
            using DiffGen;
            namespace App;
            public static partial class Waves
            {
                [Differentiable] public static double F(double x) => Sin(x) * x;
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(method, Unrelated), trackSteps: true);
        Assert.Null(first.FileOrNull("App.Waves"));
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText("global using static System.Math;", GeneratorHarness.ParseOptions, path: "Input2.cs"));
        var second = Rerun(first, edited);

        Assert.Contains("FGrad", second.File("App.Waves"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void A_type_added_in_another_file_that_shadows_an_imported_one_updates_the_method()
    {
        const string method = """
            using System;
            using DiffGen;
            namespace App;
            public static partial class Waves
            {
                [Differentiable] public static double F(double x) => Math.Sin(x) * x;
            }
            """;
        const string shadow = """
            namespace App;
            public static class Math
            {
                public static double Sin(double x) => x;
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(method, Unrelated), trackSteps: true);
        Assert.NotNull(first.FileOrNull("App.Waves"));
        var edited = first.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(shadow, GeneratorHarness.ParseOptions, path: "Input2.cs"));
        var second = Rerun(first, edited);

        Assert.Contains(second.Diagnostics, d => d.Id == "DG0003");
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void A_callee_in_another_file_that_starts_writing_its_span_updates_the_caller()
    {
        // Whether a callee writes an array parameter is read from its body, which the declarations the cache compares
        // leave out: the caller's call must still follow it (scratch copy, seed, copy back).
        const string caller = """
            using System;
            using DiffGen;
            namespace App;
            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double x)
                {
                    var buf = new double[] { x, 2 * x };
                    var s = Buffers.Use(x, buf);
                    return s + buf[0] * buf[1];
                }
            }
            """;
        const string callee = """
            using System;
            using DiffGen;
            namespace App;
            public static partial class Buffers
            {
                [Differentiable]
                public static double Use(double x, Span<double> o)
                {
                    double s = 0;
                    for (var i = 0; i < o.Length; i++) s += o[i] * x;
                    return s;
                }
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(caller, callee, Unrelated), trackSteps: true);
        Assert.Empty(first.GeneratorDiagnostics);
        var edited = Edit(first.Input, "Input1.cs", callee.Replace("s += o[i] * x;", "{ s += o[i] * x; o[i] = Math.Sin(o[i]); }"));
        var second = Rerun(first, edited);

        Assert.Empty(second.Diagnostics);
        Assert.NotEqual(first.File("App.Model"), second.File("App.Model"));
        AssertSameAsFresh(second, edited);
    }

    // A caller that passes a buffer to a callee in another file, which passes it on to a third method in a third file.
    private const string BufferCaller = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Model
        {
            [Differentiable]
            public static double Loss(double x)
            {
                var buf = new double[] { x, 2 * x };
                var s = Buffers.Use(x, buf);
                return s + buf[0] * buf[1];
            }
        }
        """;

    private const string BufferCallee = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Buffers
        {
            [Differentiable]
            public static double Use(double x, Span<double> o)
            {
                double s = 0;
                for (var i = 0; i < o.Length; i++) s += o[i] * x;
                var t = Writers.Touch(x, o);
                return s + t;
            }
        }
        """;

    private const string BufferReader = """
        using System;
        using DiffGen;
        namespace App;
        public static partial class Writers
        {
            [Differentiable]
            public static double Touch(double x, ReadOnlySpan<double> o) => x * o[0];
        }
        """;

    [Fact]
    public void An_overload_declared_in_another_file_that_a_callees_body_now_calls_updates_the_caller()
    {
        // The caller's own declaration and body never name Touch: only the callee's body does. A Span overload of
        // Touch that writes makes the callee write its span, so the caller's call must change (the cache compares the
        // names of the bodies a parse read, not only its own).
        const string writer = """
            using System;
            using DiffGen;
            namespace App;
            public static partial class Writers
            {
                [Differentiable]
                public static double Touch(double x, Span<double> o)
                {
                    o[0] = Math.Sin(o[0]);
                    return x * o[0];
                }
            }
            """;
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(BufferCaller, BufferCallee, BufferReader, Unrelated), trackSteps: true);
        Assert.Empty(first.GeneratorDiagnostics);
        var edited = Edit(first.Input, "Input3.cs", writer);
        var second = Rerun(first, edited);

        Assert.NotEqual(first.File("App.Model"), second.File("App.Model"));
        AssertSameAsFresh(second, edited);
    }

    [Fact]
    public void Editing_a_callees_body_that_still_writes_the_same_arrays_reuses_the_callers_parse_then_and_after()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(BufferCaller, BufferCallee, BufferReader, Unrelated), trackSteps: true);
        var edited = Edit(first.Input, "Input1.cs", BufferCallee.Replace("s += o[i] * x;", "s += x * o[i];"));
        var second = Rerun(first, edited);
        AssertParsesReused(first, second.Driver, "Input0.cs", "Input2.cs");
        AssertSameAsFresh(second, edited);

        // The callee's new body is what the caller's parse now depends on: an unrelated edit still reuses it, and an
        // edit that makes the callee write its span updates the caller.
        var unrelated = Edit(edited, "Input3.cs", Unrelated.Replace("\"Hello \"", "\"Hi \""));
        var third = new Run(second.Driver.RunGenerators(unrelated));
        Assert.Contains(ParseOutputs(third.Driver), o => ReferenceEquals(o.Value, ParseOutputs(second.Driver).Single(p => ((Model.ParseResult)p.Value).Location!.FilePath == "Input0.cs").Value));
        var writing = Edit(unrelated, "Input1.cs", BufferCallee.Replace("s += o[i] * x;", "{ s += x * o[i]; o[i] = Math.Sin(o[i]); }"));
        var fourth = new Run(third.Driver.RunGenerators(writing));
        Assert.NotEqual(second.File("App.Model"), fourth.File("App.Model"));
        AssertSameAsFresh(fourth, writing);
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, string text)
        => compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == path),
            CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: path));

    private static Run Rerun(GeneratorHarness first, CSharpCompilation edited)
    {
        var driver = first.Driver.RunGenerators(edited);
        return new Run(driver);
    }

    /// <summary>Every Parse output of a method in <paramref name="paths"/> is the object the first run returned.</summary>
    private static void AssertParsesReused(GeneratorHarness first, GeneratorDriver second, params string[] paths)
    {
        var before = ParseOutputs(first.Driver);
        var after = ParseOutputs(second);
        var reused = 0;
        foreach (var (value, _) in after)
        {
            var path = ((Model.ParseResult)value).Location!.FilePath;
            if (paths.Contains(path))
            {
                Assert.Contains(before, b => ReferenceEquals(b.Value, value));
                reused++;
            }
        }

        Assert.True(reused >= paths.Length, "expected a parse per file in " + string.Join(", ", paths));
        Assert.All(after, o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached or IncrementalStepRunReason.Modified or IncrementalStepRunReason.New));
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> ParseOutputs(GeneratorDriver driver)
        => driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Parse]
            .SelectMany(s => s.Outputs).ToList();

    /// <summary>The incremental run's files and diagnostics equal a fresh driver's on the same sources parsed anew.</summary>
    private static void AssertSameAsFresh(Run incremental, CSharpCompilation edited)
    {
        var fresh = GeneratorHarness.Run(edited.RemoveAllSyntaxTrees().AddSyntaxTrees(
            edited.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText().ToString(), GeneratorHarness.ParseOptions, path: t.FilePath))));
        Assert.Equal(
            fresh.GeneratedFiles.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => f.HintName + "\n" + f.Text),
            incremental.Files.OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => f.HintName + "\n" + f.Text));
        Assert.Equal(
            fresh.GeneratorDiagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal),
            incremental.Diagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal));
    }

    private sealed class Run
    {
        public Run(GeneratorDriver driver)
        {
            Driver = driver;
            var result = driver.GetRunResult();
            Files = result.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, Text: s.SourceText.ToString())).ToList();
            Diagnostics = result.Diagnostics.ToList();
        }

        public GeneratorDriver Driver { get; }

        public List<(string HintName, string Text)> Files { get; }

        public List<Diagnostic> Diagnostics { get; }

        public string File(string type) => FileOrNull(type) ?? throw new InvalidOperationException("no file for " + type);

        public string? FileOrNull(string type) => Files.Where(f => f.HintName.StartsWith(type + ".", StringComparison.Ordinal)).Select(f => f.Text).SingleOrDefault();
    }
}

internal static class HarnessFiles
{
    public static string File(this GeneratorHarness run, string type)
        => run.FileOrNull(type) ?? throw new InvalidOperationException("no file for " + type);

    public static string? FileOrNull(this GeneratorHarness run, string type)
        => run.GeneratedFiles.Where(f => f.HintName.StartsWith(type + ".", StringComparison.Ordinal)).Select(f => f.Text).SingleOrDefault();
}
