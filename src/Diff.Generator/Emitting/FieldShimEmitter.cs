using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// Writes a method's <c>{Name}ByFields</c> and <c>{Name}ByFieldsPullback</c> (see <see cref="FieldShim"/>): each
/// struct parameter (and an active receiver) becomes one parameter per field; the struct is built from them, the
/// method or its pullback called, and the struct gradient's fields added into the per-field gradients.
/// </summary>
internal static class FieldShimEmitter
{
    /// <summary>Whether callers may call the method through a shim: it has structs to take apart, and one value as its result.</summary>
    public static bool Applies(MethodModel model)
        => (model.ActiveReceiver is not null || model.Parameters.Any(p => p.IsStruct && p.IsActive))
            && !model.IsVoid && !model.Parameters.Any(p => p.IsOut || p.IsRef || p.IsArrayOutput) && HasDistinctNames(model);

    /// <summary>
    /// Whether the shim's parameters (each struct's fields as <c>p_X</c>, the other parameters as they are) have distinct
    /// names; when not, no shim is written (callers are told which parameter to rename).
    /// </summary>
    public static bool HasDistinctNames(MethodModel model)
    {
        var names = new HashSet<string>();
        var shimParameters = model.ActiveReceiver is null ? model.Parameters : model.Parameters.Prepend(model.ActiveReceiver);
        return shimParameters.All(p => p.IsStruct && p.IsActive
            ? p.StructFields.All(f => names.Add(FieldShim.LeafName(p.Name, f.Member)))
            : names.Add(p.Name));
    }

    public static void Emit(MethodModel model, CodeWriter writer)
    {
        if (!Applies(model))
        {
            return;
        }

        var receiver = model.ActiveReceiver;
        var structs = (receiver is null ? model.Parameters : model.Parameters.Prepend(receiver)).ToList();
        var primal = new List<string>();
        var gradients = new List<string>();
        foreach (var parameter in structs)
        {
            if (parameter.IsStruct && parameter.IsActive)
            {
                foreach (var field in parameter.StructFields)
                {
                    var leaf = FieldShim.LeafName(parameter.Name, field.Member);
                    primal.Add(field.Type.Name + " " + leaf);
                    if (!field.Passive)
                    {
                        gradients.Add("ref " + field.Type.Name + " d" + leaf);
                    }
                }
            }
            else
            {
                primal.Add(parameter.Type.Name + " " + Identifier.Escape(parameter.Name));
                if (parameter.IsActive)
                {
                    gradients.Add(parameter.IsArray ? parameter.Type.SpanName + " " + Identifier.Escape(parameter.GradientName) : "ref " + parameter.Type.Name + " " + Identifier.Escape(parameter.GradientName));
                }
            }
        }

        // Call the method itself (or its pullback) with the structs built from their fields.
        string Argument(ParameterModel p) => p.IsStruct && p.IsActive ? Built(p) : Identifier.Escape(p.Name);
        var call = receiver is null ? model.Name : Built(receiver) + "." + model.Name;
        var arguments = model.Parameters.Select(Argument).ToList();
        var returnType = model.ReturnType.Name;
        var name = model.Name + FieldShim.Suffix;
        var used = new HashSet<string>(structs.Select(p => p.Name));
        var seed = used.Contains("seed") ? "_seed" : "seed";
        var value = used.Contains("value") ? "_value" : "value";

        writer.Line();
        writer.Line("/// <summary><c>" + model.Name + "</c> as a function of its structs' fields, for generated callers that hold them as separate values.</summary>");
        writer.Line(MethodEmitter.GeneratedCodeAttribute);
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        // A passive receiver stays the receiver: the shim is an instance method too, called on the same object.
        var modifier = model.IsInstance && receiver is null ? " " : " static ";
        writer.Line(model.Accessibility + modifier + returnType + " " + name + "(" + string.Join(", ", primal) + ")");
        writer.Line("    => " + call + "(" + string.Join(", ", arguments) + ");");

        writer.Line();
        writer.Line("/// <summary>The pullback of <c>" + name + "</c>: the struct gradients' fields are added into the per-field gradients.</summary>");
        writer.Line(MethodEmitter.GeneratedCodeAttribute);
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.Open(model.Accessibility + modifier + returnType + " " + name + "Pullback(" + string.Join(", ", primal.Concat(new[] { returnType + " " + seed }).Concat(gradients)) + ")");
        var pullbackGradients = new List<string>();
        foreach (var parameter in model.ActiveParameters)
        {
            if (parameter.IsStruct)
            {
                writer.Line(parameter.Type.Name + " " + StructGradient(parameter) + " = default;");
                pullbackGradients.Add("ref " + StructGradient(parameter));
            }
            else
            {
                pullbackGradients.Add(parameter.IsArray ? Identifier.Escape(parameter.GradientName) : "ref " + Identifier.Escape(parameter.GradientName));
            }
        }

        var pullback = receiver is null ? model.PullbackName : Built(receiver) + "." + model.PullbackName;
        writer.Line(returnType + " " + value + " = " + pullback + "(" + string.Join(", ", arguments.Concat(new[] { seed }).Concat(pullbackGradients)) + ");");
        foreach (var parameter in model.ActiveParameters.Where(p => p.IsStruct))
        {
            foreach (var field in parameter.StructFields.Where(f => !f.Passive))
            {
                writer.Line("d" + FieldShim.LeafName(parameter.Name, field.Member) + " += " + StructGradient(parameter) + "." + field.Member + ";");
            }
        }

        writer.Line("return " + value + ";");
        writer.Close();
    }

    /// <summary><c>new global::Particle { X = p_X, V = p_V }</c>.</summary>
    private static string Built(ParameterModel parameter)
        => Built(parameter.Type.Name, parameter.StructFields.Select(f => (f.Member, FieldShim.LeafName(parameter.Name, f.Member))).ToList());

    /// <summary>An object creation setting each field, a nested struct's fields in a creation of their own.</summary>
    internal static string Built(string type, IReadOnlyList<(string Path, string Value)> fields)
    {
        var parts = new List<string>();
        for (var i = 0; i < fields.Count;)
        {
            var dot = fields[i].Path.IndexOf('.');
            if (dot < 0)
            {
                parts.Add(fields[i].Path + " = " + fields[i].Value);
                i++;
                continue;
            }

            var member = fields[i].Path.Substring(0, dot);
            var inner = fields.Skip(i).TakeWhile(f => f.Path.StartsWith(member + ".", System.StringComparison.Ordinal)).Select(f => (f.Path.Substring(dot + 1), f.Value)).ToList();
            // The nested struct's type is not in the model: a target-typed 'new()' names it.
            parts.Add(member + " = " + Built(string.Empty, inner));
            i += inner.Count;
        }

        return "new" + (type.Length > 0 ? " " + type : "()") + " { " + string.Join(", ", parts) + " }";
    }

    /// <summary>The local holding a struct parameter's gradient inside the shim's pullback.</summary>
    private static string StructGradient(ParameterModel parameter) => "d" + parameter.Name + "_struct";
}
