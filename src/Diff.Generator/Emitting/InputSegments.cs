using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// Several parameters seen as one vector (a Hessian's or Jacobian's rows and columns): each scalar is one element,
/// each span its length, in parameter order. Emits the offsets as locals and the code that reaches element j.
/// </summary>
internal sealed class InputSegments
{
    private readonly List<(ParameterModel Parameter, string Offset)> segments = new();

    /// <param name="prefix">Names the locals: <c>{prefix}_o_x</c> is where <c>x</c> starts, <c>{prefix}_n</c> the total.</param>
    public InputSegments(IEnumerable<ParameterModel> parameters, string prefix)
    {
        foreach (var parameter in parameters)
        {
            segments.Add((parameter, prefix + "_o_" + parameter.Name));
        }

        Total = prefix + "_n";
    }

    /// <summary>The local holding the vector's length.</summary>
    public string Total { get; }

    public IReadOnlyList<(ParameterModel Parameter, string Offset)> All => segments;

    /// <summary>The length of one parameter's part: its span's length, or 1.</summary>
    public static string Length(ParameterModel parameter) => parameter.IsArray ? Identifier.Escape(parameter.Name) + ".Length" : "1";

    /// <summary><c>int _o_x = 0; int _o_y = _o_x + x.Length; … int _n = …;</c></summary>
    public void Declare(CodeWriter writer)
    {
        var previous = "0";
        foreach (var (parameter, offset) in segments)
        {
            writer.Line("int " + offset + " = " + previous + ";");
            previous = offset + " + " + Length(parameter);
        }

        writer.Line("int " + Total + " = " + previous + ";");
    }

    /// <summary>
    /// Emits <c>if (j &lt; end₀) { … } else if …</c>, running <paramref name="emit"/> for the parameter that element
    /// <paramref name="index"/> falls in, with the index within it (for a span) or null (for a scalar).
    /// </summary>
    public void Dispatch(CodeWriter writer, string index, System.Action<ParameterModel, string?> emit)
    {
        if (segments.Count == 1)
        {
            emit(segments[0].Parameter, segments[0].Parameter.IsArray ? index : null);
            return;
        }

        for (var k = 0; k < segments.Count; k++)
        {
            var (parameter, offset) = segments[k];
            var last = k == segments.Count - 1;
            var end = last ? null : segments[k + 1].Offset;
            var keyword = k == 0 ? "if" : "else if";
            if (last)
            {
                writer.Open("else");
            }
            else
            {
                writer.Open(keyword + " (" + index + " < " + end + ")");
            }

            emit(parameter, parameter.IsArray ? index + " - " + offset : null);
            writer.Close();
        }
    }

    /// <summary>
    /// Sets element <paramref name="index"/> of the unit vector held in the temporaries named <paramref name="prefix"/>
    /// + parameter name to <paramref name="value"/> (1 before a pass, 0 after it).
    /// </summary>
    public void SetUnit(CodeWriter writer, string prefix, string index, int value)
        => Dispatch(writer, index, (parameter, within) => writer.Line(within is null
            ? prefix + parameter.Name + " = " + CSharpLiteral.Of(parameter.Type, value) + ";"
            : prefix + parameter.Name + "[" + within + "] = " + CSharpLiteral.Of(parameter.Type.Element!, value) + ";"));
}
