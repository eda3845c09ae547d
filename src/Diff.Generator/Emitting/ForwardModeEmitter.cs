using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Forward;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// The opt-in modes beside Grad and Pullback: <c>{Name}Jvp</c> (forward mode) and <c>{Name}Vjp</c> for a method
/// with <c>Modes = DiffModes.Forward</c>; the second-order methods (<see cref="HessianEmitter"/>); and for a vector
/// function, always, its Jacobian (<see cref="JacobianEmitter"/>). Every one keeps the contract: the value bit for bit,
/// inputs never written, nothing allocated per call after warm-up.
/// </summary>
internal static class ForwardModeEmitter
{
    /// <summary>Writes the methods the model asks for; returns why forward mode could not be emitted when it was asked for, else null.</summary>
    public static string? Emit(MethodModel model, CodeWriter writer)
    {
        var vector = ForwardModel.IsVectorFunction(model);
        if (!model.WantsForward && !vector)
        {
            return null;
        }

        var problem = ForwardModel.Unsupported(model);
        var noSecondOrder = ForwardModel.Unsupported(model, secondOrder: true);
        if (!model.WantsForward && noSecondOrder is not null)
        {
            return null; // a vector function's Jacobian is emitted by default only for spans and scalars
        }

        // One forward-mode program serves Jvp, Tangent and, differentiated again, the second order.
        TangentProgram? program = null;
        MethodModel? programModel = null;
        var secondOrder = model.WantsHessian && !model.IsVoid && noSecondOrder is null;
        if (problem is null)
        {
            try
            {
                (program, programModel) = ForwardModel.Build(model, p => TangentName(model, p), ForwardModel.FreeName(model, "seed"), secondOrder);
            }
            catch (ForwardModeUnsupportedException unsupported) when (secondOrder)
            {
                // What second order cannot go through (a callee without it) may still have forward mode.
                noSecondOrder = unsupported.Message;
                (program, programModel, problem) = FirstOrderOnly(model);
            }
            catch (ForwardModeUnsupportedException unsupported)
            {
                problem = unsupported.Message;
            }
        }

        if (program is not null)
        {
            EmitJvp(model, program, writer);
            if (!model.IsVoid)
            {
                EmitTangent(model, program, writer);
            }
        }

        if (vector && noSecondOrder is null)
        {
            EmitVectorVjp(model, writer);
            JacobianEmitter.Emit(model, forward: program is not null, problem, writer);
        }
        else if (model.WantsForward && problem is null && !model.IsVoid)
        {
            EmitScalarVjp(model, writer);
        }

        if (model.WantsHessian && problem is null && !model.IsVoid)
        {
            if (noSecondOrder is null)
            {
                HessianEmitter.Emit(model, program!, programModel!, writer);
            }

            problem = noSecondOrder;
        }

        return model.WantsForward || model.WantsHessian ? problem : null;
    }

    private static (TangentProgram? Program, MethodModel? Model, string? Problem) FirstOrderOnly(MethodModel model)
    {
        try
        {
            var (program, programModel) = ForwardModel.Build(model, p => TangentName(model, p), ForwardModel.FreeName(model, "seed"));
            return (program, programModel, null);
        }
        catch (ForwardModeUnsupportedException unsupported)
        {
            return (null, null, unsupported.Message);
        }
    }

    /// <summary>The tangent parameter of a parameter in Jvp and Tangent, an input's or a written span's: <c>dx</c> for <c>x</c>.</summary>
    public static string TangentName(MethodModel model, ParameterModel parameter) => ForwardModel.FreeName(model, parameter.GradientName);

