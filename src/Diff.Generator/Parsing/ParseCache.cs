using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Remembers the <see cref="ParseResult"/> of a method across compilations, so that an edit elsewhere does not bind its
/// body again. Roslyn re-runs <c>ForAttributeWithMetadataName</c>'s transform for every marked method whenever the
/// compilation changes (the semantic model is new), and binding the body is most of the generator's time.
/// <para>
/// A result is reused only when nothing it could depend on changed:
/// </para>
/// <list type="bullet">
/// <item>the method's syntax node is the same object (so its syntax tree, text, path and parse options are the
///   same: Roslyn keeps the trees of unedited files);</item>
/// <item>the compilation's options, assembly name and references are equal, and so are every file's global usings,
///   extern aliases and assembly attributes;</item>
/// <item>every name the method's binding could have looked up is declared exactly as before. That set is every
///   identifier in the method's declaration, the names of every symbol and type its bound body refers to (with their
///   containing types and namespaces, base types and, for structs, field types), and the names C# looks up by
///   pattern (<c>GetEnumerator</c>, <c>Deconstruct</c>, ...). A name's declaration is compared as the tokens of every
///   type or member declared with it, method and accessor bodies left out (so an edit inside a body elsewhere changes
///   nothing), with the file's usings and the enclosing namespaces and types.</item>
/// <item>every other method body the parse read (to find which arrays a callee writes, <see cref="ArrayOutputs"/>)
///   is in a file that was not edited, and the identifiers of those bodies are among the names above. When such a
///   file was edited, those bodies are read again: the result stands if they still write the same arrays.</item>
/// </list>
/// Anything the table cannot describe (a partial method, a member kind it does not know) makes the method parse
/// again. The tables are keyed weakly on syntax trees, nodes and compilations, so they die with them.
/// </summary>
internal static class ParseCache
{
    /// <summary>Names C# binds by pattern rather than by an identifier in the source, and the marker of unknown declarations.</summary>
    private static readonly string[] AlwaysLookedUp =
    {
        Unknown, "GetEnumerator", "MoveNext", "Current", "Deconstruct", "Add", "Dispose", "DisposeAsync", "GetAwaiter",
        "Slice", "Length", "Count", "Item", "GetPinnableReference", "GetSubArray", "Create", "AsSpan",
    };

    /// <summary>The name under which declarations the table does not understand are recorded.</summary>
    private const string Unknown = "<unknown>";

    private static readonly ConditionalWeakTable<SyntaxNode, Slot> Results = new();
    private static readonly ConditionalWeakTable<Compilation, CompilationDeclarations> Compilations = new();
    private static readonly ConditionalWeakTable<SyntaxTree, TreeDeclarations> Trees = new();

    /// <summary>
    /// The cached result for the method of <paramref name="context"/> when it is still valid in this compilation,
    /// otherwise <paramref name="parse"/>'s (remembered with what it depended on).
    /// </summary>
    public static ParseResult GetOrParse(
        GeneratorAttributeSyntaxContext context,
        CancellationToken cancellationToken,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, (ParseResult Result, bool Cacheable)> parse)
    {
        var compilation = context.SemanticModel.Compilation;
        var declarations = Compilations.GetValue(compilation, static c => CompilationDeclarations.Of(c));
        var slot = Results.GetValue(context.TargetNode, static _ => new Slot());
        var entry = slot.Entry;
        if (entry is not null && entry.IsValidIn(declarations))
        {
            // The common case on an edit elsewhere: every body the parse read is in a file that was not edited, so it
            // is the same syntax, and its calls bind as before (their names are among the dependencies just checked).
            if (entry.BodiesReadUnchanged(compilation))
            {
                return entry.Result;
            }

            // A file with a body the parse read was edited: read those bodies again. When they still write the same
            // arrays, the result stands; remember the bodies read now, so the next edit elsewhere is the cheap check.
            if (entry.Revalidated(compilation, declarations) is { } revalidated)
            {
                slot.Entry = revalidated;
                return revalidated.Result;
            }
        }

        var ((result, cacheable), bodiesRead) = ArrayOutputs.Record(() => parse(context, cancellationToken));
        slot.Entry = cacheable && context.TargetSymbol is IMethodSymbol { PartialDefinitionPart: null, PartialImplementationPart: null } method
            ? Entry.Create(result, declarations, Dependencies(context, method, cancellationToken), bodiesRead)
            : null;
        return result;
    }

