using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using DiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Runs the generator on in-memory source, the way the compiler does: returns the generated files, the generator's
/// diagnostics and the compiler's diagnostics for the whole program, and can load the result to call it.
/// </summary>
public sealed class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private GeneratorHarness(CSharpCompilation input, GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        Input = input;
        Driver = driver;
        Output = output;
        GeneratorDiagnostics = generatorDiagnostics;
    }

    public CSharpCompilation Input { get; }

    public GeneratorDriver Driver { get; }

    public Compilation Output { get; }

    /// <summary>Diagnostics reported by DiffGen.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>The compiler's errors and warnings for user code plus generated code.</summary>
    public ImmutableArray<Diagnostic> CompilerDiagnostics
        => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public ImmutableArray<(string HintName, string Text)> GeneratedFiles
        => Driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "DiffGenTestInput",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Input{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));

    public static GeneratorHarness Run(params string[] sources) => Run(Compile(sources));

    public static GeneratorHarness Run(CSharpCompilation compilation, bool trackSteps = false)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorHarness(compilation, driver, output, diagnostics);
    }

    /// <summary>Emits and loads the program (generator errors or compiler errors fail the test with the full list).</summary>
    public Assembly Load()
    {
        var problems = GeneratorDiagnostics.Concat(Output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The program did not compile:\n" + string.Join("\n", problems) + "\n\nGenerated:\n" + string.Join("\n", GeneratedFiles.Select(f => f.Text)));
        }

        using var stream = new MemoryStream();
        var result = Output.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("DiffGenTest" + Guid.NewGuid(), isCollectible: true);
        return context.LoadFromStream(stream);
    }
}