    private static void EmitJvp(MethodModel model, TangentProgram program, CodeWriter writer)
    {
        var inputs = ForwardModel.Inputs(model).ToList();
        var outputs = ForwardModel.Outputs(model).ToList();
        var tangentInputs = inputs.Select(p => ForwardModel.TangentType(p.Type).Name + " " + Identifier.Escape(TangentName(model, p)));
        var tangentOutputs = outputs.Select(p => p.Type.SpanName + " " + Identifier.Escape(TangentName(model, p)));
        var parameters = model.Parameters.Select(MethodEmitter.Declaration).Concat(tangentInputs).Concat(tangentOutputs);
        var returns = model.IsVoid ? "void" : "(" + model.ReturnType.Name + " Value, " + model.ReturnType.Name + " Tangent)";
        var along = string.Join(" + ", inputs.Select(p => "∂" + model.Name + "/∂" + p.Name + "·" + TangentName(model, p)));

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line(model.IsVoid
            ? "/// Forward mode of <c>" + model.Name + "</c> (a Jacobian-vector product): writes its results as the method does, and into " + string.Join(", ", outputs.Select(p => "<paramref name=\"" + TangentName(model, p) + "\"/>")) + " their directional derivatives along the input tangents (" + string.Join(", ", inputs.Select(p => "<paramref name=\"" + TangentName(model, p) + "\"/>")) + "). No tape; nothing allocated after warm-up."
            : "/// Forward mode of <c>" + model.Name + "</c> (a Jacobian-vector product): returns its value, bit-for-bit, and its directional derivative " + along + ". No tape; nothing allocated after warm-up.");
        writer.Line("/// Generated by DiffGen from the [Differentiable] method.");
        writer.Line("/// </summary>");
        writer.Line(MethodEmitter.GeneratedCodeAttribute);
        writer.Open(MethodEmitter.Signature(model, returns, model.Name + "Jvp", parameters));
        foreach (var parameter in inputs.Where(p => p.IsArray))
        {
            ShapeCheck(writer, parameter, TangentName(model, parameter));
        }

        foreach (var parameter in outputs)
        {
            LengthCheck(writer, TangentName(model, parameter), parameter.Name, "tangent");
        }

        EmitViews(model, program, writer);
        EmitProgram(model, program, writer);
        if (!model.IsVoid)
        {
            writer.Line("return (" + CodePrinter.Print(Lowering.ToCode(program.Value)) + ", " + CodePrinter.Print(Lowering.ToCode(program.Method.Result)) + ");");
        }

        writer.Close();
    }

    /// <summary>
    /// <c>{Name}Tangent</c>: the directional derivative alone, ∇F·dx. It is what a caller's forward mode calls, and,
    /// differentiated again, what its second order goes through (<c>{Name}TangentPullback</c>).
    /// </summary>
    private static void EmitTangent(MethodModel model, TangentProgram program, CodeWriter writer)
    {
        var inputs = ForwardModel.Inputs(model).ToList();
        var value = ForwardModel.ValueName(model);
        var parameters = model.Parameters.Select(MethodEmitter.Declaration).Concat(inputs.Select(p => ForwardModel.TangentType(p.Type).Name + " " + Identifier.Escape(TangentName(model, p))))
            .Append("out " + model.ReturnType.Name + " " + Identifier.Escape(value));
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The directional derivative of <c>" + model.Name + "</c> (what " + model.Name + "Jvp returns as its tangent), the value in <paramref name=\"" + value + "\"/>: the form calls from other methods' forward mode take.");
        writer.Line("/// Generated by DiffGen from the [Differentiable] method.");
        writer.Line("/// </summary>");
        writer.Line(MethodEmitter.GeneratedCodeAttribute);
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.Open(MethodEmitter.Signature(model, model.ReturnType.Name, model.Name + "Tangent", parameters));
        foreach (var parameter in inputs.Where(p => p.IsArray))
        {
            ShapeCheck(writer, parameter, TangentName(model, parameter));
        }

