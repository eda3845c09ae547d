using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Ir;

/// <summary>Builders for <see cref="CodeExpr"/> that fold the trivial cases (×1, ×0, −0) so the output stays readable.</summary>
internal static class Code
{
    public static CodeExpr Name(string name) => new NameCode(name);

    public static LiteralCode Literal(TypeRef type, double value) => new(CSharpLiteral.Of(type, value), value);

    /// <summary>The zero (default) value of a type, as a literal.</summary>
    public static LiteralCode Literal0(TypeRef type) => new(CSharpLiteral.Default(type), type.IsFloating ? 0 : null);

    public static CodeExpr Call(string target, params CodeExpr[] arguments) => new CallCode(target, arguments.ToImmutableArray());

    public static CodeExpr Binary(string op, CodeExpr left, CodeExpr right) => new BinaryCode(op, left, right);

    public static CodeExpr Negate(CodeExpr operand)
        => operand switch
        {
            LiteralCode { Value: double v } literal when v != 0 && !literal.Text.Contains(".NaN") =>
                new LiteralCode(literal.IsNegative ? literal.Text.Substring(1) : "-" + literal.Text, -v),
            UnaryCode { Op: "-" } inner => inner.Operand,
            _ => new UnaryCode("-", operand),
        };

    public static CodeExpr Conditional(CodeExpr condition, CodeExpr whenTrue, CodeExpr whenFalse)
        => new ConditionalCode(condition, whenTrue, whenFalse);

    /// <summary>
    /// <paramref name="seed"/> × <paramref name="partial"/>, folding ×1 and ×0 and distributing over a conditional
    /// partial (so <c>g · (a ≥ b ? 1 : 0)</c> becomes <c>a ≥ b ? g : 0</c>, with no multiplication).
    /// </summary>
    public static CodeExpr Scale(CodeExpr seed, CodeExpr partial, TypeRef type)
    {
        switch (partial)
        {
            case LiteralCode { Value: 1.0 }:
                return seed;
            case LiteralCode { Value: -1.0 }:
                return Negate(seed);
            case LiteralCode { Value: 0.0 }:
                return Literal(type, 0);
            case ConditionalCode c:
                return new ConditionalCode(c.Condition, Scale(seed, c.WhenTrue, type), Scale(seed, c.WhenFalse, type));
            case BinaryCode { Op: "/", Left: LiteralCode { Value: 1.0 } } reciprocal:
                return new BinaryCode("/", seed, reciprocal.Right);
            case BinaryCode { Op: "/", Left: LiteralCode { Value: -1.0 } } negativeReciprocal:
                return Negate(new BinaryCode("/", seed, negativeReciprocal.Right));
            default:
                return new BinaryCode("*", seed, partial);
        }
    }
}
