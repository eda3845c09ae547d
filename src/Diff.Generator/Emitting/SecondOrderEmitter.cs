using System;
using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// The second-order half of a lifted elementwise op: <c>PullbackTangent(x, seed, tangent)</c>, the derivative of
/// the generated pullback with respect to x times a tangent (seed · f″(x) · tangent), from
/// <see cref="PullbackTangent"/> over the pullback's statements, and <c>HasSecondOrder</c>. When the pullback is not
/// straight-line code (a loop, a call to another method), <c>HasSecondOrder</c> is false and the runtime says so if a
/// nested tape asks for a second derivative.
/// </summary>
internal static class SecondOrderEmitter
{
    /// <summary>The two members' text, unindented.</summary>
    /// <param name="pullback">The op's pullback; null when it records a tape (then there is no second order).</param>
    public static string Emit(TapeOpModel op, ElementwisePullback? pullback)
    {
        string? members = null;
        try
        {
            members = pullback is null ? null : TryEmit(pullback);
        }
        catch (Exception)
        {
            // The generator never throws: without the tangent the op is first order only, as it says at run time.
        }

        return members ?? string.Join("\n", new[]
        {
            "/// <summary>False: <c>" + op.PullbackName + "</c> is not straight-line code, so a nested tape cannot take this op's second derivative.</summary>",
            "public bool HasSecondOrder => false;",
            string.Empty,
            "/// <summary>Not available (see <see cref=\"HasSecondOrder\"/>).</summary>",
            "public float PullbackTangent(float value, float seed, float tangent) => throw new global::System.NotSupportedException(\"" + op.OpName + " has no second derivative.\");",
        }) + "\n";
    }

    private static string? TryEmit(ElementwisePullback pullback)
    {
        var (op, seedName) = (pullback.Op, pullback.SeedName);
        var element = op.Element;
        var types = pullback.ParameterTypes();

        // The gradient starts at zero here (the pullback adds into a caller's variable): declared, so that it gets a tangent.
        var statements = new List<CodeStmt> { new DeclareCode(TypeRef.Float, element.GradientName, Code.Literal(TypeRef.Float, 0)) };
        statements.AddRange(pullback.Statements);
        foreach (var declare in AdjointQueries.Declarations(statements))
        {
            types[declare.Name] = declare.Type;
        }

        var tangent = new[] { "tangent", "_tangent", "__tangent" }.FirstOrDefault(n => !types.ContainsKey(n));
        if (tangent is null || PullbackTangent.Transform(statements, element.Name, tangent, types) is not { } transformed)
        {
            return null;
        }

        var writer = new CodeWriter();
        writer.Line("/// <summary>True: <see cref=\"PullbackTangent\"/> gives this op's second derivative.</summary>");
        writer.Line("public bool HasSecondOrder => true;");
        writer.Line();
        writer.Line($"/// <summary>∂{op.PullbackName}/∂{element.Name} · <paramref name=\"{tangent}\"/>: <paramref name=\"{seedName}\"/> · {op.Name}″({element.Name}) · <paramref name=\"{tangent}\"/>, by forward mode over the pullback's statements.</summary>");
        writer.Open($"public float PullbackTangent(float {Identifier.Escape(element.Name)}, float {Identifier.Escape(seedName)}, float {tangent})");
        pullback.DeclareConstants(writer);

        foreach (var statement in transformed)
        {
            CodePrinter.Print(statement, writer);
        }

        // A gradient that does not depend on x (a piecewise-linear function): the second derivative is zero.
        var gradientTangent = PullbackTangent.TangentName(element.GradientName);
        writer.Line("return " + (transformed.OfType<DeclareCode>().Any(d => d.Name == gradientTangent) ? Identifier.Escape(gradientTangent) : "0f") + ";");
        writer.Close();
        return writer.ToString();
    }
}