        // What the tangent and the value need (a value passed through a loop cell is kept before anything moves it).
        var needed = program with { Method = DeadCodeElimination.Run(program.Method) };
        EmitViews(model, needed, writer);
        EmitProgram(model, needed, writer);
        writer.Line(Identifier.Escape(value) + " = " + CodePrinter.Print(Lowering.ToCode(needed.Value)) + ";");
        writer.Line("return " + CodePrinter.Print(Lowering.ToCode(needed.Method.Result)) + ";");
        writer.Close();
    }

    /// <summary>
    /// The views the body reads its inputs through, and the same views of their tangents: a struct parameter's fields
    /// (<c>double p_X = p.X;</c>, <c>double _dot_p_X = dp.X;</c>) and a matrix's or struct span's flat span.
    /// </summary>
    private static void EmitViews(MethodModel model, TangentProgram program, CodeWriter writer)
    {
        MethodEmitter.EmitInputViews(model, writer);
        var tangentOf = ForwardModel.Inputs(model).ToDictionary(p => p.Name, p => Identifier.Escape(TangentName(model, p)));
        foreach (var input in model.FieldInputs.Where(f => program.ViewTangents.ContainsKey(f.Id)))
        {
            writer.Line(input.Field.Type.Name + " " + Identifier.Escape(program.ViewTangents[input.Id]) + " = " + tangentOf[input.Parameter] + "." + input.Field.Member + ";");
        }

        foreach (var flat in model.FlatArrays.Where(f => program.ViewTangents.ContainsKey(f.FlatId)))
        {
            var element = flat.Element.Name;
            writer.Line("global::System.ReadOnlySpan<" + element + "> " + Identifier.Escape(program.ViewTangents[flat.FlatId]) + " = " + (flat.StructType is null
                ? "global::DiffGen.Generated.FlatSpan.Of<" + element + ">(" + tangentOf[flat.Array] + ");"
                : "global::System.Runtime.InteropServices.MemoryMarshal.Cast<" + flat.StructType + ", " + element + ">(" + tangentOf[flat.Array] + ");"));
        }
    }

    /// <summary>A tangent has its input's shape: a span's length, a matrix's dimensions, a jagged array's rows.</summary>
    private static void ShapeCheck(CodeWriter writer, ParameterModel parameter, string tangent)
    {
        if (parameter.Type.IsJagged)
        {
            writer.Line("global::DiffGen.Generated.JaggedShape.Check(" + Identifier.Escape(parameter.Name) + ", " + Identifier.Escape(tangent) + ", \"" + parameter.Name + "\", \"" + tangent + "\");");
            return;
        }

        if (parameter.Type.Rank > 1)
        {
            var dimensions = Enumerable.Range(0, parameter.Type.Rank).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            writer.Open("if (" + string.Join(" || ", dimensions.Select(k => Identifier.Escape(tangent) + ".GetLength(" + k + ") != " + Identifier.Escape(parameter.Name) + ".GetLength(" + k + ")")) + ")");
            writer.Line("throw new global::System.ArgumentException(\"The tangent '" + tangent + "' must have the dimensions of '" + parameter.Name + "'.\", nameof(" + Identifier.Escape(tangent) + "));");
            writer.Close();
            return;
        }

        LengthCheck(writer, tangent, parameter.Name, "tangent");
    }

    /// <summary>The forward-mode program as statements, the written spans and their tangents copied out, the pooled arrays given back.</summary>
    private static void EmitProgram(MethodModel model, TangentProgram program, CodeWriter writer)
    {
        var outputs = ForwardModel.Outputs(model).ToList();
        var sweep = new ForwardSweep(new Dictionary<string, LoopPlan>(), null, new Dictionary<string, string>(), new Dictionary<string, FusedLoop>(), program.Method.Names);
        writer.Line("// Forward mode: the primal, each operation followed by its tangent (_dot_*).");
        foreach (var statement in NegationFolding.Fold(ZeroInitFolding.Fold(sweep.Region(program.Method.Body, tapeLoops: false))))
        {
            CodePrinter.Print(statement, writer);
        }

        foreach (var written in model.ArrayOutputs)
        {
            // A span the method writes: its working copy's final elements, and their tangents, go out.
            writer.Line(Identifier.Escape(written.Local) + ".CopyTo(" + Identifier.Escape(written.Parameter) + ");");
            var parameter = outputs.FirstOrDefault(p => p.Name == written.Parameter);
            if (parameter is not null)
            {
                writer.Line(program.ArrayTangents.TryGetValue(written.Local, out var tangent)
                    ? Identifier.Escape(tangent) + ".CopyTo(" + Identifier.Escape(TangentName(model, parameter)) + ");"
                    : Identifier.Escape(TangentName(model, parameter)) + ".Clear();");
            }
        }

        foreach (var statement in sweep.Cleanup(program.Method.Body))
        {
            CodePrinter.Print(statement, writer);
        }
    }

    /// <summary><c>{Name}Vjp</c> of a scalar function: seed·∇F written (not added) into the gradient parameters.</summary>
    private static void EmitScalarVjp(MethodModel model, CodeWriter writer)
    {
        var active = model.ActiveParameters.ToList();
        var seed = ForwardModel.FreeName(model, "u");
        var parameters = model.Parameters.Select(MethodEmitter.Declaration)
            .Concat(new[] { model.ReturnType.Name + " " + seed })
            .Concat(active.Select(p => p.IsArray ? p.Type.SpanName + " " + Identifier.Escape(p.GradientName) : "out " + p.Type.Name + " " + Identifier.Escape(p.GradientName)));
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Vector-Jacobian product of <c>" + model.Name + "</c>: writes <paramref name=\"" + seed + "\"/>·∂" + model.Name + "/∂p into each gradient parameter (overwriting it; Pullback adds) and returns the value, bit-for-bit.");
        writer.Line("/// Generated by DiffGen from the [Differentiable] method.");
        writer.Line("/// </summary>");
        writer.Line(MethodEmitter.GeneratedCodeAttribute);
        writer.Open(MethodEmitter.Signature(model, model.ReturnType.Name, model.Name + "Vjp", parameters));
        foreach (var parameter in active)
        {
            writer.Line(MethodEmitter.ClearGradient(parameter));
        }

        var arguments = model.Parameters.Select(p => Identifier.Escape(p.Name)).Concat(new[] { seed })
            .Concat(active.Select(p => p.IsArray ? Identifier.Escape(p.GradientName) : "ref " + Identifier.Escape(p.GradientName)));
        writer.Line("return " + model.PullbackName + "(" + string.Join(", ", arguments) + ");");
        writer.Close();
    }

    /// <summary>
    /// <c>{Name}Vjp</c> of a vector function: uᵀJ for a cotangent u of each written span, written (not added) into the
    /// inputs' gradient parameters. The written spans' own gradients (their elements on entry) go to pooled scratch.
    /// </summary>
    private static void EmitVectorVjp(MethodModel model, CodeWriter writer)
    {
        var inputs = ForwardModel.Inputs(model).ToList();
        var outputs = ForwardModel.Outputs(model).ToList();
        var seeds = outputs.ToDictionary(p => p.Name, p => CotangentName(model, p, outputs.Count));
        var parameters = model.Parameters.Select(MethodEmitter.Declaration)
            .Concat(outputs.Select(p => "global::System.ReadOnlySpan<" + p.Type.Element!.Name + "> " + seeds[p.Name]))
            .Concat(inputs.Select(p => p.IsArray ? p.Type.SpanName + " " + Identifier.Escape(p.GradientName) : "out " + p.Type.Name + " " + Identifier.Escape(p.GradientName)));
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Vector-Jacobian product of <c>" + model.Name + "</c>: writes its results as the method does, and uᵀ·J, for the cotangents " + string.Join(", ", outputs.Select(p => "<paramref name=\"" + seeds[p.Name] + "\"/>")) + " of its results, into " + string.Join(", ", inputs.Select(p => "<paramref name=\"" + p.GradientName + "\"/>")) + " (overwriting them).");
        writer.Line("/// Generated by DiffGen from the [Differentiable] method.");
        writer.Line("/// </summary>");
        writer.Line(MethodEmitter.GeneratedCodeAttribute);
        writer.Open(MethodEmitter.Signature(model, "void", model.Name + "Vjp", parameters));
        foreach (var output in outputs)
        {
            LengthCheck(writer, seeds[output.Name], output.Name, "cotangent");
        }

        foreach (var parameter in inputs)
        {
            writer.Line(MethodEmitter.ClearGradient(parameter));
        }

        var scratch = ScratchGradients(model, writer);
        writer.Line(model.PullbackName + "(" + string.Join(", ", PullbackArguments(model, seeds, p => p.IsArrayOutput ? scratch[p.Name] : p.IsArray ? Identifier.Escape(p.GradientName) : "ref " + Identifier.Escape(p.GradientName))) + ");");
        ReturnScratch(model, scratch, writer);
        writer.Close();
    }

    /// <summary>The cotangent parameter of a vector function's result: <c>u</c> for one result, <c>u_y</c> for each of several.</summary>
    public static string CotangentName(MethodModel model, ParameterModel output, int outputs)
        => ForwardModel.FreeName(model, outputs == 1 ? "u" : "u_" + output.Name);

    /// <summary>The arguments of a call to the vector function's Pullback: its parameters, the seeds, the gradients.</summary>
    public static IEnumerable<string> PullbackArguments(MethodModel model, IReadOnlyDictionary<string, string> seeds, System.Func<ParameterModel, string> gradient)
        => model.Parameters.Select(p => Identifier.Escape(p.Name))
            .Concat(model.Parameters.Where(p => p.IsActiveOutput).Select(p => seeds.TryGetValue(p.Name, out var s) ? s : "default"))
            .Concat(model.ActiveParameters.Select(gradient));

    /// <summary>Pooled, cleared buffers for the written spans' gradients (their elements on entry), which nobody asked for.</summary>
    public static Dictionary<string, string> ScratchGradients(MethodModel model, CodeWriter writer)
    {
        var scratch = new Dictionary<string, string>();
        foreach (var written in model.Parameters.Where(p => p.IsArrayOutput && p.IsActive))
        {
            scratch[written.Name] = ForwardModel.FreeName(model, "_scratch_d" + written.Name);
            TemporaryBuffers.Declare(writer, scratch[written.Name], written);
        }

        return scratch;
    }

    public static void ReturnScratch(MethodModel model, Dictionary<string, string> scratch, CodeWriter writer)
    {
        foreach (var written in model.Parameters.Where(p => scratch.ContainsKey(p.Name)))
        {
            TemporaryBuffers.Return(writer, scratch[written.Name], written);
        }
    }

    /// <summary>A buffer must be as long as the span it belongs to; the message names both and changes nothing.</summary>
    public static void LengthCheck(CodeWriter writer, string buffer, string of, string what)
    {
        writer.Open("if (" + Identifier.Escape(buffer) + ".Length != " + Identifier.Escape(of) + ".Length)");
        writer.Line("throw new global::System.ArgumentException($\"The " + what + " '" + buffer + "' has length {" + Identifier.Escape(buffer) + ".Length} but '" + of + "' has length {" + Identifier.Escape(of) + ".Length}; they must be equal.\", nameof(" + Identifier.Escape(buffer) + "));");
        writer.Close();
    }
}
