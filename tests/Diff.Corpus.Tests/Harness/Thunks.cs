using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Corpus.Tests.Harness;

/// <summary>How the harness passes one parameter: every value travels as a <c>double[]</c> (length 1 for a scalar).</summary>
public enum ParamKind
{
    Real,
    Integer,
    Bool,
    RealArray,

    /// <summary>A passive int[] / Span&lt;int&gt; (counts, indices): small non-negative values.</summary>
    IntegerArray,

    /// <summary>A struct of floating-point fields (<see cref="ParamPlan.Fields"/>), travelling as its fields' values.</summary>
    Struct,

    /// <summary>A <c>double[,]</c>: the largest square matrix the values fill, row-major (the rest are unused).</summary>
    RealMatrix,

    /// <summary>A <c>double[][]</c>: rows of lengths 1, 2, 3, … filled from the values in order (the last takes the rest).</summary>
    RealJagged,
}

public sealed record ParamPlan(string Name, ParamKind Kind, bool Active, bool IsFloat, string TypeName)
{
    /// <summary>An array the method writes (its Pullback takes a seed span for its final elements, <c>seed_{Name}</c>).</summary>
    public bool Written { get; init; }

    /// <summary>For a struct: its settable floating-point members, in declaration order.</summary>
    public string[] Fields { get; init; } = System.Array.Empty<string>();
}

/// <summary>A method with generated code that the harness will call through thunks compiled next to it.</summary>
public sealed class MethodPlan
{
    public required MethodResult Result { get; init; }

    public required IMethodSymbol Symbol { get; init; }

    public required ParamPlan[] Params { get; init; }

    public required bool ReturnsFloat { get; init; }

    public required int Index { get; init; }

    public TimeSpan Elapsed { get; set; }

    public string P => "__CorpusP" + Index;

    public string G => "__CorpusG" + Index;

    public string B => "__CorpusB" + Index;

    /// <summary>
    /// Describes the parameters for the harness, or returns why it cannot call the method. Active parameters are
    /// those the contract differentiates: double/float scalars, arrays and spans not marked [NoDerivative].
    /// </summary>
    public static string? Describe(IMethodSymbol method, out ParamPlan[] plans)
    {
        plans = Array.Empty<ParamPlan>();

        // Arrays the method writes: its Pullback takes a seed span for each (seed_<name>).
        var pullback = method.ContainingType.GetMembers(method.Name + "Pullback").OfType<IMethodSymbol>().FirstOrDefault();
        var written = new HashSet<string>(pullback?.Parameters
            .Where(p => p.Name.StartsWith("seed_", StringComparison.Ordinal) && p.Type is INamedTypeSymbol { Name: "ReadOnlySpan" })
            .Select(p => p.Name.Substring("seed_".Length)) ?? Enumerable.Empty<string>());
        if (method.ReturnsVoid && written.Count == 0)
        {
            return "a void method with out results has a Pullback and no Grad: its callers' gradients check it";
        }

        if (method.IsGenericMethod)
        {
            return "generic method";
        }

        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType)
            {
                return "generic containing type";
            }
        }

        var list = new List<ParamPlan>();
        foreach (var p in method.Parameters)
        {
            if (p.RefKind is not (RefKind.None or RefKind.In))
            {
                return $"parameter '{p.Name}' is {p.RefKind}";
            }

            var noDerivative = p.GetAttributes().Any(a => a.AttributeClass?.Name == "NoDerivativeAttribute");
            var type = p.Type;
            var typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (IsReal(type, out var isFloat))
            {
                list.Add(new ParamPlan(p.Name, ParamKind.Real, !noDerivative, isFloat, typeName));
            }
            else if (type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_UInt64)
            {
                list.Add(new ParamPlan(p.Name, ParamKind.Integer, false, false, typeName));
            }
            else if (type.TypeKind == TypeKind.Enum)
            {
                // An enum travels as its underlying integer (0, 1, 2, ...: the first members).
                list.Add(new ParamPlan(p.Name, ParamKind.Integer, false, false, typeName));
            }
            else if (type.SpecialType == SpecialType.System_Boolean)
            {
                list.Add(new ParamPlan(p.Name, ParamKind.Bool, false, false, typeName));
            }
            else if (RealElement(type) is { } element && IsReal(element, out var elementIsFloat))
            {
                list.Add(new ParamPlan(p.Name, ParamKind.RealArray, !noDerivative, elementIsFloat, typeName) { Written = written.Contains(p.Name) });
            }
            else if (RealElement(type) is { SpecialType: SpecialType.System_Int32 })
            {
                list.Add(new ParamPlan(p.Name, ParamKind.IntegerArray, false, false, typeName));
            }
            else if (type is IArrayTypeSymbol { Rank: 2, ElementType.SpecialType: SpecialType.System_Double })
            {
                list.Add(new ParamPlan(p.Name, ParamKind.RealMatrix, !noDerivative, false, typeName));
            }
            else if (type is IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Double } })
            {
                list.Add(new ParamPlan(p.Name, ParamKind.RealJagged, !noDerivative, false, typeName));
            }
            else if (StructFields(type) is { } fields)
            {
                list.Add(new ParamPlan(p.Name, ParamKind.Struct, !noDerivative, fields.IsFloat, typeName) { Fields = fields.Names });
            }
            else
            {
                return $"parameter '{p.Name}' of type {type.ToDisplayString()}";
            }
        }

        if (!method.IsStatic && method.ContainingType.IsAbstract)
        {
            return "instance method of an abstract type";
        }

        plans = list.ToArray();
        return null;
    }

    /// <summary>A struct whose instance fields are all double (or all float), each settable in an object initializer.</summary>
    private static (string[] Names, bool IsFloat)? StructFields(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false } named || named.SpecialType != SpecialType.None)
        {
            return null;
        }

        var names = new List<string>();
        var floats = new List<bool>();
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            if (!IsReal(field.Type, out var isFloat))
            {
                return null;
            }

            switch (field.AssociatedSymbol)
            {
                case IPropertySymbol { SetMethod: not null } property:
                    names.Add(property.Name);
                    break;
                case null when !field.IsReadOnly && field.CanBeReferencedByName:
                    names.Add(field.Name);
                    break;
                default:
                    return null;
            }

            floats.Add(isFloat);
        }

        return names.Count > 0 && floats.Distinct().Count() == 1 ? (names.ToArray(), floats[0]) : null;
    }

    private static bool IsReal(ITypeSymbol type, out bool isFloat)
    {
        isFloat = type.SpecialType == SpecialType.System_Single;
        return type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
    }

    private static ITypeSymbol? RealElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { Arity: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && named.Name is "Span" or "ReadOnlySpan")
        {
            return named.TypeArguments[0];
        }

        return null;
    }
}

