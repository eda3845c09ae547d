using System;
using System.Collections.Immutable;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Rules;

/// <summary>
/// The derivative rules of floating-point + − × ÷ %, in both directions: what reverse mode adds to each operand's
/// adjoint (<see cref="Adjoints"/>), and the tangent forward mode computes (<see cref="Tangent"/>). Like the Math
/// rules (<see cref="MathRules"/>), each reuses the value the primal computed (a quotient's derivative reads the
/// quotient). The second derivatives follow: forward mode's tangent code is differentiated again by these same rules.
/// Convention at the jumps of <c>%</c>: the derivative of the smooth piece, ∂(a % b)/∂b = −trunc(a/b).
/// </summary>
internal static class ArithmeticRules
{
    /// <summary>
    /// Reverse mode: <paramref name="g"/>·∂(a op b)/∂a and <paramref name="g"/>·∂(a op b)/∂b (null: nothing to add).
    /// </summary>
    /// <param name="bothActive">Both operands carry adjoints: a quotient then computes g/b once, through <paramref name="share"/>.</param>
    /// <param name="share">Declares a value used twice and returns its name.</param>
    public static (CodeExpr? ToLeft, CodeExpr? ToRight) Adjoints(
        BinaryOp op, CodeExpr a, CodeExpr b, CodeExpr g, CodeExpr value, TypeRef type, bool bothActive, Func<CodeExpr, CodeExpr> share)
    {
        switch (op)
        {
            case BinaryOp.Add:
                return (g, g);
            case BinaryOp.Subtract:
                return (g, Code.Negate(g));
            case BinaryOp.Multiply:
                return (Code.Scale(g, b, type), Code.Scale(g, a, type));
            case BinaryOp.Divide:
                // d(a/b)/da = 1/b; d(a/b)/db = −(a/b)/b, from the quotient the forward sweep already holds.
                if (bothActive)
                {
                    // One division serves both: g/b, then −(g/b)·(a/b).
                    var quotient = share(Code.Binary("/", g, b));
                    return (quotient, Code.Negate(Code.Binary("*", quotient, value)));
                }

                if (a is LiteralCode { Value: 1.0 })
                {
                    // 1/b: the derivative −1/b² is −(1/b)², from the reciprocal already computed.
                    return (null, Code.Negate(Code.Binary("*", Code.Binary("*", g, value), value)));
                }

                return (Code.Binary("/", g, b), Code.Negate(Code.Binary("/", Code.Binary("*", g, value), b)));
            case BinaryOp.Remainder:
                // a % b = a − b·trunc(a/b): d/da = 1, d/db = −trunc(a/b) (away from the jumps).
                return (g, Code.Negate(Code.Binary("*", g, Truncate(Code.Binary("/", a, b), type))));
            default:
                return (null, null);
        }
    }

    /// <summary>
    /// Forward mode: the tangent of <c>a op b</c> from the operands' tangents <paramref name="ta"/> and
    /// <paramref name="tb"/> (null: 0), or null when it is 0. <paramref name="value"/> is the result (a name, or the
    /// expression itself).
    /// </summary>
    public static CodeExpr? Tangent(BinaryOp op, CodeExpr a, CodeExpr b, CodeExpr? ta, CodeExpr? tb, CodeExpr value, TypeRef type)
    {
        if (ta is null && tb is null)
        {
            return null;
        }

        switch (op)
        {
            case BinaryOp.Add:
                return ta is null ? tb : tb is null ? ta : Code.Binary("+", ta, tb);
            case BinaryOp.Subtract:
                return ta is null ? Code.Negate(tb!) : tb is null ? ta : Code.Binary("-", ta, tb);
            case BinaryOp.Multiply:
            {
                // (a·b)˙ = ȧ·b + a·ḃ
                var viaLeft = ta is null ? null : Code.Binary("*", ta, b);
                var viaRight = tb is null ? null : Code.Binary("*", a, tb);
                return viaLeft is null ? viaRight : viaRight is null ? viaLeft : Code.Binary("+", viaLeft, viaRight);
            }

            case BinaryOp.Divide:
                // (a/b)˙ = (ȧ − (a/b)·ḃ) / b, reusing the quotient: one division.
                return tb is null ? Code.Binary("/", ta!, b)
                    : ta is null ? Code.Negate(Code.Binary("/", Code.Binary("*", value, tb), b))
                    : Code.Binary("/", Code.Binary("-", ta, Code.Binary("*", value, tb)), b);

            case BinaryOp.Remainder:
            {
                // ȧ − trunc(a/b)·ḃ (away from the jumps).
                if (tb is null)
                {
                    return ta;
                }

                var term = Code.Binary("*", Truncate(Code.Binary("/", a, b), type), tb);
                return ta is null ? Code.Negate(term) : Code.Binary("-", ta, term);
            }

            default:
                return null;
        }
    }

    /// <summary><c>Math.Truncate(x)</c> in the type's precision, carrying its (piecewise-constant) rule.</summary>
    private static CodeExpr Truncate(CodeExpr x, TypeRef type)
        => new CallCode(
            type.Kind == ValueKind.Generic ? GenericMath.Function(type, "Truncate") : type.Kind == ValueKind.Float ? "global::System.MathF.Truncate" : "global::System.Math.Truncate",
            ImmutableArray.Create(x))
        {
            Rule = MathRules.Find("Truncate", 1),
            RuleType = type,
        };
}
