using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Forward;

/// <summary>
/// Builds a method's forward-mode program: the method's model with a passive parameter for each input's tangent
/// (and, for second order, an out parameter for the value), lowered, and transformed by <see cref="TangentTransform"/>.
/// </summary>
internal static class ForwardModel
{
    /// <summary>The inputs forward mode takes a tangent for: active parameters, except spans the method writes (outputs).</summary>
    public static IEnumerable<ParameterModel> Inputs(MethodModel model) => model.Parameters.Where(p => p.IsActive && !p.IsArrayOutput);

    /// <summary>The results of a vector function: the span parameters it writes, with a derivative.</summary>
    public static IEnumerable<ParameterModel> Outputs(MethodModel model) => model.Parameters.Where(p => p.IsArrayOutput && p.IsActiveOutput);

    /// <summary>A method returning void whose results are spans it writes (<c>void F(ReadOnlySpan&lt;double&gt; x, Span&lt;double&gt; y)</c>).</summary>
    public static bool IsVectorFunction(MethodModel model)
        => model.IsVoid && model.StructResult is null && Outputs(model).Any() && !model.Parameters.Any(p => p.IsOut || p.IsRef);

    /// <summary>The constructs forward mode does not handle yet: each gets a diagnostic instead of a wrong tangent.</summary>
    public static string? Unsupported(MethodModel model, bool secondOrder = false)
    {
        if (model.ActiveReceiver is not null || model.StructResult is not null)
        {
            return "struct receivers and struct results are not supported in forward mode yet";
        }

        if (model.Parameters.Any(p => p.IsOut || p.IsRef))
        {
            return "out and ref parameters are not supported in forward mode yet";
        }

        if (secondOrder && (model.FieldInputs.Count > 0 || model.FlatArrays.Count > 0 || model.Parameters.Any(p => p.IsStruct || p.Type.IsJagged || p.Type.Rank > 1)))
        {
            return "struct parameters, multidimensional and jagged arrays have forward mode (Jvp) but no second order yet; pass spans of double/float";
        }

        return null;
    }

    /// <summary>
    /// The forward-mode program of <paramref name="model"/>, whose input tangents are parameters named by
    /// <paramref name="tangentName"/> (a scalar's tangent a scalar, an array's a read-only span), after the method's
    /// own; its result is the tangent. The model returned is the program's own: the method with those parameters.
    /// </summary>
    /// <param name="secondOrder">The program will be differentiated again (its callees need their second order).</param>
    public static (TangentProgram Program, MethodModel Model) Build(MethodModel model, System.Func<ParameterModel, string> tangentName, string seedName, bool secondOrder = false)
    {
        var tangents = Inputs(model).ToDictionary(p => p.Name, tangentName);
        var parameters = model.Parameters.ToList();
        // Differentiated again, a tangent is an input like any other: a caller's tangents depend on its inputs, so the
        // second-order pullback must pass their adjoints on (the top-level Hvp just drops its own directions').
        parameters.AddRange(Inputs(model).Select(p => new ParameterModel(tangents[p.Name], TangentType(p.Type), secondOrder)));
        // The value, a passive out result: the program computes it anyway, and Tangent and TangentPullback hand it out.
        var value = new ParameterModel(ValueName(model), model.ReturnType, false) { IsOut = true };
        parameters.Add(value);
        var extended = model with { Parameters = parameters.ToEquatableArray() };
        var ir = DeadCodeElimination.Run(Lowering.Lower(extended, seedName));
        var program = TangentTransform.Transform(ir, tangents, secondOrder);
        program = program with { Method = program.Method with { Outputs = System.Collections.Immutable.ImmutableArray.Create((value, program.Value)) } };
        return (program, extended);
    }

    /// <summary>The out parameter of Tangent and TangentPullback that receives the value.</summary>
    public static string ValueName(MethodModel model) => FreeName(model, "value");

    /// <summary>A name for a generated parameter, <paramref name="wanted"/> unless the method already uses it (then underscores first).</summary>
    public static string FreeName(MethodModel model, string wanted, IEnumerable<string>? alsoTaken = null)
    {
        var taken = new HashSet<string>(model.Parameters.Select(p => p.Name).Concat(model.Locals.Select(l => l.Id)).Concat(alsoTaken ?? Enumerable.Empty<string>()));
        while (taken.Contains(wanted))
        {
            wanted = "_" + wanted;
        }

        return wanted;
    }

    /// <summary>A tangent input's type: a scalar's own, an array's a read-only span of its elements.</summary>
    public static TypeRef TangentType(TypeRef type)
        => !type.IsArray || type.Rank > 1 || type.IsJagged ? type // a scalar, a struct, a matrix, a jagged array: the same type
            : new TypeRef(ValueKind.Array, "global::System.ReadOnlySpan<" + (type.StructElement ?? type.Element!.Name) + ">", type.Element) { StructElement = type.StructElement };
}