/// <summary>
/// Writes, for each method to check, three static thunks into the method's own partial type (so private methods
/// and private nested types are reachable) with one shape the harness calls by reflection:
/// <c>double P(double[][] v)</c>, <c>double G(double[][] v, double[][] g)</c> and
/// <c>double B(double[][] v, double seed, double[][] g)</c>. Spans cannot go through reflection; the thunks build
/// them from arrays. Array arguments are fresh copies on every call, so a primal that writes its input cannot
/// change the point.
/// </summary>
public static class ThunkWriter
{
    public const string UtilClass = "__CorpusUtil";

    public static string Write(IEnumerable<MethodPlan> plans)
    {
        var sb = new StringBuilder();
        sb.AppendLine("#nullable disable");
        sb.AppendLine($"internal static class {UtilClass}");
        sb.AppendLine("{");
        sb.AppendLine("    public static float[] F(double[] a) { var r = new float[a.Length]; for (var i = 0; i < a.Length; i++) r[i] = (float)a[i]; return r; }");
        sb.AppendLine("    public static double[] D(double[] a) => (double[])a.Clone();");
        sb.AppendLine("    public static int[] I(double[] a) { var r = new int[a.Length]; for (var i = 0; i < a.Length; i++) r[i] = (int)a[i]; return r; }");
        sb.AppendLine("    public static void Copy(float[] s, double[] d) { for (var i = 0; i < s.Length; i++) d[i] = s[i]; }");
        sb.AppendLine("    public static void Copy(double[] s, double[] d) { for (var i = 0; i < s.Length; i++) d[i] = s[i]; }");
        sb.AppendLine("    public static double W(double[] a) { double s = 0; for (var i = 0; i < a.Length; i++) s += (1 + 0.25 * i) * a[i]; return s; }");
        sb.AppendLine("    public static double W(float[] a) { double s = 0; for (var i = 0; i < a.Length; i++) s += (1 + 0.25 * i) * a[i]; return s; }");
        sb.AppendLine("    public static double[] Seeds(int n, double scale) { var r = new double[n]; for (var i = 0; i < n; i++) r[i] = scale * (1 + 0.25 * i); return r; }");
        sb.AppendLine("    public static float[] SeedsF(int n, double scale) { var r = new float[n]; for (var i = 0; i < n; i++) r[i] = (float)(scale * (1 + 0.25 * i)); return r; }");
        sb.AppendLine("    public static double[,] M(double[] a) { var n = (int)System.Math.Sqrt(a.Length); var m = new double[n, n]; for (var i = 0; i < n * n; i++) m[i / n, i % n] = a[i]; return m; }");
        sb.AppendLine("    public static double[,] MZ(double[] a) { var n = (int)System.Math.Sqrt(a.Length); return new double[n, n]; }");
        sb.AppendLine("    public static void Copy(double[,] s, double[] d) { var n = s.GetLength(1); for (var i = 0; i < s.Length; i++) d[i] = s[i / n, i % n]; }");
        sb.AppendLine("    public static double[][] J(double[] a) { var rows = new System.Collections.Generic.List<double[]>(); var k = 0; for (var len = 1; k < a.Length; len++) { var take = System.Math.Min(len, a.Length - k); if (a.Length - k - take < len + 1) take = a.Length - k; rows.Add(a[k..(k + take)]); k += take; } return rows.ToArray(); }");
        sb.AppendLine("    public static double[][] JZ(double[] a) { var rows = J(a); for (var i = 0; i < rows.Length; i++) rows[i] = new double[rows[i].Length]; return rows; }");
        sb.AppendLine("    public static void Copy(double[][] s, double[] d) { var k = 0; foreach (var row in s) foreach (var x in row) d[k++] = x; }");
        sb.AppendLine("}");

        foreach (var plan in plans)
        {
            var method = plan.Symbol;
            var types = new List<INamedTypeSymbol>();
            for (var t = method.ContainingType; t is not null; t = t.ContainingType)
            {
                types.Insert(0, t);
            }

            var ns = method.ContainingType.ContainingNamespace;
            var hasNamespace = ns is { IsGlobalNamespace: false };
            if (hasNamespace)
            {
                sb.AppendLine($"namespace {ns!.ToDisplayString()} {{");
            }

            foreach (var t in types)
            {
                sb.AppendLine($"partial {Keyword(t)} {t.Name} {{");
            }

            WriteThunks(sb, plan);

            foreach (var _ in types)
            {
                sb.AppendLine("}");
            }

            if (hasNamespace)
            {
                sb.AppendLine("}");
            }
        }

        return sb.ToString();
    }