    /// <summary>The names the method's binding could have looked up (see the class comment).</summary>
    private static HashSet<string> Dependencies(GeneratorAttributeSyntaxContext context, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(AlwaysLookedUp, StringComparer.Ordinal);
        AddIdentifiers(context.TargetNode, names);
        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        AddSymbol(method, names, visited);
        if (context.SemanticModel.GetOperation(context.TargetNode, cancellationToken) is { } body)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                AddSymbol(operation.Type, names, visited);
                AddSymbol(ReferencedSymbol(operation), names, visited);
            }
        }

        return names;
    }

    private static void AddIdentifiers(SyntaxNode node, HashSet<string> names)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                names.Add(token.ValueText);
            }
        }
    }

    /// <summary>
    /// The method bodies a parse read (to find the arrays they write), by documentation id, with the files they were
    /// read from; their identifiers join <paramref name="names"/>, since the calls in them bind by those names. Null
    /// when a method has no id.
    /// </summary>
    private static BodyDependency[]? BodiesRead(List<ArrayOutputs.BodyRead> read, HashSet<string> names)
    {
        var bodies = new BodyDependency[read.Count];
        for (var i = 0; i < read.Count; i++)
        {
            if (read[i].Method.GetDocumentationCommentId() is not { } id)
            {
                return null;
            }

            var trees = new WeakReference<SyntaxTree>[read[i].Bodies.Count];
            for (var j = 0; j < trees.Length; j++)
            {
                trees[j] = new WeakReference<SyntaxTree>(read[i].Bodies[j].SyntaxTree);
                AddIdentifiers(read[i].Bodies[j], names);
            }

            bodies[i] = new BodyDependency(id, read[i].Written, trees);
        }

        return bodies;
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        IMemberReferenceOperation member => member.Member,
        IInvocationOperation invocation => invocation.TargetMethod,
        IObjectCreationOperation creation => creation.Constructor,
        IBinaryOperation binary => binary.OperatorMethod,
        IUnaryOperation unary => unary.OperatorMethod,
        IConversionOperation conversion => conversion.OperatorMethod,
        ICompoundAssignmentOperation compound => compound.OperatorMethod,
        IIncrementOrDecrementOperation increment => increment.OperatorMethod,
        ILocalReferenceOperation local => local.Local.Type,
        IParameterReferenceOperation parameter => parameter.Parameter.Type,
        _ => null,
    };

    private static void AddSymbol(ISymbol? symbol, HashSet<string> names, HashSet<ISymbol> visited)
    {
        if (symbol is null || symbol is INamespaceSymbol { IsGlobalNamespace: true } || !visited.Add(symbol))
        {
            return;
        }

        names.Add(symbol.Name);
        switch (symbol)
        {
            case IArrayTypeSymbol array:
                AddSymbol(array.ElementType, names, visited);
                break;
            case IPointerTypeSymbol pointer:
                AddSymbol(pointer.PointedAtType, names, visited);
                break;
            case INamedTypeSymbol type:
                foreach (var argument in type.TypeArguments)
                {
                    AddSymbol(argument, names, visited);
                }

                if (type.Locations.Length > 0 && type.Locations[0].IsInSource)
                {
                    AddSymbol(type.BaseType, names, visited);
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IFieldSymbol { IsStatic: false } field)
                        {
                            AddSymbol(field.Type, names, visited);
                        }
                    }
                }

                break;
            case IMethodSymbol method:
                AddSymbol(method.ReturnType, names, visited);
                foreach (var parameter in method.Parameters)
                {
                    AddSymbol(parameter.Type, names, visited);
                }

                break;
            case IFieldSymbol field:
                AddSymbol(field.Type, names, visited);
                break;
            case IPropertySymbol property:
                AddSymbol(property.Type, names, visited);
                break;
        }

        AddSymbol(symbol.ContainingType, names, visited);
        AddSymbol(symbol.ContainingNamespace, names, visited);
    }

    /// <summary>One method's remembered result; replaced whole, never mutated.</summary>
    private sealed class Slot
    {
        public volatile Entry? Entry;
    }

    /// <summary>
    /// A method body a parse read beyond declarations: the method's id, which array parameters it was found to write,
    /// and the files it was read from (weakly: a cached result does not keep old trees alive).
    /// </summary>
    private sealed record BodyDependency(string Id, string Written, WeakReference<SyntaxTree>[] Trees)
    {
        public bool IsIn(Compilation compilation)
        {
            foreach (var tree in Trees)
            {
                if (!tree.TryGetTarget(out var target) || !compilation.ContainsSyntaxTree(target))
                {
                    return false;
                }
            }

            // (A method with no body in source, from a reference, has no trees: the references are in the global key.)
            return true;
        }

        /// <summary>Whether the method, read again in <paramref name="compilation"/>, still writes the same array parameters.</summary>
        public bool Agrees(Compilation compilation)
            => DocumentationCommentId.GetFirstSymbolForDeclarationId(Id, compilation) is IMethodSymbol method
               && ArrayOutputs.Key(ArrayOutputs.WrittenParameters(method, compilation)) == Written;
    }

    private sealed class Entry
    {
        private Entry(ParseResult result, GlobalKey global, (string Name, NameState State)[] dependencies, BodyDependency[] bodiesRead)
        {
            Result = result;
            Global = global;
            Dependencies = dependencies;
            BodiesRead = bodiesRead;
        }

        public ParseResult Result { get; }

        private GlobalKey Global { get; }

        private (string Name, NameState State)[] Dependencies { get; }

        /// <summary>Method bodies the parse read, beyond declarations: which arrays each writes (see <see cref="ArrayOutputs"/>).</summary>
        private BodyDependency[] BodiesRead { get; }

        /// <summary>Null when a body read belongs to a method without a documentation id (never reused).</summary>
        public static Entry? Create(ParseResult result, CompilationDeclarations declarations, HashSet<string> names, List<ArrayOutputs.BodyRead> read)
            => ParseCache.BodiesRead(read, names) is { } bodies ? new Entry(result, declarations.Global, StatesOf(names, declarations), bodies) : null;

        private static (string, NameState)[] StatesOf(HashSet<string> names, CompilationDeclarations declarations)
        {
            var dependencies = new (string, NameState)[names.Count];
            var i = 0;
            foreach (var name in names)
            {
                dependencies[i++] = (name, declarations.StateOf(name));
            }

            return dependencies;
        }

        public bool IsValidIn(CompilationDeclarations declarations)
        {
            if (!Global.Equals(declarations.Global))
            {
                return false;
            }

            foreach (var (name, state) in Dependencies)
            {
                if (!state.Equals(declarations.StateOf(name)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether every body the parse read is in a file of <paramref name="compilation"/> (so unedited).</summary>
        public bool BodiesReadUnchanged(Compilation compilation)
        {
            foreach (var body in BodiesRead)
            {
                if (!body.IsIn(compilation))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// After <see cref="IsValidIn"/>, when a body read was edited: this result with the bodies read again (and their
        /// names), or null when one of them now writes other arrays.
        /// </summary>
        public Entry? Revalidated(Compilation compilation, CompilationDeclarations declarations)
        {
            var (agree, read) = ArrayOutputs.Record(() => Array.TrueForAll(BodiesRead, b => b.Agrees(compilation)));
            if (!agree)
            {
                return null;
            }

            // The names checked so far have the states of this compilation (IsValidIn), so keeping them is exact.
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, _) in Dependencies)
            {
                names.Add(name);
            }

            return ParseCache.BodiesRead(read, names) is { } bodies ? new Entry(Result, Global, StatesOf(names, declarations), bodies) : null;
        }
    }

    /// <summary>How a name is declared in a compilation: a hash of all its declarations, and whether a namespace has it.</summary>
    private readonly record struct NameState(Hash Declarations, bool IsNamespace);

    /// <summary>What every method's binding depends on: options, references, global usings and assembly attributes.</summary>
    private sealed class GlobalKey : IEquatable<GlobalKey>
    {
        private readonly CompilationOptions options;
        private readonly string? assemblyName;
        private readonly ImmutableArray<MetadataReference> references;
        private readonly Hash files;

        public GlobalKey(Compilation compilation, Hash files)
        {
            options = compilation.Options;
            assemblyName = compilation.AssemblyName;
            references = compilation.ExternalReferences;
            this.files = files;
        }

        public bool Equals(GlobalKey? other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (other is null || !files.Equals(other.files) || assemblyName != other.assemblyName || references.Length != other.references.Length)
            {
                return false;
            }

            for (var i = 0; i < references.Length; i++)
            {
                if (!ReferenceEquals(references[i], other.references[i]))
                {
                    return false;
                }
            }

            return ReferenceEquals(options, other.options) || options.Equals(other.options);
        }

        public override bool Equals(object? obj) => Equals(obj as GlobalKey);

        public override int GetHashCode() => files.GetHashCode();
    }

    /// <summary>Every declared name of a compilation, from its files' tables (each file's computed once).</summary>
    private sealed class CompilationDeclarations
    {
        private readonly Dictionary<string, NameState> names;

        private CompilationDeclarations(GlobalKey global, Dictionary<string, NameState> names)
        {
            Global = global;
            this.names = names;
        }

        public GlobalKey Global { get; }

        public NameState StateOf(string name) => names.TryGetValue(name, out var state) ? state : default;

        public static CompilationDeclarations Of(Compilation compilation)
        {
            var names = new Dictionary<string, NameState>(StringComparer.Ordinal);
            var global = Hash.Start;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var file = Trees.GetValue(tree, static t => TreeDeclarations.Of(t));
                if (!file.Global.Equals(Hash.Start))
                {
                    global = global.Add(file.Global);
                }

                foreach (var (name, hash) in file.Declarations)
                {
                    names.TryGetValue(name, out var state);
                    names[name] = state with { Declarations = (state.Declarations.IsEmpty ? Hash.Start : state.Declarations).Add(hash) };
                }

                foreach (var name in file.Namespaces)
                {
                    names.TryGetValue(name, out var state);
                    names[name] = state with { IsNamespace = true };
                }
            }

            return new CompilationDeclarations(new GlobalKey(compilation, global), names);
        }
    }

    /// <summary>
    /// One file's declarations: each type and member name with a hash of its declaration (tokens, bodies left out,
    /// with the file's usings and the enclosing namespaces and types), the namespace names it declares, and a hash of
    /// what concerns every file (global usings, extern aliases, assembly and module attributes).
    /// </summary>
    private sealed class TreeDeclarations
    {
        private TreeDeclarations(Hash global, List<(string, Hash)> declarations, List<string> namespaces)
        {
            Global = global;
            Declarations = declarations;
            Namespaces = namespaces;
        }

        public Hash Global { get; }

        public List<(string Name, Hash Hash)> Declarations { get; }

        public List<string> Namespaces { get; }

        public static TreeDeclarations Of(SyntaxTree tree)
        {
            var root = tree.GetRoot();
            // Most files have no global usings or assembly attributes: their global part stays empty, so adding one
            // changes nothing for methods elsewhere.
            var global = Hash.Start;
            var context = Hash.Start.Add(tree.FilePath).Add(((CSharpParseOptions)tree.Options).LanguageVersion.ToString());
            var declarations = new List<(string, Hash)>();
            var namespaces = new List<string>();
            if (root is CompilationUnitSyntax unit)
            {
                foreach (var alias in unit.Externs)
                {
                    global = global.AddTokens(alias);
                }

                foreach (var list in unit.AttributeLists)
                {
                    global = global.AddTokens(list);
                }

                foreach (var directive in unit.Usings)
                {
                    if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                    {
                        global = global.AddTokens(directive);
                    }
                    else
                    {
                        context = context.AddTokens(directive);
                    }
                }

                foreach (var member in unit.Members)
                {
                    AddMember(member, context, declarations, namespaces);
                }
            }
            else
            {
                declarations.Add((Unknown, Hash.Start.AddTokens(root)));
            }

            return new TreeDeclarations(global, declarations, namespaces);
        }

        private static void AddMember(MemberDeclarationSyntax member, Hash context, List<(string, Hash)> declarations, List<string> namespaces)
        {
            switch (member)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    foreach (var part in ns.Name.DescendantTokens())
                    {
                        if (part.IsKind(SyntaxKind.IdentifierToken))
                        {
                            namespaces.Add(part.ValueText);
                        }
                    }

                    context = context.Add("namespace").AddTokens(ns.Name);
                    foreach (var alias in ns.Externs)
                    {
                        context = context.AddTokens(alias);
                    }

                    foreach (var directive in ns.Usings)
                    {
                        context = context.AddTokens(directive);
                    }

                    foreach (var inner in ns.Members)
                    {
                        AddMember(inner, context, declarations, namespaces);
                    }

                    break;
                case TypeDeclarationSyntax type:
                    declarations.Add((type.Identifier.ValueText, context.AddTokens(type)));
                    var typeContext = context.Add("type").Add(type.Identifier.ValueText).Add(type.Arity.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    foreach (var inner in type.Members)
                    {
                        AddMember(inner, typeContext, declarations, namespaces);
                    }

                    break;
                case EnumDeclarationSyntax enumeration:
                    declarations.Add((enumeration.Identifier.ValueText, context.AddTokens(enumeration)));
                    foreach (var value in enumeration.Members)
                    {
                        declarations.Add((value.Identifier.ValueText, context.Add(enumeration.Identifier.ValueText).AddTokens(value)));
                    }

                    break;
                case DelegateDeclarationSyntax d:
                    declarations.Add((d.Identifier.ValueText, context.AddTokens(d)));
                    break;
                case MethodDeclarationSyntax method:
                    declarations.Add((method.Identifier.ValueText, context.AddTokens(method)));
                    break;
                case PropertyDeclarationSyntax property:
                    declarations.Add((property.Identifier.ValueText, context.AddTokens(property)));
                    break;
                case EventDeclarationSyntax e:
                    declarations.Add((e.Identifier.ValueText, context.AddTokens(e)));
                    break;
                case BaseFieldDeclarationSyntax field:
                    var hash = context.AddTokens(field);
                    foreach (var variable in field.Declaration.Variables)
                    {
                        declarations.Add((variable.Identifier.ValueText, hash));
                    }

                    break;
                case IndexerDeclarationSyntax indexer:
                    declarations.Add(("Item", context.AddTokens(indexer)));
                    break;
                case ConstructorDeclarationSyntax or DestructorDeclarationSyntax or GlobalStatementSyntax:
                    // Part of the containing type's declaration (hashed with it); a top-level statement declares nothing.
                    break;
                case OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax:
                    // In the type it is declared in (hashed with it), which any method that uses it refers to; but an
                    // operator of a C# 14 extension block (a type declaration without a name) extends other types.
                    if (member.Parent is TypeDeclarationSyntax { Identifier.ValueText.Length: 0 })
                    {
                        declarations.Add((Unknown, context.AddTokens(member)));
                    }

                    break;
                default:
                    // Extension blocks and whatever C# adds next: every cached result depends on this name.
                    declarations.Add((Unknown, context.AddTokens(member)));
                    break;
            }
        }
    }

    /// <summary>A 128-bit hash of token texts (two independent 64-bit FNV-1a style streams).</summary>
    private readonly record struct Hash(ulong A, ulong B)
    {
        public static Hash Start => new(14695981039346656037UL, 0x9E3779B97F4A7C15UL);

        public bool IsEmpty => A == 0 && B == 0;

        public Hash Add(string text)
        {
            var a = A;
            var b = B;
            foreach (var c in text)
            {
                a = (a ^ c) * 1099511628211UL;
                b = (b ^ c) * 0x100000001B3UL + 0x2545F4914F6CDD1DUL;
                b ^= b >> 29;
            }

            // A separator, so that "ab" + "c" differs from "a" + "bc".
            a = (a ^ 0xFFFF) * 1099511628211UL;
            b = ((b ^ 0xFFFF) * 0x100000001B3UL) ^ (b >> 31);
            return new Hash(a, b);
        }

        public Hash Add(Hash other)
            => new(((A ^ other.A) * 1099511628211UL) ^ (A >> 17), ((B * 0x100000001B3UL) ^ other.B ^ (other.B >> 23)) * 0x2545F4914F6CDD1DUL);

        /// <summary>Adds the node's tokens (not its trivia), leaving out method, accessor and operator bodies.</summary>
        public Hash AddTokens(SyntaxNode node)
        {
            var hash = this;
            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.IsToken)
                {
                    hash = hash.Add(child.AsToken().Text);
                }
                else if (child.AsNode() is { } inner)
                {
                    hash = IsBody(inner) ? hash.Add("{body}") : hash.AddTokens(inner);
                }
            }

            return hash;
        }

        private static bool IsBody(SyntaxNode node)
            => node is BlockSyntax or ArrowExpressionClauseSyntax
               && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax;
    }
}
