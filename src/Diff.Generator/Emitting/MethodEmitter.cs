using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// Emits <c>{Name}Grad</c> and <c>{Name}Pullback</c> for one method, following the public contract in DESIGN.md.
/// Grad zeroes its gradient outputs and calls Pullback with seed 1, so the derivative code exists once; where it can
/// store into a buffer instead of clearing it and adding (see <see cref="GradSpecialization"/>) it has a body of its own.
/// </summary>
internal static class MethodEmitter
{
    public const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"DiffGen\", \"0.1.0\")]";

    private const string AggressiveInliningAttribute = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    public static GeneratedMethod Emit(MethodModel model)
    {
        var (seedName, body) = PullbackBody(model);

        var writer = new CodeWriter();
        var gradientBuffers = model.Parameters.Where(p => p.IsActive && p.IsArray).Select(p => p.GradientName);
        if (model.IsVoid)
        {
            // No value to take the gradient of: the pullback (one seed per out result) is the whole derivative.
        }
        else if (!model.Parameters.Any(p => p.IsOut || p.IsRef || p.IsArrayOutput) && GradSpecialization.Apply(body, gradientBuffers) is { } own)
        {
            EmitOwnGrad(model, seedName, own.Body, own.Written, writer);
            writer.Line();
        }
        else
        {
            EmitGrad(model, writer);
            writer.Line();
        }

        EmitPullback(model, seedName, body, writer);
        FieldShimEmitter.Emit(model, writer);
        StructResultEmitter.Emit(model, writer);
        var forwardProblem = ForwardModeEmitter.Emit(model, writer);
        return new GeneratedMethod(model.Containing, model.Name, writer.ToString()) { IgnoresInputs = body.IgnoresInputs, ForwardModeProblem = forwardProblem };
    }

    /// <summary>Lowers and differentiates <paramref name="model"/>: the pullback's body and the name of its seed parameter.</summary>
    public static (string SeedName, AdjointBody Body) PullbackBody(MethodModel model)
    {
        var seedName = SeedName(model);
        var ir = DeadCodeElimination.Run(Lowering.Lower(model, seedName));
        return (seedName, Differentiator.Differentiate(ir, seedName));
    }

    /// <summary>"seed", unless the primal already uses that name (callers pass it positionally anyway).</summary>
    public static string SeedName(MethodModel model)
    {
        var used = new System.Collections.Generic.HashSet<string>(model.Parameters.Select(p => p.Name).Concat(model.Locals.Select(l => l.Id)));
        var candidates = new[] { Differentiator.SeedName, "_" + Differentiator.SeedName }
            .Concat(Enumerable.Range(1, int.MaxValue - 1).Select(k => Differentiator.SeedName + "_" + k));
        return candidates.First(c => !used.Contains(c));
    }

    private static void EmitGrad(MethodModel model, CodeWriter writer)
    {
        var active = model.ActiveParameters.ToList();
        writer.Open(GradSignature(model, writer));
        EmitLengthChecks(model, writer);
        foreach (var parameter in active)
        {
            writer.Line(ClearGradient(parameter));
        }

        // After a null-tolerant length check (see EmitLengthChecks) the compiler thinks an array may be null.
        var arguments = model.Parameters.Select(p => (p.IsOut ? "out " : p.IsRef ? "ref " : string.Empty) + Identifier.Escape(p.Name) + (NullTolerant(model, p) ? "!" : string.Empty))
            .Concat(new[] { CSharpLiteral.Of(model.ReturnType, 1) })
            .Concat(model.Parameters.Where(p => p.IsActiveOutput).Select(p => p.IsArrayOutput ? "default" : CSharpLiteral.Default(p.Type)))
            .Concat(active.Select(p => p.IsArray ? Identifier.Escape(p.GradientName) : "ref " + Identifier.Escape(p.GradientName)));
        writer.Line("return " + model.PullbackName + "(" + string.Join(", ", arguments) + ");");
        writer.Close();
    }