    private static string Keyword(INamedTypeSymbol type)
    {
        var syntax = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();
        return syntax switch
        {
            RecordDeclarationSyntax r when r.ClassOrStructKeyword.Text == "struct" => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };
    }

    private static void WriteThunks(StringBuilder sb, MethodPlan plan)
    {
        // An instance method is called on a receiver built by its richest numeric constructor (fields then hold
        // values, not zeros), else its parameterless one, else default / an uninitialised object.
        var name = plan.Symbol.Name;
        if (!plan.Symbol.IsStatic)
        {
            var receiver = "__CorpusR" + plan.Index;
            sb.AppendLine($"internal static {plan.Symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)} {receiver}() {{ try {{ return {Construction(plan.Symbol.ContainingType)}; }} catch {{ return {Fallback(plan.Symbol.ContainingType)}; }} }}");
            name = receiver + "()." + name;
        }

        if (plan.Params.Any(p => p.Written))
        {
            WriteThunksWithOutputs(sb, plan, name);
            return;
        }

        var real = plan.ReturnsFloat ? "float" : "double";
        var args = plan.Params.Select((p, i) => Argument(p, i)).ToList();

        // Primal.
        sb.AppendLine($"internal static double {plan.P}(double[][] v) => (double){name}({string.Join(", ", args)});");

        // Grad: original arguments, then out T / Span<T> per active parameter.
        var pre = new StringBuilder();
        var post = new StringBuilder();
        var gradArgs = new List<string>(args);
        for (var i = 0; i < plan.Params.Length; i++)
        {
            var p = plan.Params[i];
            if (!p.Active)
            {
                continue;
            }

            var element = p.IsFloat ? "float" : "double";
            if (p.Kind == ParamKind.Struct)
            {
                gradArgs.Add($"out {p.TypeName} __d{i}");
                for (var k = 0; k < p.Fields.Length; k++)
                {
                    post.Append($" g[{i}][{k}] = __d{i}.{p.Fields[k]};");
                }
            }
            else if (p.Kind == ParamKind.Real)
            {
                gradArgs.Add($"out {element} __d{i}");
                post.Append($" g[{i}][0] = __d{i};");
            }
            else if (p.Kind is ParamKind.RealMatrix or ParamKind.RealJagged)
            {
                pre.Append(p.Kind == ParamKind.RealMatrix ? $" var __d{i} = {UtilClass}.MZ(v[{i}]);" : $" var __d{i} = {UtilClass}.JZ(v[{i}]);");
                gradArgs.Add($"__d{i}");
                post.Append($" {UtilClass}.Copy(__d{i}, g[{i}]);");
            }
            else
            {
                pre.Append($" var __d{i} = new {element}[v[{i}].Length];");
                gradArgs.Add($"__d{i}");
                post.Append($" {UtilClass}.Copy(__d{i}, g[{i}]);");
            }
        }

        sb.AppendLine($"internal static double {plan.G}(double[][] v, double[][] g) {{{pre} var __r = {name}Grad({string.Join(", ", gradArgs)});{post} return (double)__r; }}");

        // Pullback: original arguments, seed, then ref T / Span<T> per active parameter, starting from g.
        pre.Clear();
        var pullArgs = new List<string>(args) { $"({real})seed" };
        for (var i = 0; i < plan.Params.Length; i++)
        {
            var p = plan.Params[i];
            if (!p.Active)
            {
                continue;
            }

            var element = p.IsFloat ? "float" : "double";
            if (p.Kind == ParamKind.Struct)
            {
                pre.Append($" var __d{i} = {StructValue(p, $"g[{i}]")};");
                pullArgs.Add($"ref __d{i}");
            }
            else if (p.Kind == ParamKind.Real)
            {
                pre.Append($" {element} __d{i} = ({element})g[{i}][0];");
                pullArgs.Add($"ref __d{i}");
            }
            else if (p.Kind is ParamKind.RealMatrix or ParamKind.RealJagged)
            {
                pre.Append(p.Kind == ParamKind.RealMatrix ? $" var __d{i} = {UtilClass}.M(g[{i}]);" : $" var __d{i} = {UtilClass}.J(g[{i}]);");
                pullArgs.Add($"__d{i}");
            }
            else
            {
                pre.Append(p.IsFloat ? $" var __d{i} = {UtilClass}.F(g[{i}]);" : $" var __d{i} = {UtilClass}.D(g[{i}]);");
                pullArgs.Add($"__d{i}");
            }
        }

        sb.AppendLine($"internal static double {plan.B}(double[][] v, double seed, double[][] g) {{{pre} var __r = {name}Pullback({string.Join(", ", pullArgs)});{post} return (double)__r; }}");
    }

