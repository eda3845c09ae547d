using System;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;

namespace DiffGen.Generator.Forward;

/// <summary>
/// The tangent of one SSA definition as code: <c>ṫ = Σ ∂op/∂argᵢ · ȧrgᵢ</c>, with the partials of the same rules
/// reverse mode multiplies its adjoints by (the arithmetic ones here, as <see cref="ReverseSweep"/> has them; the
/// Math ones from <see cref="MathRules"/>). A term whose argument has no tangent is left out; null means 0.
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
                return Arithmetic(arithmetic, tangentOf(arithmetic.Left), tangentOf(arithmetic.Right), value, type);
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

    private static CodeExpr? Arithmetic(ArithmeticOp op, CodeExpr? ta, CodeExpr? tb, CodeExpr value, TypeRef type)
    {
        if (ta is null && tb is null)
        {
            return null;
        }

        var a = Lowering.ToCode(op.Left);
        var b = Lowering.ToCode(op.Right);
        switch (op.Op)
        {
            case BinaryOp.Add:
                return ta is null ? tb : tb is null ? ta : Code.Binary("+", ta, tb);
            case BinaryOp.Subtract:
                return ta is null ? Code.Negate(tb!) : tb is null ? ta : Code.Binary("-", ta, tb);
            case BinaryOp.Multiply:
            {
                // (a·b)˙ = ȧ·b + a·ḃ
                var left = ta is null ? null : Code.Binary("*", ta, b);
                var right = tb is null ? null : Code.Binary("*", a, tb);
                return left is null ? right : right is null ? left : Code.Binary("+", left, right);
            }

            case BinaryOp.Divide:
                // (a/b)˙ = (ȧ − (a/b)·ḃ) / b, reusing the quotient the primal computed.
                return tb is null ? Code.Binary("/", ta!, b)
                    : ta is null ? Code.Negate(Code.Binary("/", Code.Binary("*", value, tb), b))
                    : Code.Binary("/", Code.Binary("-", ta, Code.Binary("*", value, tb)), b);
            case BinaryOp.Remainder:
            {
                // a % b = a − b·trunc(a/b): ȧ − trunc(a/b)·ḃ (away from the jumps).
                if (tb is null)
                {
                    return ta;
                }

                var truncate = MathRules.Find("Truncate", 1)!;
                var quotient = new CallCode(type.Kind == ValueKind.Generic ? GenericMath.Function(type, "Truncate") : type.Kind == ValueKind.Float ? "global::System.MathF.Truncate" : "global::System.Math.Truncate", System.Collections.Immutable.ImmutableArray.Create<CodeExpr>(Code.Binary("/", a, b))) { Rule = truncate, RuleType = type };
                var term = Code.Binary("*", quotient, tb);
                return ta is null ? Code.Negate(term) : Code.Binary("-", ta, term);
            }

            default:
                return null;
        }
    }
}
