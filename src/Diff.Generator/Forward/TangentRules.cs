using System;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;

namespace DiffGen.Generator.Forward;

/// <summary>
/// The tangent of one SSA definition as code: <c>ṫ = Σ ∂op/∂argᵢ · ȧrgᵢ</c>, with the partials of the same rules
/// reverse mode multiplies its adjoints by, from the rule table (<see cref="ArithmeticRules"/>, <see cref="MathRules"/>). A term whose argument has no tangent is left out; null means 0.
/// </summary>
internal static class TangentRules
{
    /// <param name="tangentOf">The code of an operand's tangent, or null when it is 0.</param>
    public static CodeExpr? Tangent(DefInstr def, Func<Operand, CodeExpr?> tangentOf)
    {
        var type = def.Target.Type;
        var value = new NameCode(def.Target.Name);
        switch (def.Op)
        {
            case CopyOp copy:
                return tangentOf(copy.Source);
            case NegateOp negate:
                return tangentOf(negate.Operand) is { } negated ? Code.Negate(negated) : null;
            case ConvertOp convert:
                return tangentOf(convert.Source) is { } converted ? new CastCode(type.Name, converted) : null;
            case ArithmeticOp arithmetic:
                return ArithmeticRules.Tangent(arithmetic.Op, Lowering.ToCode(arithmetic.Left), Lowering.ToCode(arithmetic.Right), tangentOf(arithmetic.Left), tangentOf(arithmetic.Right), value, type);
            case MathOp math when !math.Rule.IsPiecewiseConstant:
            {
                var context = new RuleContext(type, math.Arguments.Select(Lowering.ToCode).ToList(), value);
                CodeExpr? sum = null;
                for (var i = 0; i < math.Arguments.Length; i++)
                {
                    if (math.Rule.IntegerArguments.Contains(i) || tangentOf(math.Arguments[i]) is not { } t || math.Rule.Partial(context, i) is not { } partial)
                    {
                        continue;
                    }

                    var term = Code.Scale(t, partial, type);
                    sum = sum is null ? term : Code.Binary("+", sum, term);
                }

                return sum;
            }

            default:
                return null; // passive computations, loads (see TangentTransform) and piecewise-constant functions
        }
    }
}