    /// <summary>
    /// Thunks for a method that writes arrays: each travels as a local copy, and the value the harness differentiates
    /// is the method's value (0 for void) plus a fixed weighted sum of every written array's final elements,
    /// Σ (1 + k/4)·a[k]; Grad's and Pullback's thunks call Pullback with those weights as the written arrays' seeds
    /// (scaled by the seed), so the check covers every output, and the value from the arrays Pullback wrote is
    /// compared bit for bit with the primal's.
    /// </summary>
    private static void WriteThunksWithOutputs(StringBuilder sb, MethodPlan plan, string name)
    {
        var isVoid = plan.Symbol.ReturnsVoid;
        var real = plan.ReturnsFloat ? "float" : "double";
        var locals = new StringBuilder();
        var args = new List<string>();
        var weighted = new List<string>();
        for (var i = 0; i < plan.Params.Length; i++)
        {
            var p = plan.Params[i];
            if (p.Written)
            {
                locals.Append($" var __a{i} = {Argument(p, i)};");
                args.Add($"__a{i}");
                weighted.Add($"{UtilClass}.W(__a{i})");
            }
            else
            {
                args.Add(Argument(p, i));
            }
        }

        var total = string.Join(" + ", new[] { "__r" }.Concat(weighted));
        var call = isVoid ? $"{name}({string.Join(", ", args)}); double __r = 0;" : $"double __r = (double){name}({string.Join(", ", args)});";
        sb.AppendLine($"internal static double {plan.P}(double[][] v) {{{locals} {call} return {total}; }}");

        foreach (var (thunk, signature, scale) in new[] { (plan.G, "double[][] v, double[][] g", "1.0"), (plan.B, "double[][] v, double seed, double[][] g", "seed") })
        {
            var pre = new StringBuilder(locals.ToString());
            var post = new StringBuilder();
            var pullArgs = new List<string>(args);
            if (!isVoid)
            {
                pullArgs.Add($"({real})({scale})");
            }

            for (var i = 0; i < plan.Params.Length; i++)
            {
                var p = plan.Params[i];
                if (p.Written && p.Active)
                {
                    pullArgs.Add(p.IsFloat ? $"{UtilClass}.SeedsF(__a{i}.Length, {scale})" : $"{UtilClass}.Seeds(__a{i}.Length, {scale})");
                }
            }

            for (var i = 0; i < plan.Params.Length; i++)
            {
                var p = plan.Params[i];
                if (!p.Active)
                {
                    continue;
                }

                var element = p.IsFloat ? "float" : "double";
                var fromG = thunk == plan.B;
                switch (p.Kind)
                {
                    case ParamKind.Real:
                        pre.Append(fromG ? $" {element} __d{i} = ({element})g[{i}][0];" : $" {element} __d{i} = 0;");
                        pullArgs.Add($"ref __d{i}");
                        post.Append($" g[{i}][0] = __d{i};");
                        break;
                    case ParamKind.RealArray:
                        pre.Append(fromG ? (p.IsFloat ? $" var __d{i} = {UtilClass}.F(g[{i}]);" : $" var __d{i} = {UtilClass}.D(g[{i}]);") : $" var __d{i} = new {element}[v[{i}].Length];");
                        pullArgs.Add($"__d{i}");
                        post.Append($" {UtilClass}.Copy(__d{i}, g[{i}]);");
                        break;
                    default:
                        // Structs, matrices and jagged arrays next to written arrays: not combined here (a harness limit).
                        pre.Append(" throw new global::System.NotSupportedException(\"harness: a written array beside a " + p.Kind + " parameter\");");
                        break;
                }
            }

            var pullback = isVoid
                ? $"{name}Pullback({string.Join(", ", pullArgs)}); double __r = 0;"
                : $"double __r = (double){name}Pullback({string.Join(", ", pullArgs)});";
            sb.AppendLine($"internal static double {thunk}({signature}) {{{pre} {pullback}{post} return {total}; }}");
        }
    }

