using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using DiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace DiffGen.Corpus.Tests.Harness;

/// <summary>
/// Runs the generator on one corpus file in a compilation of its own, attributes every DG diagnostic, driver
/// exception and compiler error in generated code to the [Differentiable] method it belongs to, then compiles the
/// program with call thunks, loads it in a collectible context and checks each generated method.
/// </summary>
public static class CorpusRunner
{
    private static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
            .ToImmutableArray();

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Wall-clock limit for the checks of one method (the primal or the generated code could loop).</summary>
    public static TimeSpan MethodTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One corpus file: one compilation unit, compiled on its own.</summary>
    public static FileResult RunFile(string name, string text, Domains domains)
        => RunProgram(name, new[] { (name, text) }, domains);

    /// <summary>
    /// Several files compiled together as one program (for an external corpus, e.g. a whole library checked out
    /// locally): the [Differentiable] methods of all of them are corpus methods.
    /// </summary>
    /// <param name="markPath">For code not written for DiffGen: which files get [Differentiable] on every double/float
    /// method (every type of every file becomes partial); null leaves the sources as they are.</param>
    public static FileResult RunProgram(string name, IReadOnlyList<(string Path, string Text)> sources, Domains domains, Func<string, bool>? markPath = null)
    {
        var clock = Stopwatch.StartNew();
        var file = new FileResult { File = name };
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Path)).ToList();
        if (markPath is not null)
        {
            trees = trees.Select(t => (SyntaxTree)t.WithRootAndOptions(new MarkEverything(markPath(t.FilePath)).Visit(t.GetRoot()), t.Options)).ToList();
        }

        var inputTrees = trees.ToHashSet();
        var treesByPath = trees.ToDictionary(t => t.FilePath);
        var input = CSharpCompilation.Create(
            "Corpus_" + new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()),
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));

        // Every method marked [Differentiable] is one corpus method.
        var results = new Dictionary<MethodDeclarationSyntax, MethodResult>();
        foreach (var tree in trees)
        foreach (var m in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(IsMarked))
        {
            var type = m.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "?";
            var r = new MethodResult
            {
                File = tree.FilePath,
                Type = type,
                Method = m.Identifier.Text,
                Signature = $"{m.ReturnType} {m.Identifier.Text}{m.ParameterList}",
                Line = m.GetLocation().GetLineSpan().StartLinePosition.Line + 1,
            };
            results[m] = r;
            file.Methods.Add(r);
        }

        MethodResult? MethodAt(Location location)
        {
            // The generator keeps a LocationInfo (path and span) and recreates the location, so compare paths.
            var tree = location.SourceTree is { } t && inputTrees.Contains(t) ? t : treesByPath.GetValueOrDefault(location.GetLineSpan().Path ?? "");
            if (tree is null || location.SourceSpan.End > tree.Length)
            {
                return null;
            }

            var node = tree.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            var method = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault(results.ContainsKey);
            return method is null ? null : results[method];
        }

        // The generator, as the compiler runs it.
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None));
        Compilation output;
        ImmutableArray<Diagnostic> generatorDiagnostics;
        try
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out output, out generatorDiagnostics);
            file.Timings.Add($"generator {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch (Exception e)
        {
            file.GeneratorExceptions.Add($"{e.GetType().Name}: {e.Message}");
            foreach (var r in file.Methods)
            {
                r.Outcome = Outcome.GeneratorException;
                r.Detail = "the generator driver threw: " + e.Message;
            }

            file.Elapsed = clock.Elapsed;
            return file;
        }

        foreach (var run in driver.GetRunResult().Results)
        {
            if (run.Exception is { } e)
            {
                file.GeneratorExceptions.Add($"{e.GetType().Name}: {e.Message}");
            }
        }

        if (file.GeneratorExceptions.Count > 0)
        {
            foreach (var r in file.Methods)
            {
                r.Outcome = Outcome.GeneratorException;
                r.Detail = "the generator threw: " + file.GeneratorExceptions[0];
            }

            file.Elapsed = clock.Elapsed;
            return file;
        }

        foreach (var d in generatorDiagnostics.Where(d => d.Id.StartsWith("DG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Warning))
        {
            if (MethodAt(d.Location) is { } warned)
            {
                warned.Detail += $"warning {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)} ";
            }
        }

        foreach (var d in generatorDiagnostics.Where(d => d.Id.StartsWith("DG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error))
        {
            var owner = MethodAt(d.Location);
            var message = d.GetMessage(CultureInfo.InvariantCulture);
            var line = d.Location.GetLineSpan().StartLinePosition.Line + 1;
            if (owner is null)
            {
                file.HarnessNotes.Add($"{d.Id} outside any [Differentiable] method (line {line}): {message}");
                continue;
            }

            owner.Errors.Add(new DgError(d.Id, message, line) { Construct = Constructs.Describe(input, treesByPath[owner.File], d.Location.SourceSpan, d.Id) });
        }

        // Which methods got generated code: their type has a {Name}Grad now.
        var plans = new List<MethodPlan>();
        var planIndex = 0;
        foreach (var (syntax, r) in results)
        {
            var symbol = output.GetSemanticModel(syntax.SyntaxTree).GetDeclaredSymbol(syntax);
            var generated = symbol is not null && symbol.ContainingType.GetMembers(symbol.Name + "Grad").OfType<IMethodSymbol>()
                .Any(g => g.Parameters.Length >= symbol.Parameters.Length
                          && symbol.Parameters.Select(p => p.Type).SequenceEqual(g.Parameters.Take(symbol.Parameters.Length).Select(p => p.Type), SymbolEqualityComparer.Default))
                || (symbol is { ReturnsVoid: true } && symbol.ContainingType.GetMembers(symbol.Name + "Pullback").Any());
            if (r.Errors.Any(e => e.Id == "DG9999"))
            {
                r.Outcome = Outcome.GeneratorException;
                r.Detail = r.Errors.First(e => e.Id == "DG9999").Message;
            }
            else if (r.Errors.Count > 0)
            {
                r.Outcome = Outcome.Blocked;
                r.Detail = string.Join(" | ", r.Errors.Select(e => $"{e.Id}: {e.Message}"));
            }
            else if (!generated)
            {
                r.Outcome = Outcome.SilentlySkipped;
                r.Detail = "no generated Grad and no DG error. " + r.Detail;
            }
            else if (MethodPlan.Describe(symbol!, out var parameters) is { } why)
            {
                r.Outcome = Outcome.HarnessUnsupported;
                r.Detail = "harness cannot call it: " + why;
            }
            else
            {
                r.Outcome = Outcome.NotCompiled;
                plans.Add(new MethodPlan { Result = r, Symbol = symbol!, Params = parameters, ReturnsFloat = symbol!.ReturnType.SpecialType == SpecialType.System_Single || symbol.ReturnsVoid && parameters.Any(p => p.Written && p.IsFloat), Index = planIndex++ });
            }
        }

        // Compile the program plus the thunks. Generated members with compiler errors are removed (their methods count
        // as CS errors in generated code; methods whose code calls a removed member are "not compiled") so that the
        // rest of the file is still checked; thunks that do not compile are dropped (a harness limit).
        Assembly? assembly = null;
        AssemblyLoadContext? context = null;
        var generatedTrees = output.SyntaxTrees.Where(t => !inputTrees.Contains(t)).ToList();

        // Errors in generated code (only when an emit reported some): binding the generated trees finds them; each
        // erroneous member is removed and the trees are bound again until they are clean.
        void RemoveErroneousGeneratedMembers()
        {
            var bindClock = Stopwatch.StartNew();
            for (var round = 0; round < 8; round++)
            {
                var program = input.AddSyntaxTrees(generatedTrees);
                var inGenerated = generatedTrees
                    .SelectMany(t => program.GetSemanticModel(t).GetDiagnostics())
                    .Where(d => d.Severity == DiagnosticSeverity.Error)
                    .ToList();
                if (inGenerated.Count == 0)
                {
                    break;
                }

                foreach (var error in inGenerated)
                {
                    var owner = GeneratedOwner(error, file.Methods);
                    var message = $"{error.Id} in generated code: {error.GetMessage(CultureInfo.InvariantCulture)}";
                    if (round == 0)
                    {
                        file.GeneratedCodeErrors.Add($"{Path.GetFileName(error.Location.SourceTree!.FilePath)}: {error.Id}: {error.GetMessage(CultureInfo.InvariantCulture)}");
                        if (owner is not null && owner.Outcome is not Outcome.GeneratorException)
                        {
                            owner.Outcome = Outcome.GeneratedCodeError;
                            owner.Detail = message;
                        }
                    }
                    else if (owner is not null && owner.Outcome is Outcome.NotCompiled && owner.Detail.Length == 0)
                    {
                        owner.Detail = "its generated code calls generated code that did not compile: " + message;
                    }

                    plans.RemoveAll(p => p.Result == owner);
                }

                generatedTrees = generatedTrees.Select(t => WithoutErroneousMembers(t, inGenerated)).ToList();
            }

            file.Timings.Add($"generated-code check {bindClock.Elapsed.TotalSeconds:F1} s");
        }

        var removeGeneratedErrors = false;
        for (var attempt = 0; attempt < 5 && assembly is null; attempt++)
        {
            if (removeGeneratedErrors)
            {
                RemoveErroneousGeneratedMembers();
                removeGeneratedErrors = false;
            }

            var thunkTree = CSharpSyntaxTree.ParseText(ThunkWriter.Write(plans), ParseOptions, path: "__CorpusThunks.cs");
            var program = input.AddSyntaxTrees(generatedTrees).AddSyntaxTrees(thunkTree);
            using var stream = new MemoryStream();
            var emitClock = Stopwatch.StartNew();
            EmitResult emitted = program.Emit(stream);
            file.Timings.Add($"emit {emitClock.Elapsed.TotalSeconds:F1} s");
            if (emitted.Success)
            {
                stream.Position = 0;
                context = new AssemblyLoadContext("Corpus" + Guid.NewGuid(), isCollectible: true);
                assembly = context.LoadFromStream(stream);
                break;
            }

            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var corpusErrors = errors.Where(e => e.Location.SourceTree is { } t && inputTrees.Contains(t)).ToList();
            if (corpusErrors.Count > 0)
            {
                file.CorpusErrors.AddRange(corpusErrors.Select(e => e.ToString()));
                break;
            }

            if (errors.Any(e => e.Location.SourceTree is { } t && generatedTrees.Contains(t)))
            {
                if (file.GeneratedCodeErrors.Count > 0)
                {
                    file.HarnessNotes.Add("generated code still has errors after removing the erroneous members");
                    break;
                }

                removeGeneratedErrors = true;
                continue;
            }

            var bad = errors.Where(e => e.Location.SourceTree == thunkTree)
                .Select(e => thunkTree.GetRoot().FindNode(e.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.Text)
                .Where(n => n is not null)
                .ToHashSet();
            var dropped = plans.Where(p => bad.Contains(p.P) || bad.Contains(p.G) || bad.Contains(p.B)).ToList();
            if (dropped.Count == 0)
            {
                file.HarnessNotes.Add("the program did not compile: " + string.Join("; ", errors.Take(3)));
                break;
            }

            foreach (var p in dropped)
            {
                if (p.Result.Outcome == Outcome.NotCompiled)
                {
                    p.Result.Outcome = Outcome.HarnessUnsupported;
                    p.Result.Detail = "the harness's call thunk did not compile: " + errors.First(e => e.Location.SourceTree == thunkTree).GetMessage(CultureInfo.InvariantCulture);
                }

                plans.Remove(p);
            }
        }

        if (assembly is null)
        {
            foreach (var p in plans.Where(p => p.Result.Outcome == Outcome.NotCompiled))
            {
                p.Result.Detail = "generated, but the file's program did not compile (see the file's errors)";
            }

            file.Elapsed = clock.Elapsed;
            return file;
        }

        var checkClock = Stopwatch.StartNew();
        var thunks = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("__Corpus", StringComparison.Ordinal))
            .ToDictionary(m => m.Name);
        foreach (var plan in plans)
        {
            var checker = new GradientChecker(plan, thunks[plan.P], thunks[plan.G], thunks[plan.B], domains.For(plan.Result.Type, plan.Result.Method), domains.FiniteDifferencesOff(plan.Result.Type, plan.Result.Method));
            var started = Stopwatch.StartNew();
            var task = Task.Factory.StartNew(checker.Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                if (!task.Wait(MethodTimeout))
                {
                    plan.Result.Outcome = Outcome.Timeout;
                    plan.Result.Detail = $"checks did not finish in {MethodTimeout.TotalSeconds} s";
                }
            }
            catch (AggregateException e)
            {
                plan.Result.Outcome = Outcome.HarnessUnsupported;
                plan.Result.Detail = "harness failure: " + e.InnerException?.Message;
            }

            plan.Elapsed = started.Elapsed;
        }

        file.Timings.Add($"checks {checkClock.Elapsed.TotalSeconds:F1} s");
        var slowest = plans.OrderByDescending(p => p.Elapsed).FirstOrDefault();
        if (slowest is not null)
        {
            file.Timings.Add($"slowest check {slowest.Result.Key} {slowest.Elapsed.TotalSeconds:F2} s");
        }

        if (plans.All(p => p.Result.Outcome != Outcome.Timeout))
        {
            context!.Unload();
        }

        file.Elapsed = clock.Elapsed;
        return file;
    }

    private static bool IsMarked(MethodDeclarationSyntax m)
        => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Differentiable" or "DifferentiableAttribute" or "DiffGen.Differentiable" or "global::DiffGen.Differentiable");

    /// <summary>
    /// Marks code the way a user would: every method with a body that returns double or float gets
    /// [Differentiable], and every class, struct and record becomes partial.
    /// </summary>
    private sealed class MarkEverything(bool markMethods) : CSharpSyntaxRewriter
    {
        private static readonly AttributeListSyntax Attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
            SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::DiffGen.Differentiable")))).WithTrailingTrivia(SyntaxFactory.Space);

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            node = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
            var returns = node.ReturnType is PredefinedTypeSyntax p && p.Keyword.Kind() is SyntaxKind.DoubleKeyword or SyntaxKind.FloatKeyword;
            var hasBody = node.Body is not null || node.ExpressionBody is not null;
            return markMethods && returns && hasBody && !IsMarked(node) ? node.AddAttributeLists(Attribute) : node;
        }

        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => Partial((ClassDeclarationSyntax)base.VisitClassDeclaration(node)!);

        public override SyntaxNode? VisitStructDeclaration(StructDeclarationSyntax node) => Partial((StructDeclarationSyntax)base.VisitStructDeclaration(node)!);

        public override SyntaxNode? VisitRecordDeclaration(RecordDeclarationSyntax node) => Partial((RecordDeclarationSyntax)base.VisitRecordDeclaration(node)!);

        private static TypeDeclarationSyntax Partial(TypeDeclarationSyntax node)
            => node.Modifiers.Any(SyntaxKind.PartialKeyword) ? node : node.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
    }

    /// <summary>The generated tree without the methods that hold one of <paramref name="errors"/>.</summary>
    private static SyntaxTree WithoutErroneousMembers(SyntaxTree generated, List<Diagnostic> errors)
    {
        var root = generated.GetRoot();
        var members = errors.Where(e => e.Location.SourceTree == generated)
            .Select(e => root.FindNode(e.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault())
            .Where(m => m is not null)
            .Distinct()
            .ToList();
        return members.Count == 0 ? generated : generated.WithRootAndOptions(root.RemoveNodes(members!, SyntaxRemoveOptions.KeepNoTrivia)!, generated.Options);
    }

    /// <summary>The primal whose generated member (FGrad, FPullback, ...) holds a compiler error: the longest name that prefixes it.</summary>
    private static MethodResult? GeneratedOwner(Diagnostic error, List<MethodResult> methods)
    {
        var node = error.Location.SourceTree!.GetRoot().FindNode(error.Location.SourceSpan);
        var member = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.Text;
        var type = node.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text;
        if (member is null)
        {
            return null;
        }

        return methods.Where(m => member.StartsWith(m.Method, StringComparison.Ordinal) && (type is null || m.Type == type))
            .OrderByDescending(m => m.Method.Length)
            .FirstOrDefault();
    }
}
