using System;
using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// The generated pullback of an elementwise <c>[TapeOp]</c> method, lowered and differentiated once for the members
/// printed from its statements: the vectorised ones (<see cref="VectorizedOpEmitter"/>) and the second-order one
/// (<see cref="SecondOrderEmitter"/>). Only a pullback without a tape (no loops) qualifies.
/// </summary>
internal sealed class ElementwisePullback
{
    private ElementwisePullback(TapeOpModel op, string seedName, AdjointBody body)
    {
        Op = op;
        SeedName = seedName;
        Body = body;
        Statements = [.. body.Forward, .. body.Reverse, .. body.Accumulate];
    }

    public TapeOpModel Op { get; }

    /// <summary>The pullback's seed parameter ("seed" unless the method uses that name).</summary>
    public string SeedName { get; }

    public AdjointBody Body { get; }

    /// <summary>Forward sweep, reverse sweep and accumulation into the gradient (named by the element's <c>GradientName</c>).</summary>
    public IReadOnlyList<CodeStmt> Statements { get; }

    /// <summary>The pullback of <paramref name="method"/>, or null when it records a tape (loops) or cannot be built.</summary>
    public static ElementwisePullback? From(TapeOpModel op, MethodModel method)
    {
        try
        {
            var (seedName, body) = MethodEmitter.PullbackBody(method);
            return body.TapeName is null && body.Cleanup.IsEmpty ? new ElementwisePullback(op, seedName, body) : null;
        }
        catch (Exception)
        {
            return null; // the generator never throws: the op keeps its scalar, first-order form
        }
    }

    /// <summary>The types of the names the statements read without declaring: element, seed, gradient, constants.</summary>
    public Dictionary<string, TypeRef> ParameterTypes()
    {
        var element = Op.Element;
        var types = new Dictionary<string, TypeRef>(StringComparer.Ordinal)
        {
            [element.Name] = TypeRef.Float,
            [SeedName] = TypeRef.Float,
            [element.GradientName] = TypeRef.Float,
        };
        foreach (var constant in Op.Constants)
        {
            types[constant.Name] = constant.Type;
        }

        return types;
    }

    /// <summary>The op's constants as locals under their parameter names, which the printed statements read.</summary>
    public void DeclareConstants(CodeWriter writer)
    {
        foreach (var constant in Op.Constants)
        {
            writer.Line($"{constant.Type.Name} {Identifier.Escape(constant.Name)} = this._{constant.Name};");
        }
    }
}