    private static readonly string[] ConstructorValues = { "1.25", "0.75", "2.5", "0.5", "1.5", "3.0", "0.25", "2.0" };

    private static string Construction(INamedTypeSymbol type)
    {
        var constructor = type.InstanceConstructors
            .Where(c => c.Parameters.All(p => p.RefKind == RefKind.None && (p.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 or SpecialType.System_Boolean)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null)
        {
            return Fallback(type);
        }

        var arguments = constructor.Parameters.Select((p, i) => p.Type.SpecialType switch
        {
            SpecialType.System_Int32 => "3",
            SpecialType.System_Boolean => "true",
            SpecialType.System_Single => ConstructorValues[i % ConstructorValues.Length] + "f",
            _ => ConstructorValues[i % ConstructorValues.Length],
        });
        return $"new {type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}({string.Join(", ", arguments)})";
    }

    private static string Fallback(INamedTypeSymbol type)
    {
        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return type.IsValueType ? $"default({name})" : $"({name})global::System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof({name}))";
    }

    /// <summary><c>new T { A = (float)a[0], B = (float)a[1] }</c>: a struct from its fields' values.</summary>
    private static string StructValue(ParamPlan p, string values)
        => "new " + p.TypeName + " { " + string.Join(", ", p.Fields.Select((f, k) => f + " = " + (p.IsFloat ? "(float)" : "") + values + "[" + k + "]")) + " }";

    private static string Argument(ParamPlan p, int i) => p.Kind switch
    {
        ParamKind.Struct => StructValue(p, $"v[{i}]"),
        ParamKind.Real => p.IsFloat ? $"(float)v[{i}][0]" : $"v[{i}][0]",
        ParamKind.Integer => $"({p.TypeName})v[{i}][0]",
        ParamKind.Bool => $"v[{i}][0] != 0",
        ParamKind.IntegerArray => $"{UtilClass}.I(v[{i}])",
        ParamKind.RealMatrix => $"{UtilClass}.M(v[{i}])",
        ParamKind.RealJagged => $"{UtilClass}.J(v[{i}])",
        _ => p.IsFloat ? $"{UtilClass}.F(v[{i}])" : $"{UtilClass}.D(v[{i}])",
    };
}