    /// <summary>Writes Grad's documentation comment and attribute; returns its signature.</summary>
    private static string GradSignature(MethodModel model, CodeWriter writer)
    {
        var active = model.ActiveParameters.ToList();
        var parameters = model.Parameters.Select(Declaration)
            .Concat(active.Select(p => p.IsArray ? p.Type.SpanName + " " + Identifier.Escape(p.GradientName) : "out " + p.Type.Name + " " + Identifier.Escape(p.GradientName)));
        writer.Line("/// <summary>");
        writer.Line("/// Returns <c>" + model.Name + "(" + string.Join(", ", model.Parameters.Select(p => Identifier.Escape(p.Name))) + ")</c>, bit-for-bit, and its gradient" +
            (active.Count == 0 ? " (no parameter is active)." : ": " + string.Join(", ", active.Select(p => "∂" + model.Name + "/∂" + p.Name + " in <paramref name=\"" + p.GradientName + "\"/>")) + "."));
        writer.Line("/// Generated by DiffGen from the [Differentiable] method.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCodeAttribute);
        return model.Accessibility + Static(model) + model.ReturnType.Name + " " + model.GradName + model.TypeParameters + "(" + string.Join(", ", parameters) + ")" + model.Constraints;
    }

    /// <summary>
    /// Grad with a body of its own (see <see cref="GradSpecialization"/>): the pullback's, seed 1, storing into the
    /// buffers in <paramref name="written"/> instead of clearing them and adding.
    /// </summary>
    private static void EmitOwnGrad(MethodModel model, string seedName, AdjointBody body, System.Collections.Immutable.ImmutableHashSet<string> written, CodeWriter writer)
    {
        var active = model.ActiveParameters.ToList();
        writer.Open(GradSignature(model, writer));
        EmitLengthChecks(model, writer);
        foreach (var parameter in active.Where(p => !written.Contains(p.GradientName)))
        {
            writer.Line(ClearGradient(parameter));
        }

        EmitFlatSpans(model, writer);
        writer.Line("// The pullback's code with seed 1; " + string.Join(", ", written.OrderBy(w => w, System.StringComparer.Ordinal).Select(w => "'" + w + "'")) + " stored, not cleared and added into.");
        writer.Line(model.ReturnType.Name + " " + Identifier.Escape(seedName) + " = " + CSharpLiteral.Of(model.ReturnType, 1) + ";");
        EmitBody(body, writer);
        writer.Close();
    }

    public static void EmitPullback(MethodModel model, string seedName, AdjointBody body, CodeWriter writer, string? summary = null)
    {
        var active = model.ActiveParameters.ToList();
        var parameters = model.Parameters.Select(Declaration)
            .Concat(model.IsVoid ? System.Array.Empty<string>() : new[] { model.ReturnType.Name + " " + seedName })
            .Concat(model.Parameters.Where(p => p.IsActiveOutput).Select(p => (p.IsArrayOutput ? "global::System.ReadOnlySpan<" + p.Type.Element!.Name + ">" : p.Type.Name) + " " + p.SeedName))
            .Concat(active.Select(p => p.IsArray ? p.Type.SpanName + " " + Identifier.Escape(p.GradientName) : "ref " + p.Type.Name + " " + Identifier.Escape(p.GradientName)));
        writer.Line("/// <summary>");
        writer.Line(summary ?? "/// Vector-Jacobian product of <c>" + model.Name + "</c>: adds <paramref name=\"" + seedName + "\"/> times each partial derivative to its gradient parameter" +
            (active.Count == 0 ? "" : " (" + string.Join(", ", active.Select(p => "<paramref name=\"" + p.GradientName + "\"/>")) + ")") + " and returns the value.");
        writer.Line("/// Generated by DiffGen from the [Differentiable] method.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCodeAttribute);
        // Inlined, Grad's seed 1 is a constant the JIT folds into the derivative code (every ×seed disappears).
        writer.Line(AggressiveInliningAttribute);
        writer.Open(model.Accessibility + Static(model) + (model.IsVoid ? "void" : model.ReturnType.Name) + " " + model.PullbackName + model.TypeParameters + "(" + string.Join(", ", parameters) + ")" + model.Constraints);
        EmitLengthChecks(model, writer);
        EmitSeedLengthChecks(model, writer);
        EmitFlatSpans(model, writer);
        EmitBody(body, writer, returnsValue: !model.IsVoid);
        writer.Close();
    }

    /// <summary>The forward sweep, the reverse sweep, the accumulation and the return.</summary>
    private static void EmitBody(AdjointBody body, CodeWriter writer, bool returnsValue = true)
    {
        if (body.TapeName is not null)
        {
            writer.Line("var " + body.TapeName + " = global::DiffGen.Generated.LocalTape.Rent();");
        }

        writer.Line("// Forward sweep: the primal, one operation per statement.");
        foreach (var statement in body.Forward)
        {
            CodePrinter.Print(statement, writer);
        }

        if (body.Reverse.Length > 0)
        {
            writer.Line();
            writer.Line("// Reverse sweep: adjoints (_d_*) in reverse order.");
            foreach (var statement in body.Reverse)
            {
                CodePrinter.Print(statement, writer);
            }
        }

        if (body.Accumulate.Length > 0)
        {
            writer.Line();
            foreach (var statement in body.Accumulate)
            {
                CodePrinter.Print(statement, writer);
            }
        }

        foreach (var statement in body.Cleanup)
        {
            CodePrinter.Print(statement, writer);
        }

        if (body.TapeName is not null)
        {
            writer.Line("global::DiffGen.Generated.LocalTape.Return(" + body.TapeName + ");");
        }

        if (returnsValue)
        {
            writer.Line("return " + CodePrinter.Print(body.Result) + ";");
        }
    }

    /// <summary>Grad's zeroing of a gradient output before the pullback adds into it.</summary>
    public static string ClearGradient(ParameterModel parameter)
        => !parameter.IsArray ? Identifier.Escape(parameter.GradientName) + " = " + CSharpLiteral.Default(parameter.Type) + ";"
            : parameter.Type.Rank > 1 ? "global::System.Array.Clear(" + Identifier.Escape(parameter.GradientName) + ");"
            : parameter.Type.IsJagged ? "global::DiffGen.Generated.JaggedShape.Clear(" + Identifier.Escape(parameter.GradientName) + ");"
            : Identifier.Escape(parameter.GradientName) + ".Clear();";

    /// <summary>
    /// The views the body reads its inputs through, without gradients: a struct parameter's fields, a matrix's or a
    /// struct span's flat span (forward mode declares its tangents' beside them).
    /// </summary>
    public static void EmitInputViews(MethodModel model, CodeWriter writer)
        => EmitFlatSpans(model with { FlatArrays = model.FlatArrays.Select(f => f with { GradientFlatId = null }).ToEquatableArray() }, writer);

    /// <summary>A multidimensional parameter and its gradient as flat spans over their elements (row-major, as .NET stores them).</summary>
    private static void EmitFlatSpans(MethodModel model, CodeWriter writer)
    {
        foreach (var input in model.FieldInputs)
        {
            // A struct parameter's field, read once: an input of its own.
            writer.Line(input.Field.Type.Name + " " + Identifier.Escape(input.Id) + " = " + (input.Parameter == "this" ? "this" : Identifier.Escape(input.Parameter)) + "." + input.Field.Member + ";");
        }

        foreach (var flat in model.FlatArrays.Where(f => f.StructType is not null))
        {
            // A span of structs as a flat span of their fields (element i's field j is flat element i·fields + j).
            var cast = "global::System.Runtime.InteropServices.MemoryMarshal.Cast<" + flat.StructType + ", " + flat.Element.Name + ">(";
            writer.Line("global::System.ReadOnlySpan<" + flat.Element.Name + "> " + Identifier.Escape(flat.FlatId) + " = " + cast + "(global::System.ReadOnlySpan<" + flat.StructType + ">)" + Identifier.Escape(flat.Array) + ");");
            if (flat.GradientFlatId is { } gradient)
            {
                writer.Line("global::System.Span<" + flat.Element.Name + "> " + Identifier.Escape(gradient) + " = " + cast + Identifier.Escape("d" + flat.Array) + ");");
            }
        }

        foreach (var flat in model.FlatArrays.Where(f => f.StructType is null))
        {
            writer.Line("global::System.ReadOnlySpan<" + flat.Element.Name + "> " + Identifier.Escape(flat.FlatId) + " = global::DiffGen.Generated.FlatSpan.Of<" + flat.Element.Name + ">(" + Identifier.Escape(flat.Array) + ");");
            if (flat.GradientFlatId is { } gradient)
            {
                writer.Line("global::System.Span<" + flat.Element.Name + "> " + Identifier.Escape(gradient) + " = global::DiffGen.Generated.FlatSpan.Of<" + flat.Element.Name + ">(" + Identifier.Escape("d" + flat.Array) + ");");
            }
        }
    }

    /// <summary>A gradient buffer must match its input's length; the message names both and changes nothing.</summary>
    private static void EmitLengthChecks(MethodModel model, CodeWriter writer)
    {
        foreach (var parameter in model.Parameters.Where(p => p.IsActive && p.IsArray && p.Type.Rank > 1))
        {
            // A matrix's gradient has its shape: every dimension must match.
            var input = Identifier.Escape(parameter.Name);
            var gradient = Identifier.Escape(parameter.GradientName);
            var notNull = NullTolerant(model, parameter) ? input + " is not null && " : string.Empty;
            var dimensions = Enumerable.Range(0, parameter.Type.Rank).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            writer.Open("if (" + notNull + "(" + string.Join(" || ", dimensions.Select(k => gradient + ".GetLength(" + k + ") != " + input + ".GetLength(" + k + ")")) + "))");
            writer.Line("throw new global::System.ArgumentException($\"The gradient buffer '" + parameter.GradientName + "' has dimensions {" + string.Join("}×{", dimensions.Select(k => gradient + ".GetLength(" + k + ")")) + "} but '" + parameter.Name + "' has {" + string.Join("}×{", dimensions.Select(k => input + ".GetLength(" + k + ")")) + "}; they must be equal.\", nameof(" + gradient + "));");
            writer.Close();
        }

        foreach (var parameter in model.Parameters.Where(p => p.IsActive && p.IsArray && p.Type.IsJagged))
        {
            // A jagged array's gradient has its shape: as many rows, each as long as the input's.
            var input = Identifier.Escape(parameter.Name);
            var gradient = Identifier.Escape(parameter.GradientName);
            var call = "global::DiffGen.Generated.JaggedShape.Check(" + input + ", " + gradient + ", \"" + parameter.Name + "\", \"" + parameter.GradientName + "\");";
            writer.Line(NullTolerant(model, parameter) ? "if (" + input + " is not null) " + call : call);
        }

        foreach (var parameter in model.Parameters.Where(p => p.IsActive && p.IsArray && p.Type.Rank == 1 && !p.Type.IsJagged))
        {
            var input = Identifier.Escape(parameter.Name);
            var gradient = Identifier.Escape(parameter.GradientName);
            // A body with argument checks may test the array for null itself: let a null reach that check.
            var notNull = NullTolerant(model, parameter) ? input + " is not null && " : string.Empty;
            writer.Open("if (" + notNull + gradient + ".Length != " + input + ".Length)");
            writer.Line("throw new global::System.ArgumentException($\"The gradient buffer '" + parameter.GradientName + "' has length {" + gradient + ".Length} but '" + parameter.Name + "' has length {" + input + ".Length}; they must be equal.\", nameof(" + gradient + "));");
            writer.Close();
        }
    }

    /// <summary>An array output's seed holds one adjoint per element, or none (Grad passes an empty span: no seed).</summary>
    private static void EmitSeedLengthChecks(MethodModel model, CodeWriter writer)
    {
        foreach (var parameter in model.Parameters.Where(p => p.IsArrayOutput && p.IsActiveOutput))
        {
            var input = Identifier.Escape(parameter.Name);
            var seed = Identifier.Escape(parameter.SeedName);
            writer.Open("if (" + seed + ".Length != 0 && " + seed + ".Length != " + input + ".Length)");
            writer.Line("throw new global::System.ArgumentException($\"The seed '" + parameter.SeedName + "' has length {" + seed + ".Length} but '" + parameter.Name + "' has length {" + input + ".Length}; they must be equal (or the seed empty).\", nameof(" + seed + "));");
            writer.Close();
        }
    }

    /// <summary>
    /// A generated method's signature: the primal's accessibility and staticness, <paramref name="returns"/>, the name,
    /// the primal's type parameters, the parameters and the primal's constraints (a generic math method's derivatives
    /// are generic in the same way).
    /// </summary>
    public static string Signature(MethodModel model, string returns, string name, System.Collections.Generic.IEnumerable<string> parameters)
        => model.Accessibility + Static(model) + returns + " " + name + model.TypeParameters + "(" + string.Join(", ", parameters) + ")" + model.Constraints;

    /// <summary>" static " for a static primal; an instance method's derivatives are instance methods (the receiver is passive).</summary>
    public static string Static(MethodModel model) => model.IsInstance ? " " : " static ";

    private static bool NullTolerant(MethodModel model, ParameterModel parameter)
        => model.Throws && parameter.IsActive && parameter.Type.Name.EndsWith("]", System.StringComparison.Ordinal);

    /// <summary>A primal parameter as Grad and Pullback declare it (an out parameter stays out: they return it too).</summary>
    public static string Declaration(ParameterModel p) => (p.IsOut ? "out " : p.IsRef ? "ref " : p.IsIn ? "in " : string.Empty) + p.Type.Name + " " + Identifier.Escape(p.Name);
}
