using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Forward;

/// <summary>
/// Turns the code of a tangent (built from the rule table's partials) into SSA definitions, one operation each, so
/// the forward-mode program can itself be differentiated: arithmetic becomes <see cref="ArithmeticOp"/>, a call of a
/// function with a rule (<see cref="CallCode.Rule"/>) a <see cref="MathOp"/>, a conditional with a derivative in its
/// arms a branch with a phi. What reads no floating-point value (literals, conditions, integer arithmetic) stays
/// inline and passive.
/// </summary>
internal sealed class RuleReifier
{
    private readonly NameAllocator names;
    private readonly IReadOnlyDictionary<string, TypeRef> types;

    public RuleReifier(NameAllocator names, IReadOnlyDictionary<string, TypeRef> types)
    {
        this.names = names;
        this.types = types;
    }

    /// <summary>Defines <paramref name="target"/> as the value of <paramref name="code"/>, appending the definitions to <paramref name="output"/>.</summary>
    public void Define(SsaVar target, CodeExpr code, List<Instr> output, string origin)
        => output.Add(new DefInstr(origin, target, Op(code, target.Type, output, origin)));

    private IrOp Op(CodeExpr code, TypeRef type, List<Instr> output, string origin)
    {
        if (IsPassive(code))
        {
            return new CopyOp(new InlineOperand(type, code));
        }

        switch (code)
        {
            case NameCode name:
                return new CopyOp(new VarOperand(new SsaVar(name.Name, types[name.Name])));
            case BinaryCode { Op: "+" or "-" or "*" or "/" or "%" } binary:
                return new ArithmeticOp(Arithmetic(binary.Op), Operand(binary.Left, type, output, origin), Operand(binary.Right, type, output, origin));
            case UnaryCode { Op: "-" } negate:
                return new NegateOp(Operand(negate.Operand, type, output, origin));
            case CastCode cast:
                return new ConvertOp(Operand(cast.Operand, TypeOf(cast.Operand, type), output, origin));
            case CallCode { Rule: { } rule } call:
                return new MathOp(rule, call.Target, call.Arguments.Select(a => Operand(a, TypeOf(a, type), output, origin)).ToImmutableArray());
            case ConditionalCode conditional:
            {
                // The arms in a branch on the (passive) condition, merged by a phi.
                var whenTrue = new List<Instr>();
                var whenFalse = new List<Instr>();
                var fromThen = Operand(conditional.WhenTrue, type, whenTrue, origin);
                var fromElse = Operand(conditional.WhenFalse, type, whenFalse, origin);
                var merged = new SsaVar(names.Temp("_t"), type);
                output.Add(new IfInstr(origin, new InlineOperand(TypeRef.Bool, conditional.Condition), whenTrue.ToImmutableArray(), whenFalse.ToImmutableArray(), ImmutableArray.Create(new Phi(merged, fromThen, fromElse))));
                return new CopyOp(new VarOperand(merged));
            }

            default:
                throw new ForwardModeUnsupportedException("a derivative rule's partial has a form forward mode cannot differentiate (" + code.GetType().Name + ")");
        }
    }

    /// <summary>The code as an operand: inline when passive or already a value, else defined in a new temporary.</summary>
    private Operand Operand(CodeExpr code, TypeRef type, List<Instr> output, string origin)
    {
        if (IsPassive(code))
        {
            return new InlineOperand(type, code);
        }

        if (code is NameCode name)
        {
            return new VarOperand(new SsaVar(name.Name, types[name.Name]));
        }

        var temp = new SsaVar(names.Temp("_t"), type);
        output.Add(new DefInstr(origin, temp, Op(code, type, output, origin)));
        return new VarOperand(temp);
    }

    /// <summary>Reads no floating-point SSA value: it has no derivative and may stay inline.</summary>
    private bool IsPassive(CodeExpr code)
        => code is BinaryCode { Op: "==" or "!=" or "<" or "<=" or ">" or ">=" or "&&" or "||" }
            || !IrQueries.Names(code).Any(n => types.TryGetValue(n, out var t) && t.IsFloating);

    /// <summary>
    /// A value's own type when it is a variable (an integer stays an integer: <c>ScaleB(1, n)</c>; a cast's source keeps
    /// its precision), else <paramref name="type"/>, the type of the expression it is part of.
    /// </summary>
    private TypeRef TypeOf(CodeExpr code, TypeRef type)
        => code is NameCode name && types.TryGetValue(name.Name, out var t) ? t : type;

    private static BinaryOp Arithmetic(string op)
        => op switch
        {
            "+" => BinaryOp.Add,
            "-" => BinaryOp.Subtract,
            "*" => BinaryOp.Multiply,
            "/" => BinaryOp.Divide,
            _ => BinaryOp.Remainder,
        };
}
